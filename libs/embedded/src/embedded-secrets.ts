import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Generated once per DATA_DIR and reused, so a restart keeps its database, tokens and admin. */
export interface EmbeddedSecrets {
  postgresPassword: string;
  appPassword: string;
  jwtSecret: string;
  adminEmail: string;
  adminPassword: string;
  /** The demo accounts' own password: handing out a demo login never reveals the admin's. */
  demoPassword: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * Reads DATA_DIR/secrets.json or creates it. A file from an older version lacking a secret gets
 * that secret generated and written back (e.g. `demoPassword`, once shared with the admin).
 */
export function loadOrCreateSecrets(dataDir: string): { secrets: EmbeddedSecrets; created: boolean } {
  const file = path.join(dataDir, 'secrets.json');
  const existing: Partial<EmbeddedSecrets> | null = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
  const secrets: EmbeddedSecrets = {
    postgresPassword: token(18),
    appPassword: token(18),
    jwtSecret: token(48),
    adminEmail: 'admin@demo.local',
    adminPassword: token(12),
    demoPassword: token(12),
    ...existing,
  };
  if (existing && Object.keys(secrets).every((k) => k in existing)) return { secrets, created: false };
  fs.mkdirSync(dataDir, { recursive: true });
  // Written to a temp file and renamed: a run killed mid-write leaves no half file behind.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return { secrets, created: existing === null };
}
