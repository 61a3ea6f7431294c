import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { createDataSource } from '../data-source.options';
import { inspectRuntimeRole, runtimeRoleProblems } from '../database-roles';
import { TenantDatabase } from './tenant-database.service';
import { Role, TenantScope } from './tenant-scope';

/*
 * The database lock on its own: what the runtime role sees and may do, whatever the API does.
 */

const TENANT_COLUMNS = ['region_id', 'district_id', 'school_id'];

/**
 * Tables that carry a tenant column but are not tenant data. None today; each addition needs the
 * reason here, next to its name.
 */
const NON_TENANT_TABLES: Record<string, string> = {};

const PG_INSUFFICIENT_PRIVILEGE = '42501';
const sqlState = (error: unknown): string | undefined => (error as any)?.driverError?.code ?? (error as any)?.code;

interface Tenant {
  regionId: string;
  districtId: string;
  schoolIds: string[];
}

describe('tenant isolation in the database (medium, real Postgres as the app role)', () => {
  let database: TestDatabase;
  let owner: Client;
  let app: { db: TenantDatabase; dataSource: DataSource; close(): Promise<void> };
  let a: Tenant;
  let b: Tenant;

  const curatorOf = (t: Tenant, school = 0): TenantScope => ({
    role: Role.SCHOOL_CURATOR,
    userId: null,
    regionId: t.regionId,
    districtId: t.districtId,
    schoolId: t.schoolIds[school]!,
  });
  const coordinatorOf = (t: Tenant): TenantScope => ({
    role: Role.DISTRICT_COORDINATOR,
    userId: null,
    regionId: t.regionId,
    districtId: t.districtId,
    schoolId: null,
  });
  const authorityOf = (t: Tenant): TenantScope => ({
    role: Role.AUTHORITY,
    userId: null,
    regionId: t.regionId,
    districtId: null,
    schoolId: null,
  });

  /** A region with a district, schools, accounts and rows in the tenant tables, written as the owner. */
  async function tenant(tag: string, schools: number): Promise<Tenant> {
    const q = async (sql: string, params: unknown[]) => (await owner.query(sql, params)).rows[0];
    const region = await q(`INSERT INTO regions (code, name) VALUES ($1, $1) RETURNING id`, [`R-${tag}`]);
    const district = await q(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $2) RETURNING id`, [region.id, `D-${tag}`]);
    const t: Tenant = { regionId: region.id, districtId: district.id, schoolIds: [] };
    await q(`INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ($1, 'x', 'DISTRICT_COORDINATOR', $2, $3)`, [
      `coordinator@${tag}.test`,
      t.regionId,
      t.districtId,
    ]);
    await q(`INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, 'MENTEE_COVERAGE', 2024, 7000)`, [
      t.regionId,
    ]);
    await q(`INSERT INTO reporting_periods (region_id, year, quarter, deadline) VALUES ($1, 2024, 1, '2024-04-10')`, [t.regionId]);
    for (let i = 1; i <= schools; i++) {
      const school = await q(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $3) RETURNING id`, [
        t.regionId,
        t.districtId,
        `S-${tag}-${i}`,
      ]);
      t.schoolIds.push(school.id);
      const ids = [t.regionId, t.districtId, school.id];
      await q(
        `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ($1, 'x', 'SCHOOL_CURATOR', $2, $3, $4)`,
        [`curator${i}@${tag}.test`, ...ids],
      );
      await q(`INSERT INTO enrollments (region_id, district_id, school_id, year, students) VALUES ($1, $2, $3, 2024, 500)`, ids);
      await q(
        `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version) VALUES ($1, $2, $3, 2024, 1, 'DRAFT', 1)`,
        ids,
      );
      await q(
        `INSERT INTO job_runs (name, queue, payload, region_id, district_id, school_id) VALUES ('test', 'test', '{}', $1, $2, $3)`,
        ids,
      );
      await q(
        `INSERT INTO audit_log (actor_role, region_id, district_id, school_id, operation) VALUES ('SCHOOL_CURATOR', $1, $2, $3, 'test')`,
        ids,
      );
    }
    return t;
  }

  /** Public tables with a region_id, district_id or school_id column, plus regions itself (its id is the key). */
  async function tenantTables(): Promise<string[]> {
    const { rows } = await owner.query<{ name: string }>(
      `SELECT DISTINCT c.table_name AS name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND c.column_name = ANY($1)
       UNION SELECT 'regions' ORDER BY name`,
      [TENANT_COLUMNS],
    );
    return rows.map((r) => r.name).filter((name) => !NON_TENANT_TABLES[name]);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    a = await tenant('a', 2);
    b = await tenant('b', 1);
    app = await connectTenantDatabase(database.appUrl);
  });

  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  it('shows the app role no tenant row at all when no scope is set', async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(
      expect.arrayContaining(['regions', 'districts', 'schools', 'users', 'audit_log', 'enrollments', 'quarterly_reports', 'job_runs']),
    );
    const client = new Client({ connectionString: database.appUrl });
    await client.connect();
    try {
      const visible: Record<string, number | string> = {};
      const stored: Record<string, number> = {};
      for (const table of tables) {
        stored[table] = Number((await owner.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
        try {
          visible[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
        } catch (error) {
          // No grant at all hides the rows too; anything else is a real failure.
          if (sqlState(error) !== PG_INSUFFICIENT_PRIVILEGE) throw error;
          visible[table] = 'no privilege';
        }
      }
      for (const table of tables) expect([table, visible[table]]).toEqual([table, visible[table] === 'no privilege' ? 'no privilege' : 0]);
      // The fixtures did put rows there: the zeros above are RLS at work, not empty tables.
      for (const table of ['regions', 'districts', 'schools', 'users', 'audit_log', 'enrollments', 'quarterly_reports', 'job_runs']) {
        expect([table, stored[table]! > 0]).toEqual([table, true]);
      }
    } finally {
      await client.end();
    }
  });

  it('has row-level security enabled and forced on every table with a tenant column, for a role that cannot bypass it', async () => {
    const { rows } = await owner.query<{ name: string; enabled: boolean; forced: boolean }>(
      `SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM information_schema.columns col
                       WHERE col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = ANY($1))
        ORDER BY c.relname`,
      [TENANT_COLUMNS],
    );
    expect(rows.length).toBeGreaterThan(5);
    const unprotected = rows.filter((r) => !NON_TENANT_TABLES[r.name] && !(r.enabled && r.forced)).map((r) => r.name);
    expect(unprotected).toEqual([]);
    const regions = await owner.query(`SELECT relrowsecurity AND relforcerowsecurity AS ok FROM pg_class WHERE relname = 'regions'`);
    expect(regions.rows[0].ok).toBe(true);

    const role = await inspectRuntimeRole((sql) => app.dataSource.query(sql));
    expect(runtimeRoleProblems(role)).toEqual([]);
  });

  it('returns only the caller’s rows to a deliberately unscoped query', async () => {
    const ids = (scope: TenantScope, sql: string) =>
      app.db.transaction(scope, async (tx) => (await tx.query(sql)).map((r: any) => r.v).sort());
    const sorted = (values: string[]) => [...values].sort();

    expect(await ids(curatorOf(a), `SELECT id AS v FROM schools`)).toEqual([a.schoolIds[0]]);
    expect(await ids(curatorOf(a), `SELECT DISTINCT school_id AS v FROM users`)).toEqual([a.schoolIds[0]]);
    expect(await ids(curatorOf(a), `SELECT school_id AS v FROM enrollments`)).toEqual([a.schoolIds[0]]);
    expect(await ids(curatorOf(a), `SELECT school_id AS v FROM quarterly_reports`)).toEqual([a.schoolIds[0]]);
    expect(await ids(curatorOf(a), `SELECT school_id AS v FROM job_runs`)).toEqual([a.schoolIds[0]]);
    expect(await ids(curatorOf(a), `SELECT id AS v FROM audit_log`)).toEqual([]);
    expect(await ids(curatorOf(a), `SELECT id AS v FROM districts`)).toEqual([a.districtId]);
    expect(await ids(curatorOf(a), `SELECT id AS v FROM regions`)).toEqual([a.regionId]);

    expect(await ids(coordinatorOf(a), `SELECT id AS v FROM schools`)).toEqual(sorted(a.schoolIds));
    expect(await ids(coordinatorOf(a), `SELECT DISTINCT district_id AS v FROM users`)).toEqual([a.districtId]);
    expect(await ids(coordinatorOf(a), `SELECT DISTINCT district_id AS v FROM audit_log`)).toEqual([a.districtId]);
    expect(await ids(authorityOf(b), `SELECT DISTINCT region_id AS v FROM schools`)).toEqual([b.regionId]);
    expect(await ids(authorityOf(b), `SELECT region_id AS v FROM reporting_periods`)).toEqual([b.regionId]);
    expect(await ids(authorityOf(b), `SELECT id AS v FROM regions`)).toEqual([b.regionId]);

    // Writes outside the scope are refused by the policies' WITH CHECK.
    const write = app.db.transaction(curatorOf(a), (tx) =>
      tx.query(`INSERT INTO enrollments (region_id, district_id, school_id, year, students) VALUES ($1, $2, $3, 2030, 1)`, [
        b.regionId,
        b.districtId,
        b.schoolIds[0],
      ]),
    );
    await expect(write).rejects.toMatchObject({ driverError: { code: PG_INSUFFICIENT_PRIVILEGE } });
    const moved = await app.db.transaction(coordinatorOf(a), (tx) =>
      tx.query(`UPDATE schools SET name = 'moved' WHERE district_id = $1 RETURNING id`, [b.districtId]),
    );
    expect(moved).toEqual([]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM schools WHERE name = 'moved'`)).rows[0].n).toBe(0);
  });

  it('opens an authority scope without a region only when it says national', async () => {
    const unbounded: TenantScope = { role: Role.AUTHORITY, userId: null, regionId: null, districtId: null, schoolId: null };
    let ran = false;
    await expect(app.db.transaction(unbounded, async () => (ran = true))).rejects.toThrow(/explicitly national/);
    expect(ran).toBe(false);
    await expect(app.db.transaction({ ...authorityOf(a), national: true }, async () => undefined)).rejects.toThrow(/names no region/);
    await expect(app.db.transaction({ ...curatorOf(a), national: true }, async () => undefined)).rejects.toThrow(/only an authority/);

    const regions = await app.db.transaction({ ...unbounded, national: true }, async (tx) =>
      (await tx.query(`SELECT id FROM regions`)).map((r: any) => r.id),
    );
    expect(regions).toEqual(expect.arrayContaining([a.regionId, b.regionId]));
  });

  it('never lets two tenants see each other on the same pooled connection, and leaves no setting behind', async () => {
    const pooled = createDataSource({ url: database.appUrl, poolSize: 1 });
    await pooled.initialize();
    try {
      const db = new TenantDatabase(pooled);
      const look = (scope: TenantScope) =>
        db.transaction(scope, async (tx) => {
          const [{ pid }] = await tx.query(`SELECT pg_backend_pid() AS pid`);
          const schools = (await tx.query(`SELECT id FROM schools`)).map((r: any) => r.id);
          const reports = (await tx.query(`SELECT school_id FROM quarterly_reports`)).map((r: any) => r.school_id);
          return { pid, schools, reports };
        });
      const afterwards = async () =>
        (
          await pooled.query(`SELECT pg_backend_pid() AS pid, current_setting('app.role', true) AS role, current_setting('app.region_id', true) AS region,
            current_setting('app.district_id', true) AS district, current_setting('app.school_id', true) AS school,
            (SELECT count(*)::int FROM schools) AS visible`)
        )[0];

      const pids = new Set<number>();
      // Alternating, one after the other.
      for (let i = 0; i < 6; i++) {
        const [scope, own] = i % 2 === 0 ? [curatorOf(a), a.schoolIds[0]] : [curatorOf(b), b.schoolIds[0]];
        const seen = await look(scope);
        pids.add(seen.pid);
        expect(seen.schools).toEqual([own]);
        expect(seen.reports).toEqual([own]);
        const left = await afterwards();
        pids.add(left.pid);
        expect(left).toMatchObject({ role: '', region: '', district: '', school: '', visible: 0 });
      }
      // Requested at once: the single connection serves them in turn.
      const scopes = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? curatorOf(a) : i % 3 === 1 ? coordinatorOf(b) : curatorOf(a, 1)));
      const results = await Promise.all(scopes.map(look));
      results.forEach((seen, i) => {
        pids.add(seen.pid);
        const expected = i % 3 === 0 ? [a.schoolIds[0]] : i % 3 === 1 ? b.schoolIds : [a.schoolIds[1]];
        expect(seen.schools.sort()).toEqual([...expected].sort());
      });
      // A transaction that fails leaves nothing behind either.
      await expect(db.transaction(coordinatorOf(a), async (tx) => tx.query(`SELECT 1/0`))).rejects.toBeDefined();
      expect(await afterwards()).toMatchObject({ role: '', district: '', visible: 0 });
      expect(pids.size).toBe(1);
    } finally {
      await pooled.destroy();
    }
  });

  it('keeps the audit log append-only for the app role', async () => {
    const admin: TenantScope = { role: Role.ADMIN, userId: null, regionId: null, districtId: null, schoolId: null };
    const before = (await owner.query(`SELECT count(*)::int AS n, string_agg(operation, ',' ORDER BY id) AS ops FROM audit_log`)).rows[0];
    const attempt = (sql: string) =>
      app.db
        .transaction(admin, (tx) => tx.query(sql))
        .then(
          () => 'succeeded',
          (e) => sqlState(e),
        );
    expect(await attempt(`UPDATE audit_log SET operation = 'tampered'`)).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await attempt(`DELETE FROM audit_log`)).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await attempt(`TRUNCATE audit_log`)).toBe(PG_INSUFFICIENT_PRIVILEGE);
    // Inserting is what the platform does; that stays possible.
    expect(await attempt(`INSERT INTO audit_log (actor_role, operation) VALUES ('ADMIN', 'check')`)).toBe('succeeded');
    const after = (await owner.query(`SELECT count(*)::int AS n, string_agg(operation, ',' ORDER BY id) AS ops FROM audit_log`)).rows[0];
    expect(after).toEqual({ n: before.n + 1, ops: `${before.ops},check` });
  });
});
