import { LOGIN_LIMITS } from '../apps/api/src/engine/auth/login-throttle';
import { createOrg, FIXTURE_PASSWORD } from './harness/fixtures';
import { Platform, startPlatform } from './harness/platform';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;

async function login(
  platform: Platform,
  email: string,
  password: string,
  forwardedFor?: string,
): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${platform.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = (await response.json()) as any;
  return { status: response.status, code: body.errors?.[0]?.extensions?.code };
}

const tally = (results: { code?: string }[]) =>
  results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.code ?? 'OK']: (acc[r.code ?? 'OK'] ?? 0) + 1 }), {});

/**
 * Login under guessing: every attempt is charged before the password is checked, so concurrent
 * guesses get no more tries than sequential ones; the client address comes from TRUST_PROXY.
 */
describe('login under attack (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.close());

  it('lets no more than the allowed attempts per e-mail through when 25 guesses arrive at once', async () => {
    const org = await createOrg(platform, 'CONC', 1);
    const email = org.curators[0]!.email;
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => login(platform, email, `wrong-guess-${i}`, '198.51.100.1')));
    expect(tally(results)).toEqual({ UNAUTHENTICATED: LOGIN_LIMITS.perEmail, TOO_MANY_REQUESTS: 25 - LOGIN_LIMITS.perEmail });
    // The right password is refused too while the e-mail is locked.
    expect((await login(platform, email, FIXTURE_PASSWORD, '198.51.100.1')).code).toBe('TOO_MANY_REQUESTS');
  });

  it('lets no more than the allowed attempts per address through across many e-mails at once', async () => {
    const results = await Promise.all(
      Array.from({ length: LOGIN_LIMITS.perAddress + 10 }, (_, i) =>
        login(platform, `nobody${i}@conc.test`, 'wrong-password-1', '198.51.100.2'),
      ),
    );
    expect(tally(results)).toEqual({ UNAUTHENTICATED: LOGIN_LIMITS.perAddress, TOO_MANY_REQUESTS: 10 });
  });

  it('gives a successful login its address charge back and clears the e-mail', async () => {
    const org = await createOrg(platform, 'GOOD', 1);
    const email = org.curators[0]!.email;
    expect((await login(platform, email, 'wrong-password-1', '198.51.100.3')).code).toBe('UNAUTHENTICATED');
    expect((await login(platform, email, FIXTURE_PASSWORD, '198.51.100.3')).code).toBeUndefined();
    expect(
      await platform.sql(`SELECT key, failures FROM login_throttle WHERE key IN ($1, $2)`, [`email:${email}`, 'addr:198.51.100.3']),
    ).toEqual([{ key: 'addr:198.51.100.3', failures: 1 }]);
  });

  it('takes the client address from X-Forwarded-For only from trusted proxies (TRUST_PROXY)', async () => {
    // Default `loopback`: the test client is the local proxy, so its forwarded address counts.
    await login(platform, 'someone@proxy.test', 'wrong-password-1', '203.0.113.9');
    expect(await platform.sql(`SELECT failures FROM login_throttle WHERE key = 'addr:203.0.113.9'`)).toEqual([{ failures: 1 }]);
    const direct = await startPlatform({ env: { TRUST_PROXY: 'false' } });
    try {
      await login(direct, 'someone@proxy.test', 'wrong-password-1', '203.0.113.9');
      const keys = (await direct.sql(`SELECT key FROM login_throttle WHERE key LIKE 'addr:%'`)).map((r) => r.key);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^addr:(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await direct.close();
    }
  });
});
