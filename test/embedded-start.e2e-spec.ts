import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRedisServer, freePort, isAlive } from '@mm/embedded';
import { tempDir } from '@mm/testing';

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist/apps/embedded/src/main.js');

interface Run {
  child: ChildProcess;
  output: () => string;
}

/** Starts the embedded default the way `npm start` does (compiled entry) and waits until it serves. */
async function start(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Mentorship Monitor is running')) {
    if (child.exitCode !== null) throw new Error(`embedded start exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`embedded start did not come up within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

async function gql(port: number, query: string, variables?: object, token?: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { role } } }`;

describe('embedded default (npm start)', () => {
  const dataDir = path.join(tempDir('mm-embedded-'), 'data');
  const admin = { ADMIN_EMAIL: 'ops@district.example', ADMIN_PASSWORD: 'embedded-admin-pass-1' };
  const runs: Run[] = [];

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }, 120_000);
  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    // A SIGKILLed run leaves its servers; one more start-and-stop would clean them, but the pid files tell us directly.
    for (const pidFile of [path.join(dataDir, 'postgres/postmaster.pid'), path.join(dataDir, 'redis/redis.pid')]) {
      if (fs.existsSync(pidFile)) {
        const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 1 && isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });

  it('starts on PORT with DATA_DIR, seeds the demo once, survives SIGKILL, and stops everything on Ctrl-C', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, ...admin };

    const first = await start(env);
    runs.push(first);
    expect(await gql(port, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    const login = await gql(port, LOGIN, { e: admin.ADMIN_EMAIL, p: admin.ADMIN_PASSWORD });
    expect(login.data.login.user.role).toBe('ADMIN');
    expect(first.output()).toContain('demo data seeded');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'postgres/PG_VERSION'))).toBe(true);

    // A killed run (no shutdown hooks) must not corrupt or block the next start.
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await start(env);
    runs.push(second);
    expect(second.output()).not.toContain('demo data seeded');
    expect(second.output()).not.toContain('migrations applied');
    const again = await gql(port, LOGIN, { e: admin.ADMIN_EMAIL, p: admin.ADMIN_PASSWORD });
    expect(again.data.login.accessToken).toEqual(expect.any(String));
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8'));
    expect(secrets.demoPassword).not.toBe(secrets.adminPassword);
    expect(first.output()).toContain(secrets.demoPassword);
    expect(second.output()).not.toContain(secrets.demoPassword);
    const demo = await gql(port, LOGIN, { e: 'coordinator@demo.local', p: secrets.demoPassword });
    expect(demo.data.login.user.role).toBe('DISTRICT_COORDINATOR');
    const demoWithAdmins = await gql(port, LOGIN, { e: 'curator01@demo.local', p: secrets.adminPassword });
    expect(demoWithAdmins.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // Its own redis-server where one is installed; on a machine with Node alone, the queues in PostgreSQL.
    const withRedis = findRedisServer() !== undefined;
    expect(second.output()).toContain(withRedis ? 'local redis-server on' : 'queues kept in PostgreSQL');
    const pgPid = Number(fs.readFileSync(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8').split('\n')[0]);
    const redisPid = withRedis ? Number(fs.readFileSync(path.join(dataDir, 'redis/redis.pid'), 'utf8').trim()) : undefined;
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    if (redisPid !== undefined) expect(isAlive(redisPid)).toBe(false);
  }, 180_000);
});
