/**
 * What the embedded start prints about credentials: a password only when the account was just
 * created with it (the admin on its first start, the demo accounts when they are seeded), and
 * never the admin's password for the demo accounts. Later starts point to the secrets file.
 */
export function credentialNotice(input: {
  adminCreated: boolean;
  /** The admin's e-mail and password come from secrets.json rather than ADMIN_EMAIL/ADMIN_PASSWORD. */
  adminGenerated: boolean;
  demoSeeded: boolean;
  secrets: { adminEmail?: string; adminPassword?: string; demoPassword: string };
  secretsFile: string;
}): string[] {
  const lines: string[] = [];
  const { secrets } = input;
  if (input.adminCreated && input.adminGenerated) {
    lines.push(`admin created: ${secrets.adminEmail} / ${secrets.adminPassword} (shown once; kept in ${input.secretsFile})`);
  }
  if (input.demoSeeded) {
    lines.push(
      `demo accounts (coordinator@demo.local, authority@demo.local, curator01@demo.local …) password: ${secrets.demoPassword} (shown once; kept in ${input.secretsFile})`,
    );
  }
  if (!lines.length && input.adminGenerated) lines.push(`credentials are kept in ${input.secretsFile}`);
  return lines;
}
