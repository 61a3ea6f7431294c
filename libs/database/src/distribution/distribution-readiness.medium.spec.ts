import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@mm/testing';
import { DISTRIBUTION_COLUMN, IGNORED_TABLES, referenceTables, TABLE_PLACEMENT } from './distribution-catalogue';

interface Constraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  refTable: string | null;
  refColumns: string[];
}

/**
 * The migrated schema is ready to be distributed by tenant (Citus): every table is placed
 * (distribution-catalogue.ts), every distributed table carries its distribution key NOT NULL,
 * every primary key, unique constraint and unique index of it includes the key, and every
 * foreign key stays on one shard (co-located tables joined on the key, or a reference table).
 */
describe('distribution readiness of the migrated catalogue', () => {
  let database: TestDatabase;
  let client: Client;
  let tables: string[];
  let columns: Map<string, Map<string, boolean>>; // table → column → NOT NULL
  let constraints: Constraint[];
  let uniqueIndexes: { table: string; name: string; columns: string[] }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.ownerUrl });
    await client.connect();
    tables = (
      await client.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`)
    ).rows.map((r) => r.relname);
    columns = new Map();
    for (const r of (
      await client.query(`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`)
    ).rows) {
      if (!columns.has(r.table_name)) columns.set(r.table_name, new Map());
      columns.get(r.table_name)!.set(r.column_name, r.is_nullable === 'NO');
    }
    constraints = (
      await client.query(`SELECT t.relname AS table, con.conname AS name, con.contype AS type,
          ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
          rt.relname AS "refTable",
          ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS "refColumns"
        FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        LEFT JOIN pg_class rt ON rt.oid = con.confrelid
        WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')`)
    ).rows;
    uniqueIndexes = (
      await client.query(`SELECT t.relname AS table, i.relname AS name,
          ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) k(n) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n)::text[] AS columns
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND x.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`)
    ).rows;
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('places every table of the schema, and only tables that exist', () => {
    const product = tables.filter((t) => !IGNORED_TABLES.includes(t));
    expect(product.filter((t) => !TABLE_PLACEMENT[t])).toEqual([]);
    expect(Object.keys(TABLE_PLACEMENT).filter((t) => !product.includes(t))).toEqual([]);
  });

  it('lists the reference tables', () => {
    expect(referenceTables()).toEqual([
      'districts',
      'monitoring_quarter_closes',
      'monitoring_settings',
      'regions',
      'reporting_periods',
      'schools',
      'target_schedule_points',
    ]);
  });

  it('gives every distributed table its key NOT NULL (and school_id beside district_id on school-level tables)', () => {
    const problems: string[] = [];
    for (const [table, placement] of Object.entries(TABLE_PLACEMENT)) {
      if (placement.kind !== 'district' && placement.kind !== 'region') continue;
      const cols = columns.get(table) ?? new Map<string, boolean>();
      const required = [
        'region_id',
        ...(placement.kind === 'district' ? ['district_id'] : []),
        ...(placement.schoolLevel ? ['school_id'] : []),
      ];
      for (const column of required) if (cols.get(column) !== true) problems.push(`${table}.${column} is missing or nullable`);
    }
    expect(problems).toEqual([]);
  });

  it('includes the distribution key in every primary key, unique constraint and unique index of a distributed table', () => {
    const problems: string[] = [];
    for (const [table, placement] of Object.entries(TABLE_PLACEMENT)) {
      if (placement.kind !== 'district' && placement.kind !== 'region') continue;
      const key = DISTRIBUTION_COLUMN[placement.kind];
      if (!constraints.some((c) => c.table === table && c.type === 'p')) problems.push(`${table} has no primary key`);
      for (const c of constraints.filter((c) => c.table === table && c.type !== 'f')) {
        if (!c.columns.includes(key)) problems.push(`${table}: ${c.name} (${c.columns.join(', ')}) lacks ${key}`);
      }
      for (const i of uniqueIndexes.filter((i) => i.table === table)) {
        if (!i.columns.includes(key)) problems.push(`${table}: unique index ${i.name} (${i.columns.join(', ')}) lacks ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps every foreign key on one shard', () => {
    const problems: string[] = [];
    for (const fk of constraints.filter((c) => c.type === 'f')) {
      const from = TABLE_PLACEMENT[fk.table]?.kind;
      const to = TABLE_PLACEMENT[fk.refTable!]?.kind;
      if (!from || !to) continue; // unplaced tables fail the first test
      if (to === 'reference') continue; // a reference table is on every node
      if (from === 'reference') {
        problems.push(`${fk.table}.${fk.name}: a reference table references ${to} table ${fk.refTable}`);
      } else if (from === 'local' || to === 'local') {
        if (!(from === 'local' && to === 'local'))
          problems.push(`${fk.table}.${fk.name}: ${from} table references ${to} table ${fk.refTable}`);
      } else if (from !== to) {
        problems.push(`${fk.table}.${fk.name}: ${from}-distributed table references ${to}-distributed ${fk.refTable} (not co-located)`);
      } else {
        const key = DISTRIBUTION_COLUMN[from];
        const at = fk.columns.indexOf(key);
        if (at < 0 || fk.refColumns[at] !== key)
          problems.push(`${fk.table}.${fk.name} (${fk.columns.join(', ')}) → ${fk.refTable} does not join on ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
