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
}

export function loadOrCreateSecrets(dataDir: string): { secrets: EmbeddedSecrets; created: boolean } {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) return { secrets: JSON.parse(fs.readFileSync(file, 'utf8')), created: false };
  const token = (bytes: number) => randomBytes(bytes).toString('base64url');
  const secrets: EmbeddedSecrets = {
    postgresPassword: token(18),
    appPassword: token(18),
    jwtSecret: token(48),
    adminEmail: 'admin@demo.local',
    adminPassword: token(12),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  // Written to a temp file and renamed: a run killed mid-write leaves no half file behind.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return { secrets, created: true };
}
