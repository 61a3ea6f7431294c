import { errorCode, Platform, startPlatform } from './harness/platform';

/** Abusive or malformed requests are refused before execution, with a clear error. */
describe('GraphQL request limits (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.close());

  it('refuses a 2 000-alias query before executing it', async () => {
    const token = await platform.adminToken();
    const query = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: me { email }`).join(' ')} }`;
    const result = await platform.gql(query, {}, token);
    expect(result.data).toBeUndefined();
    expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(result));
    expect(result.status).toBe(400);
  });

  it('refuses more aliases than allowed even in a short document', async () => {
    const token = await platform.adminToken();
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const result = await platform.gql(query, {}, token);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toBe('Query uses more than 30 aliases');
  });

  it('does not accept batched HTTP requests', async () => {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('refuses a simple GET/form request without a preflight header (CSRF prevention)', async () => {
    const response = await fetch(`${platform.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
  });

  it('refuses bodies over the size limit', async () => {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses an input variable of the wrong type as BAD_USER_INPUT', async () => {
    const result = await platform.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
      e: 42,
      p: null,
    });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});

describe('GraphQL in production mode (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => platform?.close());

  it('turns introspection off unless enabled by configuration', async () => {
    const result = await platform.gql(`{ __schema { queryType { name } } }`);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
