import { Client } from 'pg';
import { Role } from '@mm/database';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { RateLimiter } from './rate-limiter';

const USER_A = '00000000-0000-4000-8000-00000000000a';
const USER_B = '00000000-0000-4000-8000-00000000000b';

describe('RateLimiter (Postgres)', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof connectTenantDatabase>>;
  let owner: Client;
  let limiter: RateLimiter;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The runtime role, as the API uses it: the table must be granted to mm_app.
    app = await connectTenantDatabase(database.appUrl);
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    limiter = new RateLimiter(app.db);
  });
  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  /** Moves a budget's clock back instead of sleeping: as if `seconds` had passed. */
  const elapse = (key: string, seconds: number) =>
    owner.query(`UPDATE rate_limits SET busy_until = busy_until - make_interval(secs => $2) WHERE key = $1`, [key, seconds]);

  it('allows `limit` calls at once, then refuses with the wait until the next one', async () => {
    const policy = { key: 'burst', limit: 3, windowSeconds: 60 };
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.reserve(policy, USER_A));
    expect(decisions.slice(0, 3).map((d) => d.allowed)).toEqual([true, true, true]);
    expect(decisions[3]).toMatchObject({ allowed: false });
    const wait = (decisions[3] as { retryAfterSeconds: number }).retryAfterSeconds;
    // One call frees every window/limit = 20 s.
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(20);
  });

  it('does not charge refused calls, and frees one call per window/limit', async () => {
    const policy = { key: 'refill', limit: 2, windowSeconds: 60 };
    await limiter.reserve(policy, USER_A);
    await limiter.reserve(policy, USER_A);
    const [before] = (await owner.query(`SELECT busy_until FROM rate_limits WHERE key = 'refill'`)).rows;
    for (let i = 0; i < 5; i++) expect((await limiter.reserve(policy, USER_A)).allowed).toBe(false);
    const [after] = (await owner.query(`SELECT busy_until FROM rate_limits WHERE key = 'refill'`)).rows;
    expect(after.busy_until).toEqual(before.busy_until);

    await elapse('refill', 31);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(false);
    await elapse('refill', 120);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(false);
  });

  it('keeps a budget per user and per key', async () => {
    const policy = { key: 'per-user', limit: 1, windowSeconds: 60 };
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(false);
    expect((await limiter.reserve(policy, USER_B)).allowed).toBe(true);
    expect((await limiter.reserve({ ...policy, key: 'other-key' }, USER_A)).allowed).toBe(true);
  });

  it("gives the charge back when the operation's transaction rolls back", async () => {
    const policy = { key: 'rollback', limit: 2, windowSeconds: 60 };
    const budget = async () => (await owner.query(`SELECT key, user_id, busy_until::text FROM rate_limits WHERE key = 'rollback'`)).rows;
    const scope = { role: 'SYSTEM' as const, userId: USER_A, regionId: null, districtId: null, schoolId: null };
    await expect(
      app.db.transaction(scope, async () => {
        expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
        throw new Error('the operation failed');
      }),
    ).rejects.toThrow('the operation failed');
    expect(await budget()).toEqual([]);

    await limiter.reserve(policy, USER_A);
    const before = await budget();
    await expect(
      app.db.transaction(scope, async () => {
        expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true);
        throw new Error('failed again');
      }),
    ).rejects.toThrow('failed again');
    expect(await budget()).toEqual(before);
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(true); // the slot is usable again
    expect((await limiter.reserve(policy, USER_A)).allowed).toBe(false);
  });

  it('is out of reach of the runtime role except through the function', async () => {
    const scope = { role: Role.SCHOOL_CURATOR, userId: USER_A, regionId: null, districtId: null, schoolId: null };
    const rows = await app.db.transaction(scope, (tx) => tx.query(`SELECT * FROM rate_limits`));
    expect(rows).toEqual([]);
  });

  it('grants exactly `limit` of many simultaneous calls', async () => {
    const policy = { key: 'race', limit: 5, windowSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.reserve(policy, USER_A)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});
