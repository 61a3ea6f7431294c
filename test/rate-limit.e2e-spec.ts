import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { createApiApp } from '../apps/api/src/bootstrap';
import { RATE_LIMITS } from '../apps/api/src/engine/rate-limit';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';

const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;
const RUN_REGION = `mutation($regionId: ID!, $year: Int!, $quarter: Int!) {
  runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) { id state }
}`;
const EXPORT = `mutation ExportStatForm($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state } }`;
const IMPORT_SCHOOLS = `mutation($input: ImportSchoolsInput!) { importSchools(input: $input) { dryRun imported } }`;
const IMPORT_ENROLLMENT = `mutation($input: ImportEnrollmentInput!) { importEnrollment(input: $input) { dryRun applied } }`;

const period = { year: 2024, quarter: 2 };
const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Expensive operations have a per-user budget counted in Postgres: past it a call is refused
 * with 429 / TOO_MANY_REQUESTS and the seconds to wait, stores nothing, and the refusal holds on
 * every API replica; other users keep their own budgets.
 */
describe('per-user rate limits (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let other: OrgFixture;
  let coordinator: string;
  let otherCoordinator: string;
  let authority: string;

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'RL', 1);
    other = await createOrg(platform, 'RL2', 1);
    coordinator = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    otherCoordinator = await platform.login(other.coordinator.email, FIXTURE_PASSWORD);
    authority = await platform.login(org.authority.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  const stored = async () =>
    (
      await platform.sql(`SELECT (SELECT count(*) FROM job_runs)::int AS jobs, (SELECT count(*) FROM audit_log WHERE operation <> 'login')::int AS audits,
        (SELECT count(*) FROM stat_exports)::int AS exports, (SELECT count(*) FROM schools)::int AS schools,
        (SELECT count(*) FROM enrollments)::int AS enrollments`)
    )[0];

  /** As the owner: the user's budget for `key` spent, as if `limit` calls had just been made. */
  const exhaust = (key: string, userId: string, windowSeconds: number) =>
    platform.sql(
      `INSERT INTO rate_limits (key, user_id, busy_until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (key, user_id) DO UPDATE SET busy_until = EXCLUDED.busy_until`,
      [key, userId, windowSeconds],
    );

  async function post(url: string, query: string, variables: Record<string, unknown>, token: string) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      cacheControl: response.headers.get('cache-control'),
      body: (await response.json()) as any,
    };
  }

  it('allows a burst of runMonitoring up to the budget, then refuses with 429 and the wait, storing nothing', async () => {
    const { limit, windowSeconds } = RATE_LIMITS.monitoringRun;
    let allowed = 0;
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    let before: Record<string, number> | undefined;
    // Budgets refill continuously (one call per window/limit), so count until the first refusal.
    for (let i = 0; i < limit * 3 && !refused; i++) {
      before = await stored();
      const result = await post(platform.url, RUN, { districtId: org.districtId, ...period }, coordinator);
      if (result.status === 200) {
        expect(result.body.errors).toBeUndefined();
        expect(result.cacheControl).toBe('no-store'); // tenant data: no shared cache keeps it
        allowed++;
      } else refused = result;
    }
    expect(allowed).toBeGreaterThanOrEqual(limit);
    expect(refused).toBeDefined();
    expect(refused!.status).toBe(429);
    const error = refused!.body.errors[0];
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', limit, windowSeconds });
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(windowSeconds / limit));
    expect(refused!.retryAfter).toBe(String(error.extensions.retryAfterSeconds));
    expect(refused!.cacheControl).toBe('no-store');
    expect(error.message).toMatch(/at most 20 per minute/);
    expect(refused!.body.data).toBeNull();
    expect(await stored()).toEqual(before);

    // Another user's budget is untouched.
    const others = await platform.gql(RUN, { districtId: other.districtId, ...period }, otherCoordinator);
    expect(others.errors).toBeUndefined();
  });

  it('counts in Postgres: a second API replica refuses the same user too, and the budget refills with time', async () => {
    const { key, windowSeconds } = RATE_LIMITS.monitoringRun;
    const replica: INestApplication = await createApiApp(platform.env);
    try {
      await replica.listen(0, '127.0.0.1');
      const replicaUrl = `http://127.0.0.1:${(replica.getHttpServer().address() as AddressInfo).port}`;
      // Exhausted once the replica is up: starting it takes longer than one call's share of the window on a busy machine.
      await exhaust(key, org.coordinator.id, windowSeconds);
      for (const url of [platform.url, replicaUrl]) {
        const result = await post(url, RUN, { districtId: org.districtId, ...period }, coordinator);
        expect(result.status).toBe(429);
      }
      // As if the window had passed.
      await platform.sql(`UPDATE rate_limits SET busy_until = now() - interval '1 second' WHERE key = $1 AND user_id = $2`, [
        key,
        org.coordinator.id,
      ]);
      const after = await post(replicaUrl, RUN, { districtId: org.districtId, ...period }, coordinator);
      expect(after.status).toBe(200);
      expect(after.body.errors).toBeUndefined();
    } finally {
      await replica.close();
    }
  });

  it('does not charge a call refused for its scope or its input', async () => {
    const budget = () =>
      platform.sql(`SELECT key, user_id, busy_until::text FROM rate_limits WHERE user_id = $1 ORDER BY key`, [other.coordinator.id]);
    const before = await budget();
    const foreign = await platform.gql(RUN, { districtId: org.districtId, ...period }, otherCoordinator);
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    const invalid = await platform.gql(RUN, { districtId: other.districtId, year: 2024, quarter: 5 }, otherCoordinator);
    expect(errorCode(invalid)).toBe('BAD_USER_INPUT');
    expect(await budget()).toEqual(before);
  });

  it('charges imports that fail: a refused file costs its parsing like an accepted one', async () => {
    const budget = async (key: string) =>
      (await platform.sql(`SELECT busy_until FROM rate_limits WHERE key = $1 AND user_id = $2`, [key, other.coordinator.id]))[0];
    await platform.sql(`DELETE FROM rate_limits WHERE user_id = $1`, [other.coordinator.id]);
    const broken = { fileName: 'schools.xlsx', contentBase64: csv('not a workbook') };
    const schools = await post(
      platform.url,
      IMPORT_SCHOOLS,
      { input: { districtId: other.districtId, ...broken, dryRun: true } },
      otherCoordinator,
    );
    expect(schools.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await budget(RATE_LIMITS.schoolImport.key)).toBeDefined();
    const enrollment = await post(
      platform.url,
      IMPORT_ENROLLMENT,
      { input: { districtId: other.districtId, ...broken, dryRun: true } },
      otherCoordinator,
    );
    expect(enrollment.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await budget(RATE_LIMITS.enrollmentImport.key)).toBeDefined();
    // Past the budget, failing calls are refused like any other.
    for (let i = 1; i < RATE_LIMITS.schoolImport.limit; i++) {
      await post(platform.url, IMPORT_SCHOOLS, { input: { districtId: other.districtId, ...broken, dryRun: true } }, otherCoordinator);
    }
    const refused = await post(
      platform.url,
      IMPORT_SCHOOLS,
      { input: { districtId: other.districtId, ...broken, dryRun: true } },
      otherCoordinator,
    );
    expect(refused.status).toBe(429);
  });

  it('guards every expensive operation with its own budget', async () => {
    const cases: {
      name: string;
      policy: { key: string; windowSeconds: number };
      userId: string;
      token: string;
      query: string;
      variables: Record<string, unknown>;
    }[] = [
      {
        name: 'runRegionMonitoring',
        policy: RATE_LIMITS.regionMonitoringRun,
        userId: org.authority.id,
        token: authority,
        query: RUN_REGION,
        variables: { regionId: org.regionId, ...period },
      },
      {
        name: 'exportStatForm',
        policy: RATE_LIMITS.statFormExport,
        userId: org.coordinator.id,
        token: coordinator,
        query: EXPORT,
        variables: { input: { form: 'TARGET_PLAN', districtId: org.districtId, year: 2024, format: 'XLSX' } },
      },
      {
        name: 'importSchools',
        policy: RATE_LIMITS.schoolImport,
        userId: org.coordinator.id,
        token: coordinator,
        query: IMPORT_SCHOOLS,
        variables: {
          input: {
            districtId: org.districtId,
            fileName: 'schools.csv',
            contentBase64: csv('code;name\nRL-NEW;Новая школа\n'),
            dryRun: false,
          },
        },
      },
      {
        name: 'importEnrollment',
        policy: RATE_LIMITS.enrollmentImport,
        userId: org.coordinator.id,
        token: coordinator,
        query: IMPORT_ENROLLMENT,
        variables: {
          input: {
            districtId: org.districtId,
            fileName: 'enrollment.csv',
            contentBase64: csv(`school_code;year;students;mentor_base\nS-RL-1;2024;500;100\n`),
            dryRun: false,
          },
        },
      },
    ];
    for (const c of cases) {
      await exhaust(c.policy.key, c.userId, c.policy.windowSeconds);
      const before = await stored();
      const result = await post(platform.url, c.query, c.variables, c.token);
      expect({ name: c.name, status: result.status, code: result.body.errors?.[0]?.extensions?.code }).toEqual({
        name: c.name,
        status: 429,
        code: 'TOO_MANY_REQUESTS',
      });
      expect(await stored()).toEqual(before);
    }
    // Budgets are per operation: all of the above spent, a district recompute is still allowed.
    await platform.sql(`DELETE FROM rate_limits WHERE key = $1`, [RATE_LIMITS.monitoringRun.key]);
    expect(errorCode(await platform.gql(RUN, { districtId: org.districtId, ...period }, coordinator))).toBeUndefined();
  });
});
