import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';

export interface ExtensionRow {
  id: string;
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  districtId: string;
  regionId: string;
  year: number;
  quarter: number;
  until: string;
  reason: string;
  grantedAt: Date;
  revokedAt: Date | null;
  inForce: boolean;
}

const COLUMNS = `e.id, e.school_id AS "schoolId", s.code AS "schoolCode", s.name AS "schoolName", e.district_id AS "districtId",
  e.region_id AS "regionId", e.year, e.quarter, e.until::text AS until, e.reason, e.granted_at AS "grantedAt", e.revoked_at AS "revokedAt",
  (e.revoked_at IS NULL AND e.until >= (now() AT TIME ZONE 'Europe/Moscow')::date) AS "inForce"`;

/** SQL of reporting extensions, in the caller's scoped transaction. */
@Injectable()
export class ReportingExtensionRepository {
  /** Revokes the school's extension in force for the quarter; returns it, or null when there was none. */
  async revokeActive(
    school: { districtId: string; schoolId: string },
    year: number,
    quarter: number,
    userId: string,
  ): Promise<ExtensionRow | null> {
    const tx = currentTx();
    const rows = await tx.query<{ id: string }>(
      `UPDATE reporting_extensions SET revoked_at = now(), revoked_by = $5
        WHERE district_id = $1 AND school_id = $2 AND year = $3 AND quarter = $4 AND revoked_at IS NULL RETURNING id`,
      [school.districtId, school.schoolId, year, quarter, userId],
    );
    return rows[0] ? this.findById(school.districtId, rows[0].id) : null;
  }

  async insert(row: {
    regionId: string;
    districtId: string;
    schoolId: string;
    year: number;
    quarter: number;
    until: string;
    reason: string;
    userId: string;
  }): Promise<ExtensionRow> {
    const tx = currentTx();
    const [inserted] = await tx.query<{ id: string }>(
      `INSERT INTO reporting_extensions (region_id, district_id, school_id, year, quarter, until, reason, granted_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8) RETURNING id`,
      [row.regionId, row.districtId, row.schoolId, row.year, row.quarter, row.until, row.reason, row.userId],
    );
    return (await this.findById(row.districtId, inserted!.id))!;
  }

  async findById(districtId: string, id: string): Promise<ExtensionRow | null> {
    const tx = currentTx();
    const rows = await tx.query<ExtensionRow>(
      `SELECT ${COLUMNS} FROM reporting_extensions e JOIN schools s ON s.id = e.school_id WHERE e.district_id = $1 AND e.id = $2`,
      [districtId, id],
    );
    return rows[0] ?? null;
  }

  /** The school's extension in force for the quarter, if any. */
  async findActive(schoolId: string, year: number, quarter: number): Promise<ExtensionRow | null> {
    const tx = currentTx();
    const rows = await tx.query<ExtensionRow>(
      `SELECT ${COLUMNS} FROM reporting_extensions e JOIN schools s ON s.id = e.school_id
        WHERE e.school_id = $1 AND e.year = $2 AND e.quarter = $3 AND e.revoked_at IS NULL`,
      [schoolId, year, quarter],
    );
    return rows[0] ?? null;
  }

  /** Every extension (revoked ones too) of a district or a region for the quarter, newest first. */
  async list(place: { districtId?: string; regionId?: string }, year: number, quarter: number): Promise<ExtensionRow[]> {
    const tx = currentTx();
    const column = place.districtId ? 'e.district_id' : 'e.region_id';
    return tx.query<ExtensionRow>(
      `SELECT ${COLUMNS} FROM reporting_extensions e JOIN schools s ON s.id = e.school_id
        WHERE ${column} = $1 AND e.year = $2 AND e.quarter = $3 ORDER BY e.granted_at DESC, e.id`,
      [place.districtId ?? place.regionId, year, quarter],
    );
  }
}
