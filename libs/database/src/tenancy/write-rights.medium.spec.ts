import { Client } from 'pg';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { TenantDatabase } from './tenant-database.service';
import { Role, SYSTEM_SCOPE, TenantScope } from './tenant-scope';

const sqlState = (error: unknown): string | undefined => (error as any)?.driverError?.code ?? (error as any)?.code;

/** What the runtime role may write in users, job_runs and login_throttle, whatever the API does. */
describe('narrowed write rights (medium, real Postgres as the app role)', () => {
  let database: TestDatabase;
  let owner: Client;
  let app: { db: TenantDatabase; close(): Promise<void> };
  const ids: Record<string, string> = {};

  const one = async (sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows[0];
  const as = (scope: TenantScope, sql: string, params: unknown[] = []) => app.db.transaction(scope, (tx) => tx.query(sql, params));
  const failure = async (work: Promise<unknown>) =>
    work.then(
      () => 'ok',
      (e) => sqlState(e) ?? String(e),
    );
  const curator = (): TenantScope => ({
    role: Role.SCHOOL_CURATOR,
    userId: ids.curator1!,
    regionId: ids.region!,
    districtId: ids.district!,
    schoolId: ids.school!,
  });
  const coordinator = (): TenantScope => ({
    role: Role.DISTRICT_COORDINATOR,
    userId: ids.coordinator!,
    regionId: ids.region!,
    districtId: ids.district!,
    schoolId: null,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    ids.region = (await one(`INSERT INTO regions (code, name) VALUES ('R-W', 'R') RETURNING id`)).id;
    ids.district = (await one(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-W', 'D') RETURNING id`, [ids.region])).id;
    ids.school = (
      await one(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-W', 'S') RETURNING id`, [
        ids.region,
        ids.district,
      ])
    ).id;
    const user = (email: string, role: string, school: string | null, district: string | null) =>
      one(
        `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ($1, 'x', $2, $3, $4, $5) RETURNING id`,
        [email, role, ids.region, district, school],
      );
    ids.curator1 = (await user('c1@w.test', 'SCHOOL_CURATOR', ids.school!, ids.district!)).id;
    ids.curator2 = (await user('c2@w.test', 'SCHOOL_CURATOR', ids.school!, ids.district!)).id;
    ids.coordinator = (await user('co@w.test', 'DISTRICT_COORDINATOR', null, ids.district!)).id;
    ids.coordinator2 = (await user('co2@w.test', 'DISTRICT_COORDINATOR', null, ids.district!)).id;
    ids.job = (
      await one(`INSERT INTO job_runs (name, queue, payload, region_id, district_id) VALUES ('t', 't', '{}', $1, $2) RETURNING id`, [
        ids.region,
        ids.district,
      ])
    ).id;
    app = await connectTenantDatabase(database.appUrl);
  });
  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  it('lets a curator write only its own account, not another curator of its school', async () => {
    expect(await as(curator(), `UPDATE users SET display_name = 'x' WHERE id = $1 RETURNING id`, [ids.curator2])).toEqual([]);
    expect(await as(curator(), `UPDATE users SET password_hash = 'mine' WHERE id = $1 RETURNING id`, [ids.curator1])).toHaveLength(1);
    expect(
      await failure(
        as(
          curator(),
          `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ('n@w.test', 'x', 'SCHOOL_CURATOR', $1, $2, $3)`,
          [ids.region, ids.district, ids.school],
        ),
      ),
    ).toBe('42501');
  });

  it('lets a coordinator manage the curators of its district but not change a role, a scope or a password', async () => {
    expect(await as(coordinator(), `UPDATE users SET active = false WHERE id = $1 RETURNING id`, [ids.curator2])).toHaveLength(1);
    expect(await as(coordinator(), `UPDATE users SET active = false WHERE id = $1 RETURNING id`, [ids.coordinator2])).toEqual([]);
    expect(
      await failure(as(coordinator(), `UPDATE users SET role = 'DISTRICT_COORDINATOR', school_id = NULL WHERE id = $1`, [ids.curator2])),
    ).toBe('42501');
    expect(await failure(as(coordinator(), `UPDATE users SET password_hash = 'chosen' WHERE id = $1`, [ids.curator2]))).toBe('42501');
    expect(await one(`SELECT role, password_hash, active FROM users WHERE id = $1`, [ids.curator2])).toEqual({
      role: 'SCHOOL_CURATOR',
      password_hash: 'x',
      active: false,
    });
  });

  it('lets the runtime role update only the state columns of job_runs', async () => {
    expect(await failure(as(SYSTEM_SCOPE, `UPDATE job_runs SET payload = '{"scope":{}}' WHERE id = $1`, [ids.job]))).toBe('42501');
    expect(await failure(as(SYSTEM_SCOPE, `UPDATE job_runs SET region_id = NULL, district_id = NULL WHERE id = $1`, [ids.job]))).toBe(
      '42501',
    );
    expect(
      await as(SYSTEM_SCOPE, `UPDATE job_runs SET state = 'RUNNING', progress = 5, updated_at = now() WHERE id = $1 RETURNING id`, [
        ids.job,
      ]),
    ).toHaveLength(1);
  });

  it('keeps login_throttle to the SYSTEM scope', async () => {
    await as(SYSTEM_SCOPE, `INSERT INTO login_throttle (key) VALUES ('email:c1@w.test')`);
    expect(await as(coordinator(), `SELECT key FROM login_throttle`)).toEqual([]);
    expect(await failure(as(coordinator(), `INSERT INTO login_throttle (key) VALUES ('email:x@w.test')`))).toBe('42501');
    expect(await as(SYSTEM_SCOPE, `SELECT key FROM login_throttle`)).toEqual([{ key: 'email:c1@w.test' }]);
  });
});
