import { ImportCredentialsSweeper } from '../apps/worker/src/imports/import-credentials.sweeper';
import { ImportEnrollmentProcessor } from '../apps/worker/src/imports/import-enrollment.processor';
import { ImportSchoolsProcessor } from '../apps/worker/src/imports/import-schools.processor';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

const IMPORT_SCHOOLS = `mutation($input: ImportSchoolsInput!) {
  importSchools(input: $input) { dryRun imported rowCount curatorCount schoolsCreated curatorsCreated errors { line field message } job { id name state progress } }
}`;
const IMPORT_ENROLLMENT = `mutation($input: ImportEnrollmentInput!) {
  importEnrollment(input: $input) { dryRun applied rowCount inserted updated unchanged errors { line field } job { id name state } }
}`;
const OUTCOME = `query($jobId: ID!) {
  importOutcome(jobId: $jobId) { jobId kind done rowCount schoolsCreated curatorsCreated passwordsGenerated enrollmentInserted enrollmentUpdated enrollmentUnchanged credentialsWaiting }
}`;
const TAKE = `mutation($jobId: ID!) { takeImportCredentials(jobId: $jobId) { line schoolCode email password } }`;
const GIVEN = 'Given-Passw0rd-42';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A job context for calling a processor directly, as a second delivery of the same run would. */
const redelivery = (jobRunId: string) => ({ run: { id: jobRunId } as any, progress: async () => undefined });

describe('imports run as jobs: hashing and writes in the worker, generated passwords taken once (e2e)', () => {
  let platform: Platform;
  let north: OrgFixture;
  let admin: string;
  let coordinator: string;
  let authority: string;
  const scopeOf = () => ({ regionId: north.regionId, districtId: north.districtId, schoolId: null });

  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
    admin = await platform.adminToken();
    north = await createOrg(platform, 'NORTH', 2);
    coordinator = await platform.login(north.coordinator.email, FIXTURE_PASSWORD);
    authority = await platform.login(north.authority.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  it('creates the schools and accounts in the job, hashes at full cost, and gives the generated passwords once, to the requester only', async () => {
    const csv = [
      'code;name;inn;curator_email;curator_name;curator_password',
      'JOB-1;Школа 1;7801234510;job1@north.test;Сидорова;',
      'JOB-2;Школа 2;;;;',
      `JOB-3;Школа 3;;job3@north.test;;${GIVEN}`,
      'JOB-4;Школа 4;;job4@north.test;;',
    ].join('\n');
    const started = await platform.gql(
      IMPORT_SCHOOLS,
      { input: { districtId: north.districtId, fileName: 'schools.csv', contentBase64: base64(csv), dryRun: false } },
      coordinator,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.importSchools).toMatchObject({
      dryRun: false,
      imported: false,
      rowCount: 4,
      curatorCount: 3,
      schoolsCreated: 0,
      errors: [],
    });
    const job = started.data.importSchools.job;
    expect(job).toMatchObject({ name: 'import.schools' });

    const finished = await waitForJob(platform, coordinator, job.id, 60_000);
    expect(finished).toMatchObject({ state: 'COMPLETED', progress: 100, error: null });

    const schools = await platform.sql(`SELECT code, inn, district_id FROM schools WHERE code LIKE 'JOB-%' ORDER BY code`);
    expect(schools.map((s) => [s.code, s.inn, s.district_id])).toEqual([
      ['JOB-1', '7801234510', north.districtId],
      ['JOB-2', null, north.districtId],
      ['JOB-3', null, north.districtId],
      ['JOB-4', null, north.districtId],
    ]);
    const accounts = await platform.sql(
      `SELECT u.email, u.role, u.must_change_password, u.password_hash, s.code FROM users u JOIN schools s ON s.id = u.school_id WHERE u.email LIKE 'job%@north.test' ORDER BY u.email`,
    );
    expect(accounts.map((a) => [a.email, a.role, a.must_change_password, a.code])).toEqual([
      ['job1@north.test', 'SCHOOL_CURATOR', true, 'JOB-1'],
      ['job3@north.test', 'SCHOOL_CURATOR', true, 'JOB-3'],
      ['job4@north.test', 'SCHOOL_CURATOR', true, 'JOB-4'],
    ]);
    // Full cost: scrypt N = 2^17 (the reduced 2^15 is for reset passwords only).
    for (const a of accounts) expect(a.password_hash.split('$').slice(0, 4)).toEqual(['scrypt', String(1 << 17), '8', '1']);

    const [audit] = await platform.sql(
      `SELECT actor_user_id, actor_role, district_id, details FROM audit_log WHERE operation = 'importSchools' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ actor_user_id: north.coordinator.id, actor_role: 'DISTRICT_COORDINATOR', district_id: north.districtId });
    expect(audit.details).toMatchObject({ rows: 4, schoolsCreated: 4, curatorsCreated: 3, jobRunId: job.id });

    const outcome = await platform.gql(OUTCOME, { jobId: job.id }, coordinator);
    expect(outcome.data.importOutcome).toEqual({
      jobId: job.id,
      kind: 'SCHOOLS',
      done: true,
      rowCount: 4,
      schoolsCreated: 4,
      curatorsCreated: 3,
      passwordsGenerated: 2,
      enrollmentInserted: 0,
      enrollmentUpdated: 0,
      enrollmentUnchanged: 0,
      credentialsWaiting: true,
    });
    // The admin and the region's authority see the import but not its passwords (RLS on requested_by).
    expect((await platform.gql(OUTCOME, { jobId: job.id }, admin)).data.importOutcome).toMatchObject({
      done: true,
      credentialsWaiting: false,
    });
    // So does a second coordinator of the same district: the tenant scope is the same, the person is not.
    await platform.sql(
      `INSERT INTO users (email, password_hash, role, display_name, region_id, district_id)
       SELECT 'second-coordinator@north.test', password_hash, role, 'Второй', region_id, district_id FROM users WHERE id = $1`,
      [north.coordinator.id],
    );
    const colleague = await platform.login('second-coordinator@north.test', FIXTURE_PASSWORD);
    expect((await platform.gql(OUTCOME, { jobId: job.id }, colleague)).data.importOutcome).toMatchObject({
      done: true,
      credentialsWaiting: false,
    });
    for (const other of [admin, authority, colleague])
      expect(errorCode(await platform.gql(TAKE, { jobId: job.id }, other))).toBe('NOT_FOUND');
    expect(await platform.sql(`SELECT count(*)::int AS n FROM import_credentials WHERE job_run_id = $1`, [job.id])).toEqual([{ n: 1 }]);

    // Neither the job's row nor the batch nor the sealed entry holds a password or an e-mail in clear.
    const [run] = await platform.sql(`SELECT payload::text AS payload, result::text AS result FROM job_runs WHERE id = $1`, [job.id]);
    const [batch] = await platform.sql(`SELECT state, rows::text AS rows FROM import_batches WHERE job_run_id = $1`, [job.id]);
    const [sealed] = await platform.sql(
      `SELECT sealed, requested_by, extract(epoch FROM expires_at - created_at)::int AS ttl FROM import_credentials WHERE job_run_id = $1`,
      [job.id],
    );
    expect(batch).toEqual({ state: 'DONE', rows: '[]' });
    expect(sealed.requested_by).toBe(north.coordinator.id);
    expect(sealed.ttl).toBe(24 * 3600);

    const taken = await platform.gql(TAKE, { jobId: job.id }, coordinator);
    expect(taken.errors).toBeUndefined();
    const credentials = taken.data.takeImportCredentials;
    expect(credentials.map((c: any) => [c.line, c.schoolCode, c.email])).toEqual([
      [2, 'JOB-1', 'job1@north.test'],
      [5, 'JOB-4', 'job4@north.test'],
    ]);
    for (const text of [run.payload, run.result, sealed.sealed]) {
      for (const c of credentials) expect(text).not.toContain(c.password);
      expect(text).not.toContain('job1@north.test');
      expect(text).not.toContain(GIVEN);
    }
    // Taken once: gone from the table, a second take is NOT_FOUND.
    expect(await platform.sql(`SELECT 1 FROM import_credentials WHERE job_run_id = $1`, [job.id])).toEqual([]);
    expect(errorCode(await platform.gql(TAKE, { jobId: job.id }, coordinator))).toBe('NOT_FOUND');
    expect((await platform.gql(OUTCOME, { jobId: job.id }, coordinator)).data.importOutcome.credentialsWaiting).toBe(false);

    // The passwords work, and must be replaced at first login.
    const token = await platform.login('job1@north.test', credentials[0].password);
    expect((await platform.gql(`{ me { role } }`, {}, token)).data.me).toEqual({ role: 'SCHOOL_CURATOR' });
    await platform.login('job3@north.test', GIVEN);

    // A redelivery of the finished batch writes nothing.
    const [{ id: batchId }] = await platform.sql(`SELECT id FROM import_batches WHERE job_run_id = $1`, [job.id]);
    const again = await platform.app.get(ImportSchoolsProcessor).run({ scope: scopeOf(), batchId }, redelivery(job.id));
    expect(again).toMatchObject({ skipped: true, schoolsCreated: 4, curatorsCreated: 3 });
    expect((await platform.sql(`SELECT count(*)::int AS n FROM schools WHERE code LIKE 'JOB-%'`))[0].n).toBe(4);
    expect((await platform.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'importSchools'`))[0].n).toBe(1);
  });

  it('writes a batch once when deliveries of its job overlap', async () => {
    const csv = ['code;name;curator_email', 'DUP-1;Школа Д1;dup1@north.test', 'DUP-2;Школа Д2;'].join('\n');
    const started = await platform.gql(
      IMPORT_SCHOOLS,
      { input: { districtId: north.districtId, fileName: 'dup.csv', contentBase64: base64(csv), dryRun: false } },
      coordinator,
    );
    const jobId = started.data.importSchools.job.id;
    const [{ id: batchId }] = await platform.sql(`SELECT id FROM import_batches WHERE job_run_id = $1`, [jobId]);
    const processor = platform.app.get(ImportSchoolsProcessor);
    // Two more deliveries racing the queued one: the batch's row lock lets one write.
    const results = await Promise.all([
      processor.run({ scope: scopeOf(), batchId }, redelivery(jobId)),
      processor.run({ scope: scopeOf(), batchId }, redelivery(jobId)),
    ]);
    expect(await waitForJob(platform, coordinator, jobId, 60_000)).toMatchObject({ state: 'COMPLETED' });
    expect(results.filter((r) => !r.skipped).length).toBeLessThanOrEqual(1);
    expect(await platform.sql(`SELECT code FROM schools WHERE code LIKE 'DUP-%' ORDER BY code`)).toEqual([
      { code: 'DUP-1' },
      { code: 'DUP-2' },
    ]);
    expect((await platform.sql(`SELECT count(*)::int AS n FROM users WHERE email = 'dup1@north.test'`))[0].n).toBe(1);
    expect((await platform.sql(`SELECT count(*)::int AS n FROM import_credentials WHERE job_run_id = $1`, [jobId]))[0].n).toBe(1);
  });

  it('fails with a code and writes nothing when a code was taken after validation', async () => {
    const [{ id: runId }] = await platform.sql(
      `INSERT INTO job_runs (name, queue, payload, region_id, district_id, state) VALUES ('import.schools', 'imports', '{}', $1, $2, 'FAILED') RETURNING id`,
      [north.regionId, north.districtId],
    );
    const rows = [
      { line: 2, code: 'LATE-1', name: 'Новая', inn: null, curatorEmail: 'late1@north.test', curatorName: null, sealedPassword: null },
      { line: 3, code: 'S-NORTH-1', name: 'Занята', inn: null, curatorEmail: null, curatorName: null, sealedPassword: null },
    ];
    const [{ id: batchId }] = await platform.sql(
      `INSERT INTO import_batches (kind, region_id, district_id, requested_by, requested_role, file_name, job_run_id, rows)
       VALUES ('SCHOOLS', $1, $2, $3, 'DISTRICT_COORDINATOR', 'late.csv', $4, $5) RETURNING id`,
      [north.regionId, north.districtId, north.coordinator.id, runId, JSON.stringify(rows)],
    );
    await expect(platform.app.get(ImportSchoolsProcessor).run({ scope: scopeOf(), batchId }, redelivery(runId))).rejects.toMatchObject({
      name: 'JobFailure',
      code: 'IMPORT_SCHOOL_CODE_TAKEN',
    });
    expect(await platform.sql(`SELECT 1 FROM schools WHERE code = 'LATE-1'`)).toEqual([]);
    expect(await platform.sql(`SELECT 1 FROM users WHERE email = 'late1@north.test'`)).toEqual([]);
    expect(await platform.sql(`SELECT state FROM import_batches WHERE id = $1`, [batchId])).toEqual([{ state: 'PENDING' }]);
    expect(await platform.sql(`SELECT 1 FROM import_credentials WHERE batch_id = $1`, [batchId])).toEqual([]);
  });

  it('refuses a real run with bad rows (BAD_USER_INPUT, nothing recorded)', async () => {
    const before = await platform.sql(
      `SELECT (SELECT count(*) FROM import_batches)::int AS batches, (SELECT count(*) FROM job_runs)::int AS runs`,
    );
    const result = await platform.gql(
      IMPORT_SCHOOLS,
      {
        input: {
          districtId: north.districtId,
          fileName: 'bad.csv',
          contentBase64: base64('code,name\nBAD-A,Школа\nBAD-B,\n'),
          dryRun: false,
        },
      },
      coordinator,
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'contentBase64' }],
      rowErrors: [{ line: 3, field: 'name' }],
    });
    expect(
      await platform.sql(`SELECT (SELECT count(*) FROM import_batches)::int AS batches, (SELECT count(*) FROM job_runs)::int AS runs`),
    ).toEqual(before);
  });

  it('sweeps generated passwords nobody took within 24 h', async () => {
    const started = await platform.gql(
      IMPORT_SCHOOLS,
      {
        input: {
          districtId: north.districtId,
          fileName: 'old.csv',
          contentBase64: base64('code;name;curator_email\nOLD-1;Школа;old1@north.test\n'),
          dryRun: false,
        },
      },
      coordinator,
    );
    const jobId = started.data.importSchools.job.id;
    expect(await waitForJob(platform, coordinator, jobId, 60_000)).toMatchObject({ state: 'COMPLETED' });
    await platform.sql(`UPDATE import_credentials SET expires_at = now() - interval '1 second' WHERE job_run_id = $1`, [jobId]);
    expect(errorCode(await platform.gql(TAKE, { jobId }, coordinator))).toBe('NOT_FOUND');
    await platform.sql(`UPDATE import_credentials SET expires_at = now() - interval '1 second'`);
    const pending = (await platform.sql(`SELECT count(*)::int AS n FROM import_credentials`))[0].n;
    const failedBatches = await platform.sql(
      `SELECT b.id FROM import_batches b JOIN job_runs j ON j.id = b.job_run_id WHERE j.state = 'FAILED' AND b.rows <> '[]'::jsonb`,
    );
    expect(failedBatches).toHaveLength(1); // the batch of the code taken meanwhile
    expect(await platform.app.get(ImportCredentialsSweeper).sweepOnce()).toBe(pending);
    expect(await platform.sql(`SELECT 1 FROM import_credentials`)).toEqual([]);
    // A batch whose job failed for good keeps no rows.
    expect(await platform.sql(`SELECT rows FROM import_batches WHERE id = $1`, [failedBatches[0].id])).toEqual([{ rows: [] }]);
  });

  it('writes an enrollment import in its job, once', async () => {
    const csv = ['school_code;year;students;mentor_base', 'S-NORTH-1;2025;500;40', 'S-NORTH-2;2025;300;25'].join('\n');
    const started = await platform.gql(
      IMPORT_ENROLLMENT,
      { input: { districtId: north.districtId, fileName: 'e.csv', contentBase64: base64(csv), dryRun: false } },
      coordinator,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.importEnrollment).toMatchObject({
      dryRun: false,
      applied: false,
      rowCount: 2,
      inserted: 2,
      job: { name: 'import.enrollment' },
    });
    const jobId = started.data.importEnrollment.job.id;
    expect(await waitForJob(platform, coordinator, jobId, 60_000)).toMatchObject({ state: 'COMPLETED', progress: 100 });
    const stored = await platform.sql(
      `SELECT s.code, e.year, e.students, e.mentor_base FROM enrollments e JOIN schools s ON s.id = e.school_id WHERE s.district_id = $1 ORDER BY s.code`,
      [north.districtId],
    );
    expect(stored).toEqual([
      { code: 'S-NORTH-1', year: 2025, students: 500, mentor_base: 40 },
      { code: 'S-NORTH-2', year: 2025, students: 300, mentor_base: 25 },
    ]);
    expect((await platform.gql(OUTCOME, { jobId }, coordinator)).data.importOutcome).toMatchObject({
      kind: 'ENROLLMENT',
      done: true,
      enrollmentInserted: 2,
      enrollmentUpdated: 0,
      credentialsWaiting: false,
    });
    const [audit] = await platform.sql(
      `SELECT actor_user_id, details FROM audit_log WHERE operation = 'enrollment.import' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ actor_user_id: north.coordinator.id, details: { inserted: 2, updated: 0, unchanged: 0 } });

    const [{ id: batchId }] = await platform.sql(`SELECT id FROM import_batches WHERE job_run_id = $1`, [jobId]);
    const again = await platform.app.get(ImportEnrollmentProcessor).run({ scope: scopeOf(), batchId }, redelivery(jobId));
    expect(again).toMatchObject({ skipped: true, inserted: 2 });
    expect((await platform.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'enrollment.import'`))[0].n).toBe(1);
    expect((await platform.sql(`SELECT max(version)::int AS v FROM enrollments WHERE district_id = $1`, [north.districtId]))[0].v).toBe(1);
  });
});
