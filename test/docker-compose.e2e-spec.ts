import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const DOCKER = path.resolve(__dirname, '../docker');
const composeText = fs.readFileSync(path.join(DOCKER, 'compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true });
const services: Record<string, any> = compose.services;
const caddyfile = fs.readFileSync(path.join(DOCKER, 'Caddyfile'), 'utf8');
const envExample = fs.readFileSync(path.join(DOCKER, '.env.example'), 'utf8');

const dependsOn = (service: string): Record<string, { condition?: string }> => {
  const d = services[service].depends_on ?? {};
  return Array.isArray(d) ? Object.fromEntries(d.map((n: string) => [n, {}])) : d;
};

/**
 * No Docker engine runs here: the compose file is parsed and checked for what
 * `docker compose … up --scale api=2 --scale worker=2` needs (docs/scale-out.md).
 */
describe('docker/compose.yml (parsed)', () => {
  it('has the services: database, queue, migrate step, API, worker, proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'proxy', 'redis', 'worker']);
  });

  it('lets the API and the worker scale: no published port, no fixed container name', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].ports).toBeUndefined();
      expect(services[name].container_name).toBeUndefined();
      expect(services[name].network_mode).toBeUndefined();
    }
    expect(services.api.expose).toEqual(['3000']);
  });

  it('puts a TLS-terminating proxy with HSTS in front of every API replica', () => {
    expect(services.proxy.image).toMatch(/^(caddy|nginx):/);
    expect(services.proxy.ports.map(String).some((p: string) => /:443$/.test(p))).toBe(true);
    expect(dependsOn('proxy').api?.condition).toBe('service_healthy');
    expect(services.proxy.volumes.some((v: string) => v.startsWith('./Caddyfile:/etc/caddy/Caddyfile'))).toBe(true);
    // The API replicas resolved from the compose DNS name, re-read so a new replica joins.
    expect(caddyfile).toMatch(/reverse_proxy\s*\{[^]*dynamic a api 3000/);
    expect(caddyfile).toMatch(/lb_policy round_robin/);
    expect(caddyfile).toMatch(/tls \{\$TLS_CERTIFICATES:internal\}/);
    const hsts = caddyfile.match(/Strict-Transport-Security "max-age=(\d+)/);
    expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(31_536_000);
    // The API believes the proxy's X-Forwarded-For (the login throttle counts per address).
    expect(services.api.environment.TRUST_PROXY).toMatch(/uniquelocal/);
  });

  it('gives every long-running service a healthcheck and the apps a grace period to drain', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker', 'proxy']) {
      expect(services[name].healthcheck?.test).toBeDefined();
      expect(services[name].restart).toBe('unless-stopped');
    }
    for (const name of ['api', 'worker']) expect(services[name].stop_grace_period).toBe('30s');
    expect(services.api.healthcheck.test.join(' ')).toContain('http://127.0.0.1:3000/health');
    expect(services.worker.healthcheck.test.join(' ')).toContain(
      `http://127.0.0.1:${services.worker.environment.WORKER_HEALTH_PORT}/health`,
    );
  });

  it('migrates once before any API or worker replica starts', () => {
    expect(services.migrate.command.join(' ')).toContain('dist/libs/database/src/cli/migrate.js');
    expect(services.migrate.restart).toBe('no');
    expect(dependsOn('migrate').postgres?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(dependsOn(name).migrate?.condition).toBe('service_completed_successfully');
      expect(dependsOn(name).redis?.condition).toBe('service_healthy');
    }
    // Only the migrate step holds the owner's URL; the replicas connect as the runtime role.
    expect(services.migrate.environment.DATABASE_MIGRATION_URL).toContain('mm_owner');
    for (const name of ['api', 'worker']) {
      expect(services[name].environment.DATABASE_MIGRATION_URL).toBeUndefined();
      expect(services[name].environment.DATABASE_URL).toMatch(/^postgres:\/\/mm_app_login:/);
    }
  });

  it('pins the database, queue and proxy images to a release', () => {
    // A minor release of PostgreSQL (16.6) or a patch release of the others, never `latest` or a bare major.
    expect(services.postgres.image).toMatch(/^postgres:\d+\.\d+(-[a-z0-9]+)?(@sha256:[0-9a-f]{64})?$/);
    for (const name of ['redis', 'proxy']) {
      expect(services[name].image).toMatch(/^[a-z]+:\d+\.\d+\.\d+(-[a-z0-9]+)?(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('protects Redis with a password and keeps its queues durable', () => {
    const command = services.redis.command.join(' ');
    expect(command).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(services.redis.ports).toBeUndefined();
    expect(services.redis.healthcheck.test.join(' ')).toContain('REDISCLI_AUTH');
    for (const name of ['api', 'worker', 'migrate']) {
      expect(services[name].environment.REDIS_URL).toBe('redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379');
    }
    expect(services.postgres.ports).toBeUndefined();
  });

  it('lists every variable the file requires in .env.example', () => {
    const required = new Set([...composeText.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]!));
    const documented = new Set([...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!));
    expect([...required].filter((v) => !documented.has(v))).toEqual([]);
    expect(required.has('REDIS_PASSWORD')).toBe(true);
  });
});
