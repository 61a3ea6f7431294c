import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError, loadEnvironment, trustProxySetting } from './environment';

describe('loadEnvironment', () => {
  it('applies defaults for an empty environment', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'production', PORT: 3000, LOG_LEVEL: 'info', ACCESS_TOKEN_TTL_SECONDS: 28800 });
    expect(env.DATA_DIR).toBe(path.resolve(process.cwd(), '.data'));
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans and resolves DATA_DIR', () => {
    const env = loadEnvironment({
      PORT: '8080',
      DATA_DIR: 'relative/dir',
      GRAPHQL_INTROSPECTION: 'false',
      REDIS_URL: 'redis://localhost:6379',
    });
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
    ['TRUST_PROXY', 'true', 'TRUST_PROXY=true would let any client choose its address'],
    ['TRUST_PROXY', 'proxy.example; rm', 'TRUST_PROXY must be'],
    ['SMTP_URL', 'mail.example:25', 'SMTP_URL must be an smtp:// or smtps:// URL'],
    ['SMTP_URL', 'smtp://mail.example:25', 'SMTP_FROM must be an e-mail address (required when SMTP_URL is set)'],
    ['SMTP_FROM', 'nobody', 'SMTP_FROM must be an e-mail address'],
  ])('refuses %s=%s with a message naming the variable', (name, value, expected) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(EnvironmentError);
    expect(() => loadEnvironment({ [name]: value })).toThrow(expected);
  });

  it('takes SMTP_URL with its sender', () => {
    const env = loadEnvironment({ SMTP_URL: 'smtp://user:pass@mail.example:587', SMTP_FROM: 'monitor@mail.example' });
    expect(env).toMatchObject({ SMTP_URL: 'smtp://user:pass@mail.example:587', SMTP_FROM: 'monitor@mail.example' });
    expect(loadEnvironment({}).SMTP_URL).toBeUndefined();
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

describe('loadEnvironment refuses placeholder and predictable secrets', () => {
  /** docker/.env.example as compose would pass it to the api service. */
  const example = (): Record<string, string> => {
    const vars = Object.fromEntries(
      fs
        .readFileSync(path.resolve(__dirname, '../../../docker/.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return {
      DATABASE_URL: `postgres://mm_app_login:${vars.APP_DB_PASSWORD}@postgres:5432/mentorship`,
      DATABASE_MIGRATION_URL: `postgres://mm_owner:${vars.OWNER_DB_PASSWORD}@postgres:5432/mentorship`,
      JWT_SECRET: vars.JWT_SECRET!,
      ADMIN_EMAIL: vars.ADMIN_EMAIL!,
      ADMIN_PASSWORD: vars.ADMIN_PASSWORD!,
    };
  };

  it('refuses a copied docker/.env.example, naming every placeholder variable', () => {
    let message = '';
    try {
      loadEnvironment(example());
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      message = (error as Error).message;
    }
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'DATABASE_URL', 'DATABASE_MIGRATION_URL'])
      expect(message).toMatch(new RegExp(`^  ${name}: .*placeholder`, 'm'));
    // The message names the variables, never the values.
    expect(message).not.toContain(example().JWT_SECRET);
  });

  it.each([
    ['JWT_SECRET', 'a'.repeat(48)],
    ['JWT_SECRET', 'secret-secret-secret-secret-secret-secret'],
    ['JWT_SECRET', 'test-secret-test-secret-test-secret-0123'],
    ['JWT_SECRET', 'changeme-changeme-changeme-changeme-1234'],
    ['ADMIN_PASSWORD', 'aaaaaaaaaaaa'],
    ['ADMIN_PASSWORD', 'abababababab'],
    ['ADMIN_PASSWORD', 'CHANGE_ME_PLEASE'],
  ])('refuses %s=%s as predictable', (name, value) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(new RegExp(`${name}: .*(placeholder|predictable)`));
  });

  it('accepts random secrets', () => {
    const env = loadEnvironment({
      JWT_SECRET: randomBytes(24).toString('base64url'),
      ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
      DATABASE_URL: `postgres://app:${randomBytes(18).toString('base64url')}@db/mm`,
    });
    expect(env.JWT_SECRET).toHaveLength(32);
  });
});

describe('TRUST_PROXY', () => {
  it('defaults to loopback and passes hop counts, false and address lists to Express', () => {
    expect(loadEnvironment({}).TRUST_PROXY).toBe('loopback');
    expect(trustProxySetting(loadEnvironment({ TRUST_PROXY: '2' }).TRUST_PROXY)).toBe(2);
    expect(trustProxySetting(loadEnvironment({ TRUST_PROXY: 'false' }).TRUST_PROXY)).toBe(false);
    expect(trustProxySetting(loadEnvironment({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY)).toBe('10.0.0.0/8, loopback');
  });
});
