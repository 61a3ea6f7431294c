import { currentTx } from '@mm/database';

export interface PlanDistrict {
  id: string;
  regionId: string;
  code: string;
  name: string;
}

export interface PlanSchool {
  id: string;
  regionId: string;
  districtId: string;
  code: string;
  name: string;
}

/** The districts and schools a plan is made for (read-only; the organisation module owns them). */
export class PlanScopeRepository {
  async districtsByIds(districtIds: readonly string[]): Promise<PlanDistrict[]> {
    const tx = currentTx();
    if (districtIds.length === 0) return [];
    return tx.query<PlanDistrict>(
      `SELECT id, region_id AS "regionId", code, name FROM districts WHERE id = ANY($1::uuid[]) ORDER BY code, id`,
      [districtIds],
    );
  }

  /** The active districts of a region, by code. */
  async districtsOfRegion(regionId: string): Promise<PlanDistrict[]> {
    const tx = currentTx();
    return tx.query<PlanDistrict>(
      `SELECT id, region_id AS "regionId", code, name FROM districts WHERE region_id = $1 AND active ORDER BY code, id`,
      [regionId],
    );
  }

  /** The active schools of these districts, ordered by district, then school code (the plan's row order). */
  async schoolsOfDistricts(districtIds: readonly string[]): Promise<PlanSchool[]> {
    const tx = currentTx();
    if (districtIds.length === 0) return [];
    return tx.query<PlanSchool>(
      `SELECT id, region_id AS "regionId", district_id AS "districtId", code, name FROM schools
        WHERE district_id = ANY($1::uuid[]) AND active ORDER BY district_id, code, id`,
      [districtIds],
    );
  }

  async schoolById(schoolId: string): Promise<PlanSchool | null> {
    const tx = currentTx();
    const rows = await tx.query<PlanSchool>(
      `SELECT id, region_id AS "regionId", district_id AS "districtId", code, name FROM schools WHERE id = $1`,
      [schoolId],
    );
    return rows[0] ?? null;
  }

  /** Schools of a district by code (for imports keyed by school code). */
  async schoolsByCodes(districtId: string, codes: readonly string[]): Promise<PlanSchool[]> {
    const tx = currentTx();
    if (codes.length === 0) return [];
    return tx.query<PlanSchool>(
      `SELECT id, region_id AS "regionId", district_id AS "districtId", code, name FROM schools
        WHERE district_id = $1 AND code = ANY($2::varchar[])`,
      [districtId, codes],
    );
  }
}
