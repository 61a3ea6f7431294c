import { Platform, startPlatform } from './harness/platform';

/** With NODE_ENV unset the platform behaves as in production: the schema is not shown to clients. */
describe('production defaults (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    // The harness asks for `test`; this file asks for the default, as an unconfigured deployment gets.
    platform = await startPlatform({ env: { NODE_ENV: undefined as unknown as string } });
  });
  afterAll(() => platform?.close());

  it('defaults to production: no introspection and no "did you mean" suggestions naming fields', async () => {
    expect(platform.env.NODE_ENV).toBe('production');
    const introspection = await platform.gql(`{ __schema { queryType { name } } }`);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const token = await platform.adminToken();
    const typo = await platform.gql(`{ mee { emai } }`, {}, token);
    expect(typo.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/i);
    expect(JSON.stringify(typo.errors)).not.toMatch(/"me"|email/);
  });
});
