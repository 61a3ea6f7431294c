import { createOrg, FIXTURE_PASSWORD } from './harness/fixtures';
import { ADMIN, errorCode, Platform, startPlatform } from './harness/platform';

describe('authentication (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.close());

  it('answers { __typename } on /graphql and reports health of database and queue', async () => {
    const result = await platform.gql(`{ __typename }`);
    expect(result.data).toEqual({ __typename: 'Query' });
    const health = await fetch(`${platform.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' }, queue: { status: 'up' } });
  });

  it('logs the configured admin in and returns the user', async () => {
    const result = await platform.gql(
      `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken user { id email role } } }`,
      { email: ADMIN.email, password: ADMIN.password },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.login.user).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });
    const me = await platform.gql(`{ me { email role } }`, {}, result.data.login.accessToken);
    expect(me.data.me).toEqual({ email: ADMIN.email, role: 'ADMIN' });
  });

  it('refuses a wrong password and an unknown e-mail alike with UNAUTHENTICATED', async () => {
    const query = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
    const wrong = await platform.gql(query, { e: ADMIN.email, p: 'not-the-password' });
    const unknown = await platform.gql(query, { e: 'nobody@test.local', p: 'whatever-password' });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('refuses operations without a token, with a forged token, and for a deactivated user at once', async () => {
    expect(errorCode(await platform.gql(`{ me { email } }`))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(`{ me { email } }`, {}, 'eyJhbGciOiJIUzI1NiJ9.e30.forged'))).toBe('UNAUTHENTICATED');
    const org = await createOrg(platform, 'AUTH', 1);
    const token = await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD);
    expect((await platform.gql(`{ me { email } }`, {}, token)).data.me.email).toBe(org.curators[0]!.email);
    await platform.sql(`UPDATE users SET active = false WHERE id = $1`, [org.curators[0]!.id]);
    expect(errorCode(await platform.gql(`{ me { email } }`, {}, token))).toBe('UNAUTHENTICATED');
  });

  it('shuts the curators of a deactivated school out at once', async () => {
    const org = await createOrg(platform, 'CLOSED', 1);
    const token = await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD);
    expect((await platform.gql(`{ me { email } }`, {}, token)).data.me.email).toBe(org.curators[0]!.email);
    await platform.sql(`UPDATE schools SET active = false WHERE id = $1`, [org.schoolIds[0]]);
    expect(errorCode(await platform.gql(`{ me { email } }`, {}, token))).toBe('UNAUTHENTICATED');
  });

  it('locks an e-mail after repeated failures, even for the right password', async () => {
    const org = await createOrg(platform, 'LOCK', 1);
    const email = org.curators[0]!.email;
    const query = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
    for (let i = 0; i < 5; i++) expect(errorCode(await platform.gql(query, { e: email, p: `wrong-${i}` }))).toBe('UNAUTHENTICATED');
    const locked = await platform.gql(query, { e: email, p: FIXTURE_PASSWORD });
    expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    expect(locked.status).toBe(429);
    expect(await platform.sql(`SELECT failures FROM login_throttle WHERE key = $1`, [`email:${email}`])).toEqual([{ failures: 5 }]);
  });
});
