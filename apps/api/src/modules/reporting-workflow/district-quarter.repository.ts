import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { DistrictQuarterKey, DistrictQuarterState } from './reporting-lock.repository';

export interface SchoolBrief {
  id: string;
  code: string;
  name: string;
}

export interface DistrictQuarterRow {
  regionId: string;
  districtId: string;
  year: number;
  quarter: number;
  state: DistrictQuarterState;
  version: number;
  missing: { schoolId: string; code: string; name: string }[];
  comment: string | null;
  signedOffAt: Date | null;
  decidedAt: Date | null;
}

export interface DistrictQuarterRevisionRow {
  version: number;
  action: string;
  state: string;
  comment: string | null;
  authorRole: string;
  createdAt: Date;
}

const COLUMNS = `region_id AS "regionId", district_id AS "districtId", year, quarter, state, version, missing, comment,
  signed_off_at AS "signedOffAt", decided_at AS "decidedAt"`;

/** SQL of district quarters (sign-off to the region) and their revisions, in the caller's scoped transaction. */
@Injectable()
export class DistrictQuarterRepository {
  async find(key: DistrictQuarterKey, forUpdate = false): Promise<DistrictQuarterRow | null> {
    const tx = currentTx();
    const rows = await tx.query<DistrictQuarterRow>(
      `SELECT ${COLUMNS} FROM district_quarters WHERE district_id = $1 AND year = $2 AND quarter = $3${forUpdate ? ' FOR UPDATE' : ''}`,
      [key.districtId, key.year, key.quarter],
    );
    return rows[0] ?? null;
  }

  async revisions(key: DistrictQuarterKey): Promise<DistrictQuarterRevisionRow[]> {
    const tx = currentTx();
    return tx.query<DistrictQuarterRevisionRow>(
      `SELECT version, action, state, comment, author_role AS "authorRole", created_at AS "createdAt"
         FROM district_quarter_revisions WHERE district_id = $1 AND year = $2 AND quarter = $3 ORDER BY version`,
      [key.districtId, key.year, key.quarter],
    );
  }

  /** Schools of the district whose report of the quarter waits for the coordinator (SUBMITTED). */
  async awaitingDecision(key: DistrictQuarterKey): Promise<SchoolBrief[]> {
    const tx = currentTx();
    return tx.query<SchoolBrief>(
      `SELECT s.id, s.code, s.name FROM quarterly_reports r JOIN schools s ON s.id = r.school_id
        WHERE r.district_id = $1 AND r.year = $2 AND r.quarter = $3 AND r.status = 'SUBMITTED' ORDER BY s.code, s.id`,
      [key.districtId, key.year, key.quarter],
    );
  }

  /** Schools expected in the quarter (active during it) without an approved report. */
  async missing(key: DistrictQuarterKey, quarterStart: string): Promise<SchoolBrief[]> {
    const tx = currentTx();
    return tx.query<SchoolBrief>(
      `SELECT s.id, s.code, s.name FROM schools s
         LEFT JOIN quarterly_reports r ON r.school_id = s.id AND r.year = $2 AND r.quarter = $3
        WHERE s.district_id = $1 AND (s.active OR s.deactivated_on >= $4::date) AND r.status IS DISTINCT FROM 'APPROVED'
        ORDER BY s.code, s.id`,
      [key.districtId, key.year, key.quarter, quarterStart],
    );
  }

  /** Writes the quarter's new state (creating its row on the first sign-off) and its revision. */
  async write(
    row: {
      regionId: string;
      key: DistrictQuarterKey;
      state: DistrictQuarterState;
      missing?: DistrictQuarterRow['missing'];
      comment: string | null;
    },
    step: { action: 'SIGN_OFF' | 'ACCEPT' | 'SEND_BACK'; expectedVersion: number; authorId: string; authorRole: string },
  ): Promise<DistrictQuarterRow | null> {
    const tx = currentTx();
    const { key } = row;
    const signingOff = step.action === 'SIGN_OFF';
    const rows = await tx.query<DistrictQuarterRow>(
      `INSERT INTO district_quarters AS dq (region_id, district_id, year, quarter, state, version, missing, comment, signed_off_at, signed_off_by)
       VALUES ($1, $2, $3, $4, $5, 1, $6::jsonb, $7, now(), $8)
       ON CONFLICT (district_id, year, quarter) DO UPDATE SET
         state = EXCLUDED.state,
         version = dq.version + 1,
         missing = CASE WHEN $9::boolean THEN EXCLUDED.missing ELSE dq.missing END,
         comment = EXCLUDED.comment,
         signed_off_at = CASE WHEN $9::boolean THEN now() ELSE dq.signed_off_at END,
         signed_off_by = CASE WHEN $9::boolean THEN EXCLUDED.signed_off_by ELSE dq.signed_off_by END,
         decided_at = CASE WHEN $9::boolean THEN NULL ELSE now() END,
         decided_by = CASE WHEN $9::boolean THEN NULL ELSE EXCLUDED.signed_off_by END,
         updated_at = now()
       WHERE dq.version = $10
       RETURNING dq.region_id AS "regionId", dq.district_id AS "districtId", dq.year, dq.quarter, dq.state, dq.version, dq.missing,
         dq.comment, dq.signed_off_at AS "signedOffAt", dq.decided_at AS "decidedAt"`,
      [
        row.regionId,
        key.districtId,
        key.year,
        key.quarter,
        row.state,
        JSON.stringify(row.missing ?? []),
        row.comment,
        step.authorId,
        signingOff,
        step.expectedVersion,
      ],
    );
    const written = rows[0] ?? null;
    if (!written) return null;
    await tx.query(
      `INSERT INTO district_quarter_revisions (region_id, district_id, year, quarter, version, action, state, missing, comment, author_id, author_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
      [
        row.regionId,
        key.districtId,
        key.year,
        key.quarter,
        written.version,
        step.action,
        written.state,
        JSON.stringify(written.missing),
        row.comment,
        step.authorId,
        step.authorRole,
      ],
    );
    return written;
  }
}
