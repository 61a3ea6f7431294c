import ExcelJS from 'exceljs';
import { OrganisationRepository } from '../apps/api/src/modules/organisation/organisation.repository';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, GraphqlResult, Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

const CREATE_REGION = `mutation CreateRegion($input: CreateRegionInput!) { createRegion(input: $input) { id code name } }`;
const CREATE_DISTRICT = `mutation CreateDistrict($input: CreateDistrictInput!) { createDistrict(input: $input) { id code name } }`;
const CREATE_SCHOOL = `mutation CreateSchool($input: CreateSchoolInput!) { createSchool(input: $input) { id code name } }`;
const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email role } }`;
const UPDATE_SCHOOL = `mutation($input: UpdateSchoolInput!) { updateSchool(input: $input) { id name inn active } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`;
const ACTIVATE = `mutation($id: ID!) { activateUser(id: $id) { id active } }`;
const IMPORT = `mutation($input: ImportSchoolsInput!) {
  importSchools(input: $input) {
    dryRun imported rowCount curatorCount schoolsCreated curatorsCreated
    errors { line field message }
    job { id name state }
  }
}`;
const TAKE_CREDENTIALS = `mutation($jobId: ID!) { takeImportCredentials(jobId: $jobId) { line schoolCode email password } }`;
const AUDIT = `query($districtId: ID, $first: Int, $offset: Int) {
  auditLog(districtId: $districtId, first: $first, offset: $offset) {
    totalCount items { id occurredAt actorUserId actorRole regionId districtId schoolId operation targetType targetIds details }
  }
}`;
const STRONG = 'Strong-Passw0rd';

/** The fields named by the first error. */
function fieldsOf(result: GraphqlResult): string[] {
  return (result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('organisation, accounts and audit (e2e)', () => {
  let platform: Platform;
  let admin: string;
  let north: OrgFixture;
  let south: OrgFixture;
  let coordinator: string;
  let authority: string;
  let curator: string;

  /** Row counts of the organisation tables: a refused request must leave them as they were. */
  const counts = async () =>
    (
      await platform.sql(`SELECT (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM districts)::int AS districts,
        (SELECT count(*) FROM schools)::int AS schools, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM audit_log)::int AS audit`)
    )[0];

  /** Runs a call that must be refused with `code` naming `field`, and checks that nothing was stored. */
  async function refused(query: string, variables: Record<string, unknown>, token: string, code: string, field?: string) {
    const before = await counts();
    const result = await platform.gql(query, variables, token);
    expect({ code: errorCode(result), data: result.data ? Object.values(result.data)[0] : null }).toEqual({ code, data: null });
    if (field) expect(fieldsOf(result)).toContain(field);
    expect(await counts()).toEqual(before);
    return result;
  }

  beforeAll(async () => {
    // With the worker: a real import's job creates the schools and accounts.
    platform = await startPlatform({ worker: true });
    admin = await platform.adminToken();
    north = await createOrg(platform, 'NORTH', 2);
    south = await createOrg(platform, 'SOUTH', 1);
    coordinator = await platform.login(north.coordinator.email, FIXTURE_PASSWORD);
    authority = await platform.login(north.authority.email, FIXTURE_PASSWORD);
    curator = await platform.login(north.curators[0]!.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  describe('creating the hierarchy and accounts', () => {
    it('lets an admin build region → district → school → curator, audited, and the curator can sign in', async () => {
      const region = await platform.gql(CREATE_REGION, { input: { code: ' 77 ', name: 'Москва', okato: '45' } }, admin);
      expect(region.errors).toBeUndefined();
      expect(region.data.createRegion).toMatchObject({ code: '77', name: 'Москва' });
      const regionId = region.data.createRegion.id;
      // A new region starts with the seeded national default schedule (10/25/40/55/70 %, 2/4/6/8/10 %).
      const defaults = await platform.sql(
        `SELECT indicator, year, percent_bp FROM target_schedule_points WHERE region_id = $1 AND district_id IS NULL ORDER BY indicator, year`,
        [regionId],
      );
      expect(defaults.map((p) => `${p.indicator} ${p.year} ${p.percent_bp}`)).toEqual([
        'MENTEE_COVERAGE 2020 1000',
        'MENTEE_COVERAGE 2021 2500',
        'MENTEE_COVERAGE 2022 4000',
        'MENTEE_COVERAGE 2023 5500',
        'MENTEE_COVERAGE 2024 7000',
        'STUDENT_MENTORS 2020 200',
        'STUDENT_MENTORS 2021 400',
        'STUDENT_MENTORS 2022 600',
        'STUDENT_MENTORS 2023 800',
        'STUDENT_MENTORS 2024 1000',
      ]);
      const district = await platform.gql(
        CREATE_DISTRICT,
        { input: { regionId, code: 'KAL', name: 'Калининский район', oktmo: '40323000' } },
        admin,
      );
      expect(district.errors).toBeUndefined();
      const districtId = district.data.createDistrict.id;
      const school = await platform.gql(
        CREATE_SCHOOL,
        { input: { districtId, code: '001', name: 'ГБОУ Школа № 1', inn: '7801234567' } },
        admin,
      );
      expect(school.errors).toBeUndefined();
      const schoolId = school.data.createSchool.id;
      expect(await platform.sql(`SELECT region_id, district_id, inn FROM schools WHERE id = $1`, [schoolId])).toEqual([
        { region_id: regionId, district_id: districtId, inn: '7801234567' },
      ]);

      const user = await platform.gql(
        CREATE_USER,
        { input: { email: 'Curator.One@School1.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId, displayName: 'Иванова И. И.' } },
        admin,
      );
      expect(user.errors).toBeUndefined();
      expect(user.data.createUser).toMatchObject({ email: 'curator.one@school1.test', role: 'SCHOOL_CURATOR' });
      // The district and region are derived from the school.
      const [stored] = await platform.sql(`SELECT region_id, district_id, school_id, password_hash FROM users WHERE id = $1`, [
        user.data.createUser.id,
      ]);
      expect(stored).toMatchObject({ region_id: regionId, district_id: districtId, school_id: schoolId });
      expect(stored.password_hash).toMatch(/^scrypt\$/);
      expect(stored.password_hash).not.toContain(STRONG);

      const token = await platform.login('CURATOR.ONE@school1.test', STRONG);
      const me = await platform.gql(`{ me { email role schoolId districtId regionId } }`, {}, token);
      expect(me.data.me).toEqual({ email: 'curator.one@school1.test', role: 'SCHOOL_CURATOR', schoolId, districtId, regionId });

      const audit = await platform.sql(
        `SELECT operation, target_ids, region_id, district_id, school_id, details::text AS details FROM audit_log
         WHERE operation IN ('createRegion', 'createDistrict', 'createSchool', 'createUser') AND region_id = $1 ORDER BY id`,
        [regionId],
      );
      expect(audit.map((a) => a.operation)).toEqual(['createRegion', 'createDistrict', 'createSchool', 'createUser']);
      expect(audit[3]).toMatchObject({ target_ids: [user.data.createUser.id], district_id: districtId, school_id: schoolId });
      expect(audit.map((a) => a.details).join()).not.toContain(STRONG);
    });

    it('lets a coordinator create schools and curators in its own district only', async () => {
      const school = await platform.gql(
        CREATE_SCHOOL,
        { input: { districtId: north.districtId, code: 'N-NEW', name: 'Новая школа' } },
        coordinator,
      );
      expect(school.errors).toBeUndefined();
      const user = await platform.gql(
        CREATE_USER,
        { input: { email: 'new.curator@north.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId: school.data.createSchool.id } },
        coordinator,
      );
      expect(user.errors).toBeUndefined();

      await refused(CREATE_SCHOOL, { input: { districtId: south.districtId, code: 'X', name: 'Чужая' } }, coordinator, 'FORBIDDEN');
      await refused(
        CREATE_USER,
        { input: { email: 'x1@north.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId: south.schoolIds[0] } },
        coordinator,
        'FORBIDDEN',
      );
      // Not above its own role, and not even its own rank: coordinators manage curators only.
      await refused(
        CREATE_USER,
        { input: { email: 'x2@north.test', password: STRONG, role: 'DISTRICT_COORDINATOR', districtId: north.districtId } },
        coordinator,
        'FORBIDDEN',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'x3@north.test', password: STRONG, role: 'AUTHORITY', regionId: north.regionId } },
        coordinator,
        'FORBIDDEN',
        'role',
      );
      await refused(CREATE_USER, { input: { email: 'x4@north.test', password: STRONG, role: 'ADMIN' } }, coordinator, 'FORBIDDEN', 'role');
      await refused(CREATE_DISTRICT, { input: { regionId: north.regionId, code: 'X', name: 'X' } }, coordinator, 'FORBIDDEN');
      await refused(CREATE_REGION, { input: { code: 'X', name: 'X' } }, coordinator, 'FORBIDDEN');
    });

    it('lets an authority create districts and accounts in its own region; federal authorities only by an admin', async () => {
      const district = await platform.gql(
        CREATE_DISTRICT,
        { input: { regionId: north.regionId, code: 'N-D2', name: 'Второй район' } },
        authority,
      );
      expect(district.errors).toBeUndefined();
      const coordinatorUser = await platform.gql(
        CREATE_USER,
        {
          input: {
            email: 'coord2@north.test',
            password: STRONG,
            role: 'DISTRICT_COORDINATOR',
            districtId: district.data.createDistrict.id,
          },
        },
        authority,
      );
      expect(coordinatorUser.errors).toBeUndefined();
      expect((await platform.sql(`SELECT region_id FROM users WHERE id = $1`, [coordinatorUser.data.createUser.id]))[0].region_id).toBe(
        north.regionId,
      );
      const regional = await platform.gql(
        CREATE_USER,
        { input: { email: 'auth2@north.test', password: STRONG, role: 'AUTHORITY', regionId: north.regionId } },
        authority,
      );
      expect(regional.errors).toBeUndefined();

      await refused(CREATE_DISTRICT, { input: { regionId: south.regionId, code: 'X', name: 'X' } }, authority, 'FORBIDDEN');
      await refused(CREATE_USER, { input: { email: 'fed@north.test', password: STRONG, role: 'AUTHORITY' } }, authority, 'FORBIDDEN');
      await refused(
        CREATE_USER,
        { input: { email: 'x5@north.test', password: STRONG, role: 'DISTRICT_COORDINATOR', districtId: south.districtId } },
        authority,
        'FORBIDDEN',
      );
      await refused(CREATE_USER, { input: { email: 'x6@north.test', password: STRONG, role: 'ADMIN' } }, authority, 'FORBIDDEN', 'role');
      await refused(CREATE_REGION, { input: { code: 'X', name: 'X' } }, authority, 'FORBIDDEN');

      const federal = await platform.gql(CREATE_USER, { input: { email: 'federal@gov.test', password: STRONG, role: 'AUTHORITY' } }, admin);
      expect(federal.errors).toBeUndefined();
      expect((await platform.sql(`SELECT region_id FROM users WHERE id = $1`, [federal.data.createUser.id]))[0].region_id).toBeNull();
    });

    it('refuses curators every organisation mutation', async () => {
      await refused(CREATE_SCHOOL, { input: { districtId: north.districtId, code: 'C', name: 'C' } }, curator, 'FORBIDDEN');
      await refused(
        CREATE_USER,
        { input: { email: 'c@north.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId: north.schoolIds[0] } },
        curator,
        'FORBIDDEN',
      );
      await refused(UPDATE_SCHOOL, { input: { id: north.schoolIds[0], name: 'Моя школа' } }, curator, 'FORBIDDEN');
      await refused(DEACTIVATE, { id: north.curators[1]!.id }, curator, 'FORBIDDEN');
    });
  });

  describe('bad input', () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    it('answers unknown parent ids with NOT_FOUND naming the field', async () => {
      await refused(CREATE_DISTRICT, { input: { regionId: unknown, code: 'X', name: 'X' } }, admin, 'NOT_FOUND', 'regionId');
      await refused(CREATE_SCHOOL, { input: { districtId: unknown, code: 'X', name: 'X' } }, admin, 'NOT_FOUND', 'districtId');
      await refused(
        CREATE_USER,
        { input: { email: 'u1@x.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId: unknown } },
        admin,
        'NOT_FOUND',
        'schoolId',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'u2@x.test', password: STRONG, role: 'DISTRICT_COORDINATOR', districtId: unknown } },
        admin,
        'NOT_FOUND',
        'districtId',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'u3@x.test', password: STRONG, role: 'AUTHORITY', regionId: unknown } },
        admin,
        'NOT_FOUND',
        'regionId',
      );
      await refused(UPDATE_SCHOOL, { input: { id: unknown, name: 'X' } }, admin, 'NOT_FOUND', 'id');
      await refused(DEACTIVATE, { id: unknown }, admin, 'NOT_FOUND', 'id');
      await refused(`query($id: ID!) { school(id: $id) { id } }`, { id: unknown }, admin, 'NOT_FOUND', 'id');
    });

    it('answers duplicate codes within the parent and duplicate e-mails with CONFLICT naming the field', async () => {
      await refused(CREATE_REGION, { input: { code: 'R-NORTH', name: 'Дубль' } }, admin, 'CONFLICT', 'code');
      await refused(CREATE_DISTRICT, { input: { regionId: north.regionId, code: 'D-NORTH', name: 'Дубль' } }, admin, 'CONFLICT', 'code');
      await refused(
        CREATE_SCHOOL,
        { input: { districtId: north.districtId, code: 'S-NORTH-1', name: 'Дубль' } },
        admin,
        'CONFLICT',
        'code',
      );
      await refused(
        CREATE_USER,
        {
          input: { email: north.curators[0]!.email.toUpperCase(), password: STRONG, role: 'SCHOOL_CURATOR', schoolId: north.schoolIds[0] },
        },
        admin,
        'CONFLICT',
        'email',
      );
      // The same code is fine under another parent.
      const other = await platform.gql(CREATE_SCHOOL, { input: { districtId: south.districtId, code: 'S-NORTH-1', name: 'Тёзка' } }, admin);
      expect(other.errors).toBeUndefined();
    });

    it('answers malformed e-mails, weak passwords, oversized strings and mismatched scopes with BAD_USER_INPUT naming the field', async () => {
      const curatorInput = (over: Record<string, unknown>) => ({
        input: { email: 'ok@x.test', password: STRONG, role: 'SCHOOL_CURATOR', schoolId: north.schoolIds[0], ...over },
      });
      await refused(CREATE_USER, curatorInput({ email: 'not-an-email' }), admin, 'BAD_USER_INPUT', 'email');
      await refused(CREATE_USER, curatorInput({ email: `${'a'.repeat(250)}@x.test` }), admin, 'BAD_USER_INPUT', 'email');
      for (const weak of ['Short1!', 'lowercaseonly', 'aaaaaaaaaaaaaaaaaaaaaa', 'abcdefghij1', 'x'.repeat(1025)]) {
        const result = await refused(CREATE_USER, curatorInput({ password: weak }), admin, 'BAD_USER_INPUT', 'password');
        expect(JSON.stringify(result.errors)).not.toContain(weak.slice(0, 12));
      }
      await refused(CREATE_REGION, { input: { code: 'X'.repeat(33), name: 'X' } }, admin, 'BAD_USER_INPUT', 'code');
      await refused(CREATE_REGION, { input: { code: 'X', name: 'X'.repeat(256) } }, admin, 'BAD_USER_INPUT', 'name');
      await refused(CREATE_REGION, { input: { code: '   ', name: 'X' } }, admin, 'BAD_USER_INPUT', 'code');
      await refused(
        CREATE_SCHOOL,
        { input: { districtId: north.districtId, code: 'Z', name: 'X'.repeat(501) } },
        admin,
        'BAD_USER_INPUT',
        'name',
      );
      await refused(
        CREATE_SCHOOL,
        { input: { districtId: north.districtId, code: 'Z', name: 'Z', inn: '12345' } },
        admin,
        'BAD_USER_INPUT',
        'inn',
      );
      await refused(
        CREATE_DISTRICT,
        { input: { regionId: north.regionId, code: 'Z', name: 'Z', oktmo: 'abc' } },
        admin,
        'BAD_USER_INPUT',
        'oktmo',
      );
      await refused(CREATE_USER, curatorInput({ displayName: 'X'.repeat(256) }), admin, 'BAD_USER_INPUT', 'displayName');
      await refused(CREATE_USER, curatorInput({ schoolId: null }), admin, 'BAD_USER_INPUT', 'schoolId');
      await refused(CREATE_USER, curatorInput({ districtId: south.districtId }), admin, 'BAD_USER_INPUT', 'districtId');
      await refused(
        CREATE_USER,
        {
          input: {
            email: 'c@x.test',
            password: STRONG,
            role: 'DISTRICT_COORDINATOR',
            districtId: north.districtId,
            schoolId: north.schoolIds[0],
          },
        },
        admin,
        'BAD_USER_INPUT',
        'schoolId',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'c@x.test', password: STRONG, role: 'DISTRICT_COORDINATOR' } },
        admin,
        'BAD_USER_INPUT',
        'districtId',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'a@x.test', password: STRONG, role: 'AUTHORITY', districtId: north.districtId } },
        admin,
        'BAD_USER_INPUT',
        'districtId',
      );
      await refused(
        CREATE_USER,
        { input: { email: 'a@x.test', password: STRONG, role: 'ADMIN', regionId: north.regionId } },
        admin,
        'BAD_USER_INPUT',
        'regionId',
      );
      await refused(`query { schools(first: 201) { totalCount } }`, {}, admin, 'BAD_USER_INPUT', 'first');
      await refused(`query { schools(offset: -1) { totalCount } }`, {}, admin, 'BAD_USER_INPUT', 'offset');
      // A 16+ character passphrase of one class is strong enough.
      const passphrase = await platform.gql(
        CREATE_USER,
        curatorInput({ email: 'phrase@x.test', password: 'correct horse battery staple', schoolId: south.schoolIds[0] }),
        admin,
      );
      expect(passphrase.errors).toBeUndefined();
    });
  });

  describe('reading within scope', () => {
    const SCHOOLS = `query($districtId: ID, $search: String, $first: Int, $offset: Int) {
      schools(districtId: $districtId, search: $search, first: $first, offset: $offset) { totalCount items { id code districtId district { id code region { id code } } } }
    }`;

    it('lists each caller’s own part of the hierarchy, paginated', async () => {
      const all = await platform.gql(SCHOOLS, { first: 200 }, admin);
      expect(all.data.schools.totalCount).toBe((await platform.sql(`SELECT count(*)::int AS n FROM schools`))[0].n);

      const mine = await platform.gql(SCHOOLS, { first: 1 }, coordinator);
      const inNorth = (await platform.sql(`SELECT code FROM schools WHERE district_id = $1 ORDER BY code`, [north.districtId])).map(
        (r) => r.code,
      );
      expect(mine.data.schools.totalCount).toBe(inNorth.length);
      expect(mine.data.schools.items.map((s: any) => s.code)).toEqual([inNorth[0]]);
      const second = await platform.gql(SCHOOLS, { first: 1, offset: 1 }, coordinator);
      expect(second.data.schools.items.map((s: any) => s.code)).toEqual([inNorth[1]]);
      const past = await platform.gql(SCHOOLS, { first: 10, offset: 1000 }, coordinator);
      expect(past.data.schools).toEqual({ totalCount: inNorth.length, items: [] });

      const own = await platform.gql(SCHOOLS, { districtId: north.districtId }, curator);
      expect(own.data.schools.items.map((s: any) => s.id)).toEqual([north.schoolIds[0]]);
      expect(own.data.schools.items[0].district).toEqual({
        id: north.districtId,
        code: 'D-NORTH',
        region: { id: north.regionId, code: 'R-NORTH' },
      });

      const search = await platform.gql(SCHOOLS, { search: 'north-2' }, coordinator);
      expect(search.data.schools.items.map((s: any) => s.code)).toEqual(['S-NORTH-2']);
      const literal = await platform.gql(SCHOOLS, { search: '%' }, coordinator);
      expect(literal.data.schools.totalCount).toBe(0);

      const regions = await platform.gql(`{ regions { totalCount items { id } } }`, {}, curator);
      expect(regions.data.regions).toEqual({ totalCount: 1, items: [{ id: north.regionId }] });
      const districts = await platform.gql(
        `query($r: ID) { districts(regionId: $r) { totalCount items { id region { id } } } }`,
        { r: north.regionId },
        coordinator,
      );
      expect(districts.data.districts).toEqual({ totalCount: 1, items: [{ id: north.districtId, region: { id: north.regionId } }] });
      const region = await platform.gql(`query($id: ID!) { region(id: $id) { id code } }`, { id: north.regionId }, curator);
      expect(region.data.region).toEqual({ id: north.regionId, code: 'R-NORTH' });
      const district = await platform.gql(`query($id: ID!) { district(id: $id) { id } }`, { id: north.districtId }, curator);
      expect(district.data.district).toEqual({ id: north.districtId });

      const users = await platform.gql(
        `query($s: ID) { users(schoolId: $s) { totalCount items { email role } } }`,
        { s: north.schoolIds[0] },
        coordinator,
      );
      expect(users.data.users.items).toEqual([{ email: north.curators[0]!.email, role: 'SCHOOL_CURATOR' }]);
      const curatorsOnly = await platform.gql(`{ users(role: SCHOOL_CURATOR, first: 200) { items { schoolId } } }`, {}, curator);
      expect(curatorsOnly.data.users.items).toEqual([{ schoolId: north.schoolIds[0] }]);
    });

    it('refuses explicit ids outside the caller’s scope', async () => {
      expect(errorCode(await platform.gql(SCHOOLS, { districtId: south.districtId }, coordinator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(`query($id: ID!) { school(id: $id) { id } }`, { id: north.schoolIds[1] }, curator))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(`query($id: ID!) { region(id: $id) { id } }`, { id: south.regionId }, authority))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(`query($id: ID!) { district(id: $id) { id } }`, { id: south.districtId }, curator))).toBe(
        'FORBIDDEN',
      );
      expect(
        errorCode(await platform.gql(`query($s: ID) { users(schoolId: $s) { totalCount } }`, { s: south.schoolIds[0] }, authority)),
      ).toBe('FORBIDDEN');
    });

    it('loads the districts of a page of schools in one batch', async () => {
      const repository = platform.app.get(OrganisationRepository);
      const spy = jest.spyOn(repository, 'districtsByIds');
      try {
        const result = await platform.gql(SCHOOLS, { first: 200 }, admin);
        expect(result.errors).toBeUndefined();
        const districtIds = new Set(result.data.schools.items.map((s: any) => s.districtId));
        expect(districtIds.size).toBeGreaterThan(2);
        expect(spy).toHaveBeenCalledTimes(1);
        expect(new Set(spy.mock.calls[0]![0])).toEqual(districtIds);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('changing schools and accounts', () => {
    it('updates a school’s name, INN and active flag within scope, audited with what changed', async () => {
      const schoolId = north.schoolIds[1]!;
      const result = await platform.gql(
        UPDATE_SCHOOL,
        { input: { id: schoolId, name: 'Школа № 2 им. Пушкина', inn: '7801234568' } },
        coordinator,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.updateSchool).toEqual({ id: schoolId, name: 'Школа № 2 им. Пушкина', inn: '7801234568', active: true });
      const cleared = await platform.gql(UPDATE_SCHOOL, { input: { id: schoolId, inn: null, active: false } }, coordinator);
      expect(cleared.data.updateSchool).toEqual({ id: schoolId, name: 'Школа № 2 им. Пушкина', inn: null, active: false });
      const [audit] = await platform.sql(
        `SELECT details FROM audit_log WHERE operation = 'updateSchool' AND school_id = $1 ORDER BY id DESC LIMIT 1`,
        [schoolId],
      );
      expect(audit.details).toEqual({ changes: { inn: { from: '7801234568', to: null }, active: { from: true, to: false } } });
      await refused(UPDATE_SCHOOL, { input: { id: south.schoolIds[0], name: 'Чужая' } }, coordinator, 'FORBIDDEN');
      await refused(UPDATE_SCHOOL, { input: { id: schoolId } }, coordinator, 'BAD_USER_INPUT', 'input');
      await platform.gql(UPDATE_SCHOOL, { input: { id: schoolId, active: true } }, coordinator);
    });

    it('deactivates an account at once and activates it again, within reach only', async () => {
      const target = north.curators[1]!;
      const token = await platform.login(target.email, FIXTURE_PASSWORD);
      expect((await platform.gql(`{ me { id } }`, {}, token)).data.me.id).toBe(target.id);

      const off = await platform.gql(DEACTIVATE, { id: target.id }, coordinator);
      expect(off.errors).toBeUndefined();
      expect(off.data.deactivateUser).toEqual({ id: target.id, active: false });
      expect(errorCode(await platform.gql(`{ me { id } }`, {}, token))).toBe('UNAUTHENTICATED');
      const login = await platform.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
        e: target.email,
        p: FIXTURE_PASSWORD,
      });
      expect(errorCode(login)).toBe('UNAUTHENTICATED');

      const on = await platform.gql(ACTIVATE, { id: target.id }, coordinator);
      expect(on.data.activateUser).toEqual({ id: target.id, active: true });
      // Deactivation revoked the tokens issued before it: the account signs in again.
      expect(errorCode(await platform.gql(`{ me { id } }`, {}, token))).toBe('UNAUTHENTICATED');
      expect((await platform.gql(`{ me { id } }`, {}, await platform.login(target.email, FIXTURE_PASSWORD))).data.me.id).toBe(target.id);

      const operations = await platform.sql(
        `SELECT operation, actor_user_id FROM audit_log WHERE target_ids = ARRAY[$1::text] AND operation LIKE '%ctivateUser' ORDER BY id`,
        [target.id],
      );
      expect(operations).toEqual([
        { operation: 'deactivateUser', actor_user_id: north.coordinator.id },
        { operation: 'activateUser', actor_user_id: north.coordinator.id },
      ]);

      await refused(DEACTIVATE, { id: south.curators[0]!.id }, coordinator, 'FORBIDDEN');
      await refused(DEACTIVATE, { id: north.authority.id }, coordinator, 'FORBIDDEN');
      await refused(DEACTIVATE, { id: south.coordinator.id }, authority, 'FORBIDDEN');
      await refused(DEACTIVATE, { id: north.coordinator.id }, coordinator, 'BAD_USER_INPUT', 'id');
      expect(
        (
          await platform.sql(`SELECT bool_and(active) AS all FROM users WHERE id = ANY($1)`, [
            [south.curators[0]!.id, north.authority.id, south.coordinator.id, north.coordinator.id],
          ])
        )[0].all,
      ).toBe(true);
    });
  });

  describe('audit log', () => {
    it('is readable by admins everywhere, authorities in their region, coordinators in their district, never by curators', async () => {
      await platform.gql(CREATE_SCHOOL, { input: { districtId: south.districtId, code: 'S-AUDIT', name: 'Аудит' } }, admin);
      const all = await platform.gql(AUDIT, { first: 200 }, admin);
      expect(all.errors).toBeUndefined();
      expect(all.data.auditLog.totalCount).toBe((await platform.sql(`SELECT count(*)::int AS n FROM audit_log`))[0].n);
      const times = all.data.auditLog.items.map((i: any) => Date.parse(i.occurredAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const district = await platform.gql(AUDIT, { first: 200 }, coordinator);
      expect(district.data.auditLog.totalCount).toBeGreaterThan(0);
      expect(new Set(district.data.auditLog.items.map((i: any) => i.districtId))).toEqual(new Set([north.districtId]));
      const region = await platform.gql(AUDIT, { first: 200 }, authority);
      expect(new Set(region.data.auditLog.items.map((i: any) => i.regionId))).toEqual(new Set([north.regionId]));
      expect(region.data.auditLog.items.some((i: any) => i.operation === 'createDistrict')).toBe(true);

      expect(errorCode(await platform.gql(AUDIT, {}, curator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(AUDIT, { districtId: south.districtId }, coordinator))).toBe('FORBIDDEN');
      const filtered = await platform.gql(AUDIT, { districtId: south.districtId }, admin);
      expect(filtered.data.auditLog.items.length).toBeGreaterThan(0);
      expect(filtered.data.auditLog.items.every((i: any) => i.districtId === south.districtId)).toBe(true);

      const details = await platform.sql(`SELECT string_agg(details::text, ' ') AS text FROM audit_log`);
      expect(details[0].text).not.toContain(STRONG);
      expect(details[0].text).not.toContain(FIXTURE_PASSWORD);
    });
  });

  describe('bulk import of schools and curators', () => {
    const importAs = (token: string, csv: string, dryRun: boolean, districtId = north.districtId, fileName = 'schools.csv') =>
      platform.gql(IMPORT, { input: { districtId, fileName, contentBase64: base64(csv), dryRun } }, token);

    it('reports every bad row of a dry run, creating nothing', async () => {
      const csv = [
        'code;name;inn;curator_email;curator_name;curator_password',
        'IMP-1;Школа 1;7801234567;imp1@north.test;Петров;',
        'IMP-1;Школа 1 (дубль);;;;',
        'S-NORTH-1;Уже есть;;;;',
        'IMP-4;;123;not-an-email;;',
        `IMP-5;Школа 5;;${north.curators[0]!.email};;`,
        'IMP-6;Школа 6;;IMP1@north.test;;',
        'IMP-7;Школа 7;;imp7@north.test;;weak',
        `${'X'.repeat(33)};Школа 8;;;Без почты;`,
      ].join('\n');
      const before = await counts();
      const result = await importAs(coordinator, csv, true);
      expect(result.errors).toBeUndefined();
      expect(result.data.importSchools).toMatchObject({
        dryRun: true,
        imported: false,
        rowCount: 8,
        schoolsCreated: 0,
        curatorsCreated: 0,
        job: null,
      });
      expect(result.data.importSchools.errors.map((e: any) => [e.line, e.field])).toEqual([
        [3, 'code'],
        [4, 'code'],
        [5, 'name'],
        [5, 'inn'],
        [5, 'curator_email'],
        [6, 'curator_email'],
        [7, 'curator_email'],
        [8, 'curator_password'],
        [9, 'code'],
        [9, 'curator_email'],
      ]);
      expect(result.data.importSchools.errors.find((e: any) => e.line === 3).message).toContain('line 2');
      expect(JSON.stringify(result.data)).not.toContain('weak"');
      expect(await counts()).toEqual(before);
    });

    it('refuses a real run with any bad row, storing nothing, and reports the rows', async () => {
      const result = await refused(
        IMPORT,
        {
          input: {
            districtId: north.districtId,
            fileName: 'schools.csv',
            contentBase64: base64('code,name\nIMP-A,Школа А\nIMP-B,\n'),
            dryRun: false,
          },
        },
        coordinator,
        'BAD_USER_INPUT',
        'contentBase64',
      );
      expect(result.errors![0]!.extensions!.rowErrors).toMatchObject([{ line: 3, field: 'name' }]);
      expect(await platform.sql(`SELECT 1 FROM import_batches`)).toEqual([]);
    });

    it('reports missing and unknown columns against the header line', async () => {
      const result = await importAs(coordinator, 'code;title\nIMP-Z;Школа\n', true);
      expect(result.data.importSchools.errors.map((e: any) => [e.line, e.field])).toEqual([
        [1, 'name'],
        [1, 'title'],
      ]);
    });

    it('creates all schools and curators of a valid file, returning generated passwords once, audited once', async () => {
      const csv = [
        'code;name;inn;curator_email;curator_name',
        'IMP-10;Школа 10;7801234510;imp10@north.test;Сидорова',
        'IMP-11;Школа 11;;;',
        'IMP-12;Школа 12;;imp12@north.test;',
      ].join('\r\n');
      const dry = await importAs(coordinator, csv, true);
      expect(dry.data.importSchools).toMatchObject({ dryRun: true, imported: false, rowCount: 3, curatorCount: 2, errors: [], job: null });
      const auditBefore = (await counts()).audit;

      const result = await importAs(coordinator, csv, false);
      expect(result.errors).toBeUndefined();
      // The answer comes at once with the job; the job creates everything.
      expect(result.data.importSchools).toMatchObject({
        dryRun: false,
        imported: false,
        rowCount: 3,
        curatorCount: 2,
        errors: [],
        job: { name: 'import.schools' },
      });
      const job = await waitForJob(platform, coordinator, result.data.importSchools.job.id, 60_000);
      expect(job).toMatchObject({ state: 'COMPLETED', progress: 100 });
      const taken = await platform.gql(TAKE_CREDENTIALS, { jobId: job.id }, coordinator);
      expect(taken.errors).toBeUndefined();
      const summary = { credentials: taken.data.takeImportCredentials };
      expect(summary.credentials.map((c: any) => [c.line, c.schoolCode, c.email])).toEqual([
        [2, 'IMP-10', 'imp10@north.test'],
        [4, 'IMP-12', 'imp12@north.test'],
      ]);
      const schools = await platform.sql(`SELECT code, inn, region_id, district_id FROM schools WHERE code LIKE 'IMP-1_' ORDER BY code`);
      expect(schools).toEqual([
        { code: 'IMP-10', inn: '7801234510', region_id: north.regionId, district_id: north.districtId },
        { code: 'IMP-11', inn: null, region_id: north.regionId, district_id: north.districtId },
        { code: 'IMP-12', inn: null, region_id: north.regionId, district_id: north.districtId },
      ]);
      const [account] = await platform.sql(
        `SELECT u.role, u.display_name, s.code FROM users u JOIN schools s ON s.id = u.school_id WHERE u.email = 'imp10@north.test'`,
      );
      expect(account).toEqual({ role: 'SCHOOL_CURATOR', display_name: 'Сидорова', code: 'IMP-10' });
      expect((await counts()).audit).toBe(auditBefore + 1);
      const token = await platform.login('imp10@north.test', summary.credentials[0].password);
      expect((await platform.gql(`{ me { role } }`, {}, token)).data.me.role).toBe('SCHOOL_CURATOR');

      const [audit] = await platform.sql(
        `SELECT details, district_id, details::text AS text FROM audit_log WHERE operation = 'importSchools' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.district_id).toBe(north.districtId);
      expect(audit.details).toMatchObject({ rows: 3, schoolsCreated: 3, curatorsCreated: 2 });
      for (const credential of summary.credentials) expect(audit.text).not.toContain(credential.password);

      // Running the same file again now conflicts on every row.
      const again = await importAs(coordinator, csv, false);
      expect(errorCode(again)).toBe('BAD_USER_INPUT');
      expect((again.errors![0]!.extensions!.rowErrors as any[]).filter((e) => e.field === 'code')).toHaveLength(3);
    });

    it('reads XLSX and uses the passwords given in the file', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Школы');
      sheet.addRow(['Code', 'Name', 'Curator email', 'Curator password']);
      sheet.addRow(['IMP-X1', 'Школа X1', 'impx1@north.test', STRONG]);
      const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
      const result = await platform.gql(
        IMPORT,
        { input: { districtId: north.districtId, fileName: 'Список.XLSX', contentBase64: content, dryRun: false } },
        admin,
      );
      expect(result.errors).toBeUndefined();
      expect(await waitForJob(platform, admin, result.data.importSchools.job.id, 60_000)).toMatchObject({ state: 'COMPLETED' });
      await platform.login('impx1@north.test', STRONG);
      // No password was generated: nothing to take.
      expect(errorCode(await platform.gql(TAKE_CREDENTIALS, { jobId: result.data.importSchools.job.id }, admin))).toBe('NOT_FOUND');
    });

    it('refuses unreadable files and districts outside the caller’s scope', async () => {
      await refused(
        IMPORT,
        { input: { districtId: north.districtId, fileName: 'x.xlsx', contentBase64: base64('not a workbook'), dryRun: true } },
        coordinator,
        'BAD_USER_INPUT',
        'contentBase64',
      );
      await refused(
        IMPORT,
        { input: { districtId: north.districtId, fileName: 'x.txt', contentBase64: base64('a'), dryRun: true } },
        coordinator,
        'BAD_USER_INPUT',
        'fileName',
      );
      await refused(
        IMPORT,
        { input: { districtId: north.districtId, fileName: 'x.csv', contentBase64: base64('code;name\n'), dryRun: true } },
        coordinator,
        'BAD_USER_INPUT',
        'contentBase64',
      );
      await refused(
        IMPORT,
        { input: { districtId: south.districtId, fileName: 'x.csv', contentBase64: base64('code;name\nQ;Q\n'), dryRun: false } },
        coordinator,
        'FORBIDDEN',
      );
      await refused(
        IMPORT,
        { input: { districtId: north.districtId, fileName: 'x.csv', contentBase64: base64('code;name\nQ;Q\n'), dryRun: false } },
        curator,
        'FORBIDDEN',
      );
    });
  });
});
