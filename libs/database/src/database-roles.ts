import { Client } from 'pg';
import { APP_ROLE } from './tenancy/rls-policy';

/**
 * Makes the login role of the runtime URL a member of `mm_app` (creating it when the owner may),
 * so migrations grant to one group role and deployments choose their own login names.
 */
export async function ensureAppLoginRole(ownerUrl: string, appUrl: string): Promise<void> {
  const app = new URL(appUrl);
  const owner = new URL(ownerUrl);
  const user = decodeURIComponent(app.username);
  if (!user || user === decodeURIComponent(owner.username)) return;
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    const ident = client.escapeIdentifier(user);
    const password = client.escapeLiteral(decodeURIComponent(app.password));
    if (exists.rowCount === 0) {
      await client.query(`CREATE ROLE ${ident} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${password}`);
    }
    await client.query(`GRANT ${APP_ROLE} TO ${ident}`);
  } finally {
    await client.end();
  }
}

export interface RuntimeRoleReport {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  ownedTables: number;
}

/** What the runtime connection's role may do; the API refuses to start on a role that escapes RLS. */
export async function inspectRuntimeRole(query: (sql: string) => Promise<RuntimeRoleReport[]>): Promise<RuntimeRoleReport> {
  const [row] = await query(`SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
      (SELECT count(*)::int FROM pg_tables t WHERE t.tableowner = current_user AND t.schemaname = 'public') AS "ownedTables"
    FROM pg_roles r WHERE r.rolname = current_user`);
  return row;
}

export function runtimeRoleProblems(report: RuntimeRoleReport): string[] {
  const problems: string[] = [];
  if (report.superuser) problems.push(`role "${report.role}" is a superuser`);
  if (report.bypassRls) problems.push(`role "${report.role}" has BYPASSRLS`);
  if (report.ownedTables > 0) problems.push(`role "${report.role}" owns ${report.ownedTables} tables`);
  return problems;
}
