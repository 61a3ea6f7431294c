import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';

// The API behind the administration pages: editing and (de)activating regions and districts,
// resetting a password, searching the lists and filtering the audit log.

const UPDATE_REGION = `mutation($input: UpdateRegionInput!) { updateRegion(input: $input) { id name okato active } }`;
const UPDATE_DISTRICT = `mutation($input: UpdateDistrictInput!) { updateDistrict(input: $input) { id name oktmo active } }`;
const RESET = `mutation($id: ID!) { resetUserPassword(id: $id) { temporaryPassword user { id email active } } }`;
const REGIONS = `query($search: String) { regions(search: $search) { totalCount items { code } } }`;
const DISTRICTS = `query($regionId: ID, $search: String) { districts(regionId: $regionId, search: $search) { totalCount items { code } } }`;
const USERS = `query($regionId: ID, $search: String, $role: Role) { users(regionId: $regionId, search: $search, role: $role) { totalCount items { email } } }`;
const AUDIT = `query($regionId: ID, $districtId: ID, $schoolId: ID, $actorUserId: ID, $operation: String, $from: String, $to: String, $first: Int, $offset: Int) {
  auditLog(regionId: $regionId, districtId: $districtId, schoolId: $schoolId, actorUserId: $actorUserId, operation: $operation, from: $from, to: $to, first: $first, offset: $offset) {
    totalCount items { operation actorUserId targetIds details }
  }
}`;
const CHANGE_ROLE = `mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { id role regionId districtId schoolId } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken mustChangePassword } }`;

function operations(result: { data?: { auditLog: { items: { operation: string }[] } } }): string[] {
  return result.data!.auditLog.items.map((e) => e.operation);
}

describe('administration API (e2e)', () => {
  let platform: Platform;
  let admin: string;
  let north: OrgFixture;
  let south: OrgFixture;
  let authority: string;
  let coordinator: string;

  beforeAll(async () => {
    platform = await startPlatform();
    admin = await platform.adminToken();
    north = await createOrg(platform, 'ADM-N', 2);
    south = await createOrg(platform, 'ADM-S', 1);
    authority = await platform.login(north.authority.email, FIXTURE_PASSWORD);
    coordinator = await platform.login(north.coordinator.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  it('lets an admin rename and deactivate a region, audited with what changed; nobody else', async () => {
    const renamed = await platform.gql(UPDATE_REGION, { input: { id: south.regionId, name: 'Южный край', okato: '03' } }, admin);
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateRegion).toEqual({ id: south.regionId, name: 'Южный край', okato: '03', active: true });
    const off = await platform.gql(UPDATE_REGION, { input: { id: south.regionId, active: false } }, admin);
    expect(off.data.updateRegion).toMatchObject({ name: 'Южный край', okato: '03', active: false });
    const log = await platform.gql(AUDIT, { operation: 'updateRegion', regionId: south.regionId }, admin);
    expect(log.data.auditLog.totalCount).toBe(2);
    // Newest first: the deactivation, then the rename (okato was empty before).
    expect(log.data.auditLog.items.map((e: { details: string }) => JSON.parse(e.details))).toEqual([
      { changes: { active: { from: true, to: false } } },
      { changes: { name: { from: 'Регион ADM-S', to: 'Южный край' }, okato: { from: null, to: '03' } } },
    ]);
    expect(errorCode(await platform.gql(UPDATE_REGION, { input: { id: north.regionId, name: 'Моё' } }, authority))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(UPDATE_REGION, { input: { id: south.regionId } }, admin))).toBe('BAD_USER_INPUT');
    expect((await platform.sql(`SELECT name FROM regions WHERE id = $1`, [north.regionId]))[0].name).toBe('Регион ADM-N');
  });

  it('lets an authority edit a district of its region, not one of another region; a coordinator not at all', async () => {
    const own = await platform.gql(
      UPDATE_DISTRICT,
      { input: { id: north.districtId, name: 'Северный район', oktmo: '40323000' } },
      authority,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.updateDistrict).toEqual({ id: north.districtId, name: 'Северный район', oktmo: '40323000', active: true });
    const foreign = await platform.gql(UPDATE_DISTRICT, { input: { id: south.districtId, active: false } }, authority);
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(UPDATE_DISTRICT, { input: { id: north.districtId, active: false } }, coordinator))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await platform.gql(UPDATE_DISTRICT, { input: { id: north.districtId, oktmo: '123' } }, admin))).toBe('BAD_USER_INPUT');
    expect(
      await platform.sql(`SELECT name, active FROM districts WHERE id IN ($1, $2) ORDER BY code`, [north.districtId, south.districtId]),
    ).toEqual([
      { name: 'Северный район', active: true },
      { name: 'Район ADM-S', active: true },
    ]);
  });

  it('resets a password: shown once, the old one and old tokens stop working, the new one must be changed at login', async () => {
    const curator = north.curators[1]!;
    const before = await platform.login(curator.email, FIXTURE_PASSWORD);
    expect(errorCode(await platform.gql(RESET, { id: curator.id }, coordinator))).toBe('FORBIDDEN');
    const reset = await platform.gql(RESET, { id: curator.id }, admin);
    expect(reset.errors).toBeUndefined();
    const temporary: string = reset.data.resetUserPassword.temporaryPassword;
    expect(temporary).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(reset.data.resetUserPassword.user).toEqual({ id: curator.id, email: curator.email, active: true });
    // The earlier token is revoked; the old password no longer signs in; the new one does, with a forced change.
    expect(errorCode(await platform.gql(`{ me { id } }`, {}, before))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(LOGIN, { email: curator.email, password: FIXTURE_PASSWORD }))).toBe('UNAUTHENTICATED');
    const login = await platform.gql(LOGIN, { email: curator.email, password: temporary });
    expect(login.data.login.mustChangePassword).toBe(true);
    // The audit records the reset, never the password.
    const [row] = await platform.sql(`SELECT details::text AS details FROM audit_log WHERE operation = 'resetUserPassword'`);
    expect(JSON.parse(row.details)).toEqual({ email: curator.email });
    expect(
      errorCode(await platform.gql(RESET, { id: (await platform.sql(`SELECT id FROM users WHERE role = 'ADMIN'`))[0].id }, admin)),
    ).toBe('BAD_USER_INPUT');
  });

  it('searches regions, districts and accounts by part of a name, code or e-mail', async () => {
    expect((await platform.gql(REGIONS, { search: 'adm-n' }, admin)).data.regions).toEqual({ totalCount: 1, items: [{ code: 'R-ADM-N' }] });
    expect((await platform.gql(DISTRICTS, { search: 'Северн' }, admin)).data.districts).toEqual({
      totalCount: 1,
      items: [{ code: 'D-ADM-N' }],
    });
    // An authority's search stays inside its region.
    expect((await platform.gql(DISTRICTS, { search: 'ADM' }, authority)).data.districts.items).toEqual([{ code: 'D-ADM-N' }]);
    const curators = await platform.gql(USERS, { regionId: north.regionId, role: 'SCHOOL_CURATOR', search: 'CURATOR' }, admin);
    expect(curators.data.users.items.map((u: { email: string }) => u.email)).toEqual([
      'curator1.adm-n@test.local',
      'curator2.adm-n@test.local',
    ]);
    expect(errorCode(await platform.gql(USERS, { regionId: south.regionId }, authority))).toBe('FORBIDDEN');
  });

  it('filters the audit log by who, what, when and place, with paging', async () => {
    const adminId = (await platform.sql(`SELECT id FROM users WHERE role = 'ADMIN'`))[0].id;
    const byAuthority = await platform.gql(AUDIT, { actorUserId: north.authority.id }, admin);
    expect(operations(byAuthority)).toEqual(['updateDistrict', 'login']);
    const byAdmin = await platform.gql(AUDIT, { actorUserId: adminId, first: 1, offset: 1 }, admin);
    expect(byAdmin.data.auditLog.totalCount).toBe(4); // its login, two region updates and the reset
    expect(byAdmin.data.auditLog.items.map((e: { operation: string }) => e.operation)).toEqual(['updateRegion']);
    const future = await platform.gql(AUDIT, { from: '2999-01-01' }, admin);
    expect(future.data.auditLog.totalCount).toBe(0);
    const past = await platform.gql(AUDIT, { to: '2000-01-01T00:00:00Z' }, admin);
    expect(past.data.auditLog.totalCount).toBe(0);
    const school = await platform.gql(AUDIT, { schoolId: north.curators[1]!.schoolId }, admin);
    // The curator's sign-in before the reset, the reset, its sign-in with the temporary password.
    expect(operations(school)).toEqual(['login', 'resetUserPassword', 'login']);
    // A coordinator reads its own district's entries only; the same filter by operation.
    const resets = await platform.gql(AUDIT, { districtId: north.districtId, operation: 'resetUserPassword' }, coordinator);
    expect(operations(resets)).toEqual(['resetUserPassword']);
    expect(operations(await platform.gql(AUDIT, { operation: 'updateRegion' }, coordinator))).toEqual([]);
    expect(errorCode(await platform.gql(AUDIT, { regionId: south.regionId }, authority))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(AUDIT, { from: 'yesterday' }, admin))).toBe('BAD_USER_INPUT');
  });

  it('moves an account to another role or place within what the actor may grant; its tokens are revoked', async () => {
    const curator = north.curators[0]!;
    const otherSchool = north.schoolIds[1]!;
    const token = await platform.login(curator.email, FIXTURE_PASSWORD);
    // A coordinator moves a curator of its district to another of its schools.
    const moved = await platform.gql(
      CHANGE_ROLE,
      { input: { id: curator.id, role: 'SCHOOL_CURATOR', schoolId: otherSchool } },
      coordinator,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data.changeUserRole).toEqual({
      id: curator.id,
      role: 'SCHOOL_CURATOR',
      regionId: north.regionId,
      districtId: north.districtId,
      schoolId: otherSchool,
    });
    expect(errorCode(await platform.gql(`{ me { id } }`, {}, token))).toBe('UNAUTHENTICATED');
    // …but cannot make it a coordinator, nor move it to a school of another region.
    expect(
      errorCode(
        await platform.gql(
          CHANGE_ROLE,
          { input: { id: curator.id, role: 'DISTRICT_COORDINATOR', districtId: north.districtId } },
          coordinator,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(
        await platform.gql(CHANGE_ROLE, { input: { id: curator.id, role: 'SCHOOL_CURATOR', schoolId: south.schoolIds[0] } }, coordinator),
      ),
    ).toBe('FORBIDDEN');
    // The authority of the region promotes it to coordinator; the shape of the scope is checked.
    expect(errorCode(await platform.gql(CHANGE_ROLE, { input: { id: curator.id, role: 'DISTRICT_COORDINATOR' } }, authority))).toBe(
      'BAD_USER_INPUT',
    );
    const promoted = await platform.gql(
      CHANGE_ROLE,
      { input: { id: curator.id, role: 'DISTRICT_COORDINATOR', districtId: north.districtId } },
      authority,
    );
    expect(promoted.data.changeUserRole).toMatchObject({ role: 'DISTRICT_COORDINATOR', districtId: north.districtId, schoolId: null });
    expect(errorCode(await platform.gql(CHANGE_ROLE, { input: { id: curator.id, role: 'ADMIN' } }, authority))).toBe('FORBIDDEN');
    expect(await platform.sql(`SELECT role, school_id FROM users WHERE id = $1`, [curator.id])).toEqual([
      { role: 'DISTRICT_COORDINATOR', school_id: null },
    ]);
    const log = await platform.gql(AUDIT, { operation: 'changeUserRole' }, admin);
    expect(log.data.auditLog.items.map((e: { details: string }) => JSON.parse(e.details).changes.role)).toEqual([
      { from: 'SCHOOL_CURATOR', to: 'DISTRICT_COORDINATOR' },
      { from: 'SCHOOL_CURATOR', to: 'SCHOOL_CURATOR' },
    ]);
  });
});
