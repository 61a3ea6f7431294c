import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

const IMPORT = `mutation($input: ImportSchoolsInput!) {
  importSchools(input: $input) { dryRun imported errors { line field message } job { id } }
}`;
const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** importSchools must not be an oracle for which e-mails have an account anywhere on the platform. */
describe('importSchools answers e-mail existence only within the caller’s scope (e2e)', () => {
  let platform: Platform;
  let mine: OrgFixture;
  let foreign: OrgFixture;
  let coordinator: string;
  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
    mine = await createOrg(platform, 'PRIV', 1);
    foreign = await createOrg(platform, 'ELSE', 1);
    coordinator = await platform.login(mine.coordinator.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  const file = (emails: string[]) =>
    csv(['code;name;curator_email', ...emails.map((e, i) => `PRIV-N${i};Новая школа ${i};${e}`)].join('\n') + '\n');

  it('reports a taken e-mail of the own district, and says nothing about one taken elsewhere', async () => {
    const own = mine.curators[0]!.email;
    const elsewhere = foreign.curators[0]!.email;
    const dry = await platform.gql(
      IMPORT,
      {
        input: { districtId: mine.districtId, fileName: 'list.csv', contentBase64: file([own, elsewhere, 'free@priv.test']), dryRun: true },
      },
      coordinator,
    );
    expect(dry.errors).toBeUndefined();
    const emailErrors = dry.data.importSchools.errors.filter((e: any) => e.field === 'curator_email');
    expect(emailErrors).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('fails the job of the real run as a whole when an e-mail is taken outside the scope, without naming the row, and stores nothing', async () => {
    const before = await platform.sql(`SELECT (SELECT count(*) FROM schools)::int AS schools, (SELECT count(*) FROM users)::int AS users`);
    const real = await platform.gql(
      IMPORT,
      {
        input: {
          districtId: mine.districtId,
          fileName: 'list.csv',
          contentBase64: file(['free2@priv.test', foreign.curators[0]!.email]),
          dryRun: false,
        },
      },
      coordinator,
    );
    expect(real.errors).toBeUndefined();
    // The request validated within its scope; the job's one transaction meets the unique index.
    const job = await waitForJob(platform, coordinator, real.data.importSchools.job.id, 60_000);
    expect(job).toMatchObject({ state: 'FAILED', attempts: 1 });
    expect(job.error).toMatch(/^IMPORT_EMAIL_TAKEN: /);
    expect(JSON.stringify(job)).not.toContain(foreign.curators[0]!.email);
    expect(job.error).not.toMatch(/line|PRIV-N1/);
    expect(await platform.sql(`SELECT (SELECT count(*) FROM schools)::int AS schools, (SELECT count(*) FROM users)::int AS users`)).toEqual(
      before,
    );
  });
});
