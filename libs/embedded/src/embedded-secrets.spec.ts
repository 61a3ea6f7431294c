import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrCreateSecrets } from './embedded-secrets';

describe('loadOrCreateSecrets', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mm-secrets-'));

  it('gives the demo accounts a password of their own, kept across starts', () => {
    const dataDir = dir();
    const first = loadOrCreateSecrets(dataDir);
    expect(first.created).toBe(true);
    expect(first.secrets.demoPassword).toEqual(expect.any(String));
    expect(first.secrets.demoPassword.length).toBeGreaterThanOrEqual(16);
    expect(first.secrets.demoPassword).not.toBe(first.secrets.adminPassword);
    const second = loadOrCreateSecrets(dataDir);
    expect(second).toEqual({ secrets: first.secrets, created: false });
    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
  });

  it('adds a demo password to a secrets file written before demo accounts had their own', () => {
    const dataDir = dir();
    const old = { postgresPassword: 'p', appPassword: 'a', jwtSecret: 'j', adminEmail: 'admin@demo.local', adminPassword: 'admin-secret' };
    fs.writeFileSync(path.join(dataDir, 'secrets.json'), JSON.stringify(old));
    const { secrets, created } = loadOrCreateSecrets(dataDir);
    expect(created).toBe(false);
    expect(secrets).toMatchObject(old);
    expect(secrets.demoPassword).not.toBe(old.adminPassword);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).demoPassword).toBe(secrets.demoPassword);
  });
});
