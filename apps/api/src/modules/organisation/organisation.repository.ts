import { Injectable } from '@nestjs/common';
import { TenantTransaction, currentTx } from '@mm/database';
import { DistrictType, Page, RegionType, SchoolType } from './organisation.types';

const REGION_COLUMNS = `id, code, name, okato, active`;
const DISTRICT_COLUMNS = `id, region_id AS "regionId", code, name, oktmo, active`;
const SCHOOL_COLUMNS = `id, region_id AS "regionId", district_id AS "districtId", code, name, inn, active`;

export interface PageRequest {
  first: number;
  offset: number;
}

export interface NewSchool {
  regionId: string;
  districtId: string;
  code: string;
  name: string;
  inn: string | null;
}

/** `%` and `_` in a user's search are literal characters, not wildcards. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a filtered list and the total, in one query (`count(*) OVER ()`); only a page past
 * the end needs a second, counting query.
 */
export async function pageQuery<T>(
  tx: TenantTransaction,
  select: string,
  from: string,
  orderBy: string,
  params: unknown[],
  page: PageRequest,
): Promise<Page<T>> {
  const n = params.length;
  const rows = await tx.query<T & { __total: string }>(
    `SELECT ${select}, count(*) OVER () AS "__total" FROM ${from} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, page.first, page.offset],
  );
  let totalCount: number;
  if (rows.length > 0) totalCount = Number(rows[0]!.__total);
  else if (page.offset === 0 && page.first > 0) totalCount = 0;
  else totalCount = Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`, params))[0]!.n);
  const items = rows.map(({ __total: _omit, ...item }) => item as unknown as T);
  return { items, totalCount };
}

/** Regions, districts and schools. Every query runs under the caller's RLS scope. */
@Injectable()
export class OrganisationRepository {
  async insertRegion(region: { code: string; name: string; okato: string | null }): Promise<RegionType> {
    const tx = currentTx();
    const rows = await tx.query<RegionType>(`INSERT INTO regions (code, name, okato) VALUES ($1, $2, $3) RETURNING ${REGION_COLUMNS}`, [
      region.code,
      region.name,
      region.okato,
    ]);
    return rows[0]!;
  }

  listRegions(filter: { search: string | null }, page: PageRequest): Promise<Page<RegionType>> {
    const tx = currentTx();
    return pageQuery(
      tx,
      REGION_COLUMNS,
      `regions WHERE ($1::text IS NULL OR name ILIKE $1 OR code ILIKE $1)`,
      'code, id',
      [filter.search ? likePattern(filter.search) : null],
      page,
    );
  }

  /** Applies the given changes (`okato` undefined keeps it, null clears it); the row before and after. */
  async updateRegion(
    id: string,
    changes: { name?: string; okato?: string | null; active?: boolean },
  ): Promise<{ before: RegionType; after: RegionType } | undefined> {
    const tx = currentTx();
    const before = (await tx.query<RegionType>(`SELECT ${REGION_COLUMNS} FROM regions WHERE id = $1 FOR UPDATE`, [id]))[0];
    if (!before) return undefined;
    const rows = await tx.query<RegionType>(
      `UPDATE regions SET name = COALESCE($2, name), okato = CASE WHEN $3 THEN $4 ELSE okato END, active = COALESCE($5, active), updated_at = now()
       WHERE id = $1 RETURNING ${REGION_COLUMNS}`,
      [id, changes.name ?? null, changes.okato !== undefined, changes.okato ?? null, changes.active ?? null],
    );
    return { before, after: rows[0]! };
  }

  /** Applies the given changes (`oktmo` undefined keeps it, null clears it); the row before and after. */
  async updateDistrict(
    id: string,
    changes: { name?: string; oktmo?: string | null; active?: boolean },
  ): Promise<{ before: DistrictType; after: DistrictType } | undefined> {
    const tx = currentTx();
    const before = (await tx.query<DistrictType>(`SELECT ${DISTRICT_COLUMNS} FROM districts WHERE id = $1 FOR UPDATE`, [id]))[0];
    if (!before) return undefined;
    const rows = await tx.query<DistrictType>(
      `UPDATE districts SET name = COALESCE($2, name), oktmo = CASE WHEN $3 THEN $4 ELSE oktmo END, active = COALESCE($5, active), updated_at = now()
       WHERE id = $1 RETURNING ${DISTRICT_COLUMNS}`,
      [id, changes.name ?? null, changes.oktmo !== undefined, changes.oktmo ?? null, changes.active ?? null],
    );
    return { before, after: rows[0]! };
  }

  async regionsByIds(ids: readonly string[]): Promise<RegionType[]> {
    const tx = currentTx();
    return tx.query<RegionType>(`SELECT ${REGION_COLUMNS} FROM regions WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async insertDistrict(district: { regionId: string; code: string; name: string; oktmo: string | null }): Promise<DistrictType> {
    const tx = currentTx();
    const rows = await tx.query<DistrictType>(
      `INSERT INTO districts (region_id, code, name, oktmo) VALUES ($1, $2, $3, $4) RETURNING ${DISTRICT_COLUMNS}`,
      [district.regionId, district.code, district.name, district.oktmo],
    );
    return rows[0]!;
  }

  listDistricts(filter: { regionId: string | null; search: string | null }, page: PageRequest): Promise<Page<DistrictType>> {
    const tx = currentTx();
    return pageQuery(
      tx,
      DISTRICT_COLUMNS,
      `districts WHERE ($1::uuid IS NULL OR region_id = $1) AND ($2::text IS NULL OR name ILIKE $2 OR code ILIKE $2)`,
      'code, id',
      [filter.regionId, filter.search ? likePattern(filter.search) : null],
      page,
    );
  }

  async districtsByIds(ids: readonly string[]): Promise<DistrictType[]> {
    const tx = currentTx();
    return tx.query<DistrictType>(`SELECT ${DISTRICT_COLUMNS} FROM districts WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async insertSchools(schools: readonly NewSchool[]): Promise<SchoolType[]> {
    const tx = currentTx();
    if (schools.length === 0) return [];
    return tx.query<SchoolType>(
      `INSERT INTO schools (region_id, district_id, code, name, inn)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[])
       RETURNING ${SCHOOL_COLUMNS}`,
      [
        schools.map((s) => s.regionId),
        schools.map((s) => s.districtId),
        schools.map((s) => s.code),
        schools.map((s) => s.name),
        schools.map((s) => s.inn),
      ],
    );
  }

  listSchools(filter: { districtId: string | null; search: string | null }, page: PageRequest): Promise<Page<SchoolType>> {
    const tx = currentTx();
    return pageQuery(
      tx,
      SCHOOL_COLUMNS,
      `schools WHERE ($1::uuid IS NULL OR district_id = $1) AND ($2::text IS NULL OR name ILIKE $2 OR code ILIKE $2)`,
      'code, id',
      [filter.districtId, filter.search ? likePattern(filter.search) : null],
      page,
    );
  }

  async schoolsByIds(ids: readonly string[]): Promise<SchoolType[]> {
    const tx = currentTx();
    return tx.query<SchoolType>(`SELECT ${SCHOOL_COLUMNS} FROM schools WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Applies the given changes; `inn` undefined keeps it, null clears it. Returns the row before and after. */
  async updateSchool(
    id: string,
    changes: { name?: string; inn?: string | null; active?: boolean },
  ): Promise<{ before: SchoolType; after: SchoolType } | undefined> {
    const tx = currentTx();
    const before = (await tx.query<SchoolType>(`SELECT ${SCHOOL_COLUMNS} FROM schools WHERE id = $1 FOR UPDATE`, [id]))[0];
    if (!before) return undefined;
    const rows = await tx.query<SchoolType>(
      `UPDATE schools SET
         name = COALESCE($2, name),
         inn = CASE WHEN $3 THEN $4 ELSE inn END,
         active = COALESCE($5, active),
         updated_at = now()
       WHERE id = $1 RETURNING ${SCHOOL_COLUMNS}`,
      [id, changes.name ?? null, changes.inn !== undefined, changes.inn ?? null, changes.active ?? null],
    );
    return { before, after: rows[0]! };
  }

  /** Which of these codes the district already uses. */
  async existingSchoolCodes(districtId: string, codes: readonly string[]): Promise<string[]> {
    const tx = currentTx();
    if (codes.length === 0) return [];
    const rows = await tx.query<{ code: string }>(`SELECT code FROM schools WHERE district_id = $1 AND code = ANY($2::varchar[])`, [
      districtId,
      codes,
    ]);
    return rows.map((r) => r.code);
  }
}
