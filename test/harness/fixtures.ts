import { hashPassword } from '@mm/passwords';
import type { Platform } from './platform';

export const FIXTURE_PASSWORD = 'fixture-password-123';
let passwordHash: Promise<string> | undefined;

export interface OrgFixture {
  regionId: string;
  districtId: string;
  schoolIds: string[];
  coordinator: { id: string; email: string };
  curators: { id: string; email: string; schoolId: string }[];
  authority: { id: string; email: string };
}

/**
 * A region with one district, `schools` schools and one account per role, written directly as
 * the owner: tests of other modules should not depend on the organisation API.
 */
export async function createOrg(platform: Platform, tag: string, schools = 2): Promise<OrgFixture> {
  const hash = await (passwordHash ??= hashPassword(FIXTURE_PASSWORD));
  const [region] = await platform.sql(`INSERT INTO regions (code, name) VALUES ($1, $2) RETURNING id`, [`R-${tag}`, `Регион ${tag}`]);
  const [district] = await platform.sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [
    region.id,
    `D-${tag}`,
    `Район ${tag}`,
  ]);
  const schoolIds: string[] = [];
  const curators: OrgFixture['curators'] = [];
  for (let i = 1; i <= schools; i++) {
    const [school] = await platform.sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
      region.id,
      district.id,
      `S-${tag}-${i}`,
      `Школа № ${i} (${tag})`,
    ]);
    schoolIds.push(school.id);
    const email = `curator${i}.${tag.toLowerCase()}@test.local`;
    const [user] = await platform.sql(
      `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ($1, $2, 'SCHOOL_CURATOR', $3, $4, $5) RETURNING id`,
      [email, hash, region.id, district.id, school.id],
    );
    curators.push({ id: user.id, email, schoolId: school.id });
  }
  const coordinatorEmail = `coordinator.${tag.toLowerCase()}@test.local`;
  const [coordinator] = await platform.sql(
    `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ($1, $2, 'DISTRICT_COORDINATOR', $3, $4) RETURNING id`,
    [coordinatorEmail, hash, region.id, district.id],
  );
  const authorityEmail = `authority.${tag.toLowerCase()}@test.local`;
  const [authority] = await platform.sql(
    `INSERT INTO users (email, password_hash, role, region_id) VALUES ($1, $2, 'AUTHORITY', $3) RETURNING id`,
    [authorityEmail, hash, region.id],
  );
  return {
    regionId: region.id,
    districtId: district.id,
    schoolIds,
    coordinator: { id: coordinator.id, email: coordinatorEmail },
    curators,
    authority: { id: authority.id, email: authorityEmail },
  };
}
