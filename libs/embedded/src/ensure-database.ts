import { Client } from 'pg';

/** Creates `database` on the server of `superuserUrl` if it does not exist yet. */
export async function ensureDatabase(superuserUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(database)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`,
      );
    }
  } finally {
    await client.end();
  }
}
