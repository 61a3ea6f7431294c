import { ensureAdmin } from '../apps/api/src/engine/auth/admin-bootstrap';
import { hashPassword } from '@mm/passwords';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { ADMIN, errorCode, Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken mustChangePassword user { email } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken mustChangePassword } }`;
const ME = `{ me { email } }`;
const NEW_PASSWORD = 'Новый-пароль-2026';

/** Tokens are revocable (token_version) and passwords set by someone else must be changed first. */
describe('account lifecycle: password change, logout, revocation (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
    org = await createOrg(platform, 'LIFE', 3);
  });
  afterAll(() => platform?.close());

  const version = async (id: string) =>
    (await platform.sql(`SELECT token_version FROM users WHERE id = $1`, [id]))[0].token_version as number;

  it('refuses an old token after a password change and answers a new one', async () => {
    const curator = org.curators[0]!;
    const old = await platform.login(curator.email, FIXTURE_PASSWORD);
    const changed = await platform.gql(CHANGE, { c: FIXTURE_PASSWORD, n: NEW_PASSWORD }, old);
    expect(changed.errors).toBeUndefined();
    expect(changed.data.changePassword).toMatchObject({ mustChangePassword: false, user: { email: curator.email } });
    expect(errorCode(await platform.gql(ME, {}, old))).toBe('UNAUTHENTICATED');
    expect((await platform.gql(ME, {}, changed.data.changePassword.accessToken)).data.me.email).toBe(curator.email);
    expect(errorCode(await platform.gql(LOGIN, { e: curator.email, p: FIXTURE_PASSWORD }))).toBe('UNAUTHENTICATED');
    await platform.login(curator.email, NEW_PASSWORD);
    const [audit] = await platform.sql(
      `SELECT details::text AS text FROM audit_log WHERE operation = 'changePassword' AND $1 = ANY(target_ids)`,
      [curator.id],
    );
    expect(audit.text).not.toContain(NEW_PASSWORD);
  });

  it('refuses a wrong current password or a weak new one, naming the field and changing nothing', async () => {
    const curator = org.curators[1]!;
    const token = await platform.login(curator.email, FIXTURE_PASSWORD);
    const before = await version(curator.id);
    const wrong = await platform.gql(CHANGE, { c: 'not-my-password', n: NEW_PASSWORD }, token);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'currentPassword' })],
    });
    const weak = await platform.gql(CHANGE, { c: FIXTURE_PASSWORD, n: 'short' }, token);
    expect(weak.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'newPassword' })],
    });
    expect(await version(curator.id)).toBe(before);
    expect((await platform.gql(ME, {}, token)).data.me.email).toBe(curator.email);
  });

  it('logout revokes every token of the account', async () => {
    const first = await platform.login(org.authority.email, FIXTURE_PASSWORD);
    const second = await platform.login(org.authority.email, FIXTURE_PASSWORD);
    expect((await platform.gql(`mutation { logout }`, {}, first)).data).toEqual({ logout: true });
    expect(errorCode(await platform.gql(ME, {}, first))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(ME, {}, second))).toBe('UNAUTHENTICATED');
    expect((await platform.gql(ME, {}, await platform.login(org.authority.email, FIXTURE_PASSWORD))).data.me.email).toBe(
      org.authority.email,
    );
  });

  it('revokes tokens on deactivation (reactivating does not revive them), role or scope change and an admin password reset', async () => {
    const curator = org.curators[2]!;
    const admin = await platform.adminToken();
    const token = await platform.login(curator.email, FIXTURE_PASSWORD);
    await platform.gql(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: curator.id }, admin);
    await platform.gql(`mutation($id: ID!) { activateUser(id: $id) { id } }`, { id: curator.id }, admin);
    expect(errorCode(await platform.gql(ME, {}, token))).toBe('UNAUTHENTICATED');

    // Role or scope changed underneath (as the owner: there is no API for it): old tokens are void.
    const moved = await platform.login(curator.email, FIXTURE_PASSWORD);
    await platform.sql(`UPDATE users SET school_id = $2 WHERE id = $1`, [curator.id, org.schoolIds[0]]);
    expect(errorCode(await platform.gql(ME, {}, moved))).toBe('UNAUTHENTICATED');
    const renamed = await platform.login(curator.email, FIXTURE_PASSWORD);
    await platform.sql(`UPDATE users SET display_name = 'Переименован' WHERE id = $1`, [curator.id]);
    expect((await platform.gql(ME, {}, renamed)).data.me.email).toBe(curator.email);

    // The admin's password reset from ADMIN_PASSWORD at start revokes the admin's tokens.
    expect((await platform.gql(ME, {}, admin)).data.me.email).toBe(ADMIN.email);
    await ensureAdmin(platform.db, { email: ADMIN.email, password: 'Another-admin-pass-7' });
    expect(errorCode(await platform.gql(ME, {}, admin))).toBe('UNAUTHENTICATED');
    await ensureAdmin(platform.db, ADMIN);
  });

  it('makes an account created or imported with a chosen password change it before anything else', async () => {
    const coordinator = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    const created = await platform.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email: 'chosen@life.test', password: 'Chosen-by-coordinator-1', role: 'SCHOOL_CURATOR', schoolId: org.schoolIds[1] } },
      coordinator,
    );
    expect(created.errors).toBeUndefined();
    const first = await platform.gql(LOGIN, { e: 'chosen@life.test', p: 'Chosen-by-coordinator-1' });
    expect(first.data.login.mustChangePassword).toBe(true);
    const token = first.data.login.accessToken;
    const blocked = await platform.gql(`{ users { totalCount } }`, {}, token);
    expect(blocked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(blocked.errors?.[0]?.message).toMatch(/changePassword/);
    expect((await platform.gql(ME, {}, token)).data.me.email).toBe('chosen@life.test');
    const changed = await platform.gql(CHANGE, { c: 'Chosen-by-coordinator-1', n: NEW_PASSWORD }, token);
    expect(changed.data.changePassword.mustChangePassword).toBe(false);
    expect(errorCode(await platform.gql(`{ users { totalCount } }`, {}, changed.data.changePassword.accessToken))).toBeUndefined();
    expect((await platform.gql(LOGIN, { e: 'chosen@life.test', p: NEW_PASSWORD })).data.login.mustChangePassword).toBe(false);

    const csv = Buffer.from('code;name;curator_email\nLIFE-IMP;Школа импорта;imported@life.test\n').toString('base64');
    const imported = await platform.gql(
      `mutation($input: ImportSchoolsInput!) { importSchools(input: $input) { imported job { id } } }`,
      { input: { districtId: org.districtId, fileName: 'list.csv', contentBase64: csv, dryRun: false } },
      coordinator,
    );
    expect(await waitForJob(platform, coordinator, imported.data.importSchools.job.id, 60_000)).toMatchObject({ state: 'COMPLETED' });
    expect(await platform.sql(`SELECT must_change_password FROM users WHERE email = 'imported@life.test'`)).toEqual([
      { must_change_password: true },
    ]);
  });

  it('still verifies a hash of the old scrypt cost (N=2^15) and replaces it with N=2^17 at login', async () => {
    const old = await hashPassword('Old-cost-password-1', { cost: 1 << 15 });
    expect(old).toMatch(/^scrypt\$32768\$/);
    const [user] = await platform.sql(
      `INSERT INTO users (email, password_hash, role) VALUES ('oldhash@life.test', $1, 'ADMIN') RETURNING id`,
      [old],
    );
    const token = await platform.login('oldhash@life.test', 'Old-cost-password-1');
    const [stored] = await platform.sql(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
    expect(stored.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await platform.gql(ME, {}, token)).data.me.email).toBe('oldhash@life.test');
    await platform.login('oldhash@life.test', 'Old-cost-password-1');
  });
});
