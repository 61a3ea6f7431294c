import { currentTx } from '@mm/database';
import type { EnrollmentRecord } from '@mm/domain';

/** A stored enrollment: a school's students and mentor base for one year. */
export interface EnrollmentRow {
  id: string;
  regionId: string;
  districtId: string;
  schoolId: string;
  year: number;
  students: number;
  /** As recorded: null when the school keeps no mentor base (its students are used). */
  mentorBase: number | null;
  version: number;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnrollmentValues {
  schoolId: string;
  year: number;
  students: number;
  mentorBase: number | null;
}

const COLUMNS = `id, region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId", year, students,
  mentor_base AS "mentorBase", version, updated_by AS "updatedBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Enrollment per school and year. One row per (school, year); a year without a row carries the
 * latest earlier one forward (that rule lives in @mm/domain, not here). The tenant keys of a row
 * always come from its school, so they cannot disagree with it.
 */
export class EnrollmentRepository {
  /** The rows of these (school, year) pairs; `lock` takes row locks so old values stay true until commit. */
  async findPairs(pairs: readonly { schoolId: string; year: number }[], options: { lock?: boolean } = {}): Promise<EnrollmentRow[]> {
    const tx = currentTx();
    if (pairs.length === 0) return [];
    return tx.query<EnrollmentRow>(
      `SELECT ${COLUMNS} FROM enrollments e
        WHERE (e.school_id, e.year) IN (SELECT * FROM unnest($1::uuid[], $2::smallint[]))
        ORDER BY e.school_id, e.year
        ${options.lock ? 'FOR UPDATE' : ''}`,
      [pairs.map((p) => p.schoolId), pairs.map((p) => p.year)],
    );
  }

  /**
   * Writes one school's enrollment of a year (insert, or update bumping `version`). An explicit
   * set always counts as a change, so the version moves even when the numbers are the same.
   */
  async upsert(values: EnrollmentValues, updatedBy: string | null): Promise<EnrollmentRow> {
    const tx = currentTx();
    const rows = await tx.query<EnrollmentRow>(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base, updated_by)
       SELECT s.region_id, s.district_id, s.id, $2::smallint, $3::int, $4::int, $5::uuid FROM schools s WHERE s.id = $1
       ON CONFLICT (district_id, school_id, year) DO UPDATE
         SET students = EXCLUDED.students, mentor_base = EXCLUDED.mentor_base, updated_by = EXCLUDED.updated_by,
             version = enrollments.version + 1, updated_at = now()
       RETURNING ${COLUMNS}`,
      [values.schoolId, values.year, values.students, values.mentorBase, updatedBy],
    );
    if (!rows[0]) throw new Error(`school ${values.schoolId} is not visible to this transaction`);
    return rows[0];
  }

  /**
   * Writes many rows in one statement; rows whose numbers equal the stored ones are left alone
   * (no version bump). Returns the rows inserted or changed.
   */
  async upsertMany(values: readonly EnrollmentValues[], updatedBy: string | null): Promise<EnrollmentRow[]> {
    const tx = currentTx();
    if (values.length === 0) return [];
    return tx.query<EnrollmentRow>(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base, updated_by)
       SELECT s.region_id, s.district_id, s.id, i.year, i.students, i.mentor_base, $5::uuid
         FROM unnest($1::uuid[], $2::smallint[], $3::int[], $4::int[]) AS i(school_id, year, students, mentor_base)
         JOIN schools s ON s.id = i.school_id
       ON CONFLICT (district_id, school_id, year) DO UPDATE
         SET students = EXCLUDED.students, mentor_base = EXCLUDED.mentor_base, updated_by = EXCLUDED.updated_by,
             version = enrollments.version + 1, updated_at = now()
         WHERE (enrollments.students, enrollments.mentor_base) IS DISTINCT FROM (EXCLUDED.students, EXCLUDED.mentor_base)
       RETURNING ${COLUMNS}`,
      [values.map((v) => v.schoolId), values.map((v) => v.year), values.map((v) => v.students), values.map((v) => v.mentorBase), updatedBy],
    );
  }

  /** Every recorded year of a school, oldest first. */
  async historyOfSchool(schoolId: string): Promise<EnrollmentRow[]> {
    const tx = currentTx();
    return tx.query<EnrollmentRow>(`SELECT ${COLUMNS} FROM enrollments WHERE school_id = $1 ORDER BY year`, [schoolId]);
  }

  /**
   * The records of every school of these districts up to `upToYear` (later ones cannot affect a
   * plan ending then), grouped by school id: the input of buildTargetPlan.
   */
  async recordsOfDistricts(districtIds: readonly string[], upToYear: number): Promise<Map<string, EnrollmentRecord[]>> {
    const tx = currentTx();
    if (districtIds.length === 0) return new Map();
    const rows = await tx.query<{ schoolId: string } & EnrollmentRecord>(
      `SELECT school_id AS "schoolId", year, students, mentor_base AS "mentorBase"
         FROM enrollments WHERE district_id = ANY($1::uuid[]) AND year <= $2`,
      [districtIds, upToYear],
    );
    return groupBySchool(rows);
  }

  /** As recordsOfDistricts, for a list of schools. */
  async recordsOfSchools(schoolIds: readonly string[], upToYear: number): Promise<Map<string, EnrollmentRecord[]>> {
    const tx = currentTx();
    if (schoolIds.length === 0) return new Map();
    const rows = await tx.query<{ schoolId: string } & EnrollmentRecord>(
      `SELECT school_id AS "schoolId", year, students, mentor_base AS "mentorBase"
         FROM enrollments WHERE school_id = ANY($1::uuid[]) AND year <= $2`,
      [schoolIds, upToYear],
    );
    return groupBySchool(rows);
  }
}

function groupBySchool(rows: readonly ({ schoolId: string } & EnrollmentRecord)[]): Map<string, EnrollmentRecord[]> {
  const bySchool = new Map<string, EnrollmentRecord[]>();
  for (const { schoolId, year, students, mentorBase } of rows) {
    let records = bySchool.get(schoolId);
    if (!records) bySchool.set(schoolId, (records = []));
    records.push({ year, students, mentorBase });
  }
  return bySchool;
}
