import * as path from 'node:path';
import { EnvironmentError, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('applies defaults for an empty environment', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, LOG_LEVEL: 'info', ACCESS_TOKEN_TTL_SECONDS: 28800 });
    expect(env.DATA_DIR).toBe(path.resolve(process.cwd(), '.data'));
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans and resolves DATA_DIR', () => {
    const env = loadEnvironment({ PORT: '8080', DATA_DIR: 'relative/dir', GRAPHQL_INTROSPECTION: 'false', REDIS_URL: 'redis://localhost:6379' });
    expect(env.PORT).toBe(8080);
    expect(env.GRAPHQL_INTROSPECTION).toBe(false);
    expect(env.DATA_DIR).toBe(path.resolve('relative/dir'));
    expect(env.REDIS_URL).toBe('redis://localhost:6379');
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres:// URL'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL must be a redis:// URL'],
    ['ADMIN_EMAIL', 'not-an-email', 'ADMIN_EMAIL must be an e-mail address'],
    ['ADMIN_PASSWORD', 'short', 'ADMIN_PASSWORD must be at least 10 characters'],
    ['NODE_ENV', 'staging', 'NODE_ENV'],
    ['JWT_SECRET', 'too-short', 'JWT_SECRET must be at least 32 characters'],
  ])('refuses %s=%s with a message naming the variable', (name, value, expected) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(EnvironmentError);
    expect(() => loadEnvironment({ [name]: value })).toThrow(expected);
  });

  it('lists every invalid variable at once', () => {
    try {
      loadEnvironment({ PORT: '-1', REDIS_URL: 'nope' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/REDIS_URL/);
    }
  });
});

describe('loadEnvironment reads every declared setting', () => {
  it('passes optional settings through, such as WEB_DIR and SEED_DEMO', () => {
    const env = loadEnvironment({ WEB_DIR: '/srv/web', SEED_DEMO: 'false', QUEUE_BACKEND: 'postgres', UNRELATED: 'x' });
    expect(env.WEB_DIR).toBe('/srv/web');
    expect(env.SEED_DEMO).toBe(false);
    expect(env.QUEUE_BACKEND).toBe('postgres');
    expect((env as unknown as Record<string, unknown>).UNRELATED).toBeUndefined();
  });
});
