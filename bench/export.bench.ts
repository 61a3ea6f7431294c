/**
 * `npm run bench -- export [--schools 40000] [--rounds 2]`
 *
 * Writes the national MONITORING_SUMMARY (a row per school, every region) as XLSX through the
 * export job's row source (StatFormRowSource: the snapshot rows through a server-side cursor, under
 * RLS as a federal authority) and the reporting lib's writeXlsx, and beside it a bare streaming
 * exceljs WorkbookWriter fed the same rows from the same query (pg cursor, no styles, no title or
 * header). Each side runs in a child process of its own, so its memory is its own: the child reports
 * wall time, peak RSS sampled during the work, RSS before the work, and the process's max RSS.
 *
 * Data: BENCH_DATABASE_URL (an owner URL of an empty or earlier bench database) or a throwaway
 * embedded PostgreSQL, filled by the monitoring benchmark's national generator (85 regions, 2 500
 * districts, 40 000 schools, a year of quarterly reports), then the monitoring computation of
 * 2024 Q4 for every region, as the monitoring job runs it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const YEAR = 2024;
const QUARTER = 4;
const REGIONS = 85;
// The national shape: 40 000 schools in 2 500 districts.
const NATIONAL_SCHOOLS = 40_000;
const NATIONAL_DISTRICTS = 2_500;
const APP_ROLE_LOGIN = 'mm_bench_app';
const APP_PASSWORD = 'bench-app-password';

interface SideResult {
  side: 'form' | 'bare';
  rows: number;
  bytes: number;
  ms: number;
  /** RSS sampled every few ms during the work (bytes). */
  peakRss: number;
  /** RSS after imports and connecting, before the work. */
  baselineRss: number;
  /** process.resourceUsage().maxRSS of the child, in bytes (includes start-up). */
  maxRss: number;
}

// ---------------------------------------------------------------- parent

export async function main(args: string[]): Promise<void> {
  const child = flag(args, '--child');
  if (child) return runChild(child as 'form' | 'bare', flag(args, '--url')!, flag(args, '--out')!);

  const schools = Number(flag(args, '--schools') ?? process.env.BENCH_SCHOOLS ?? 40_000);
  const rounds = Number(flag(args, '--rounds') ?? 2);
  const work = mkdtempSync(join(tmpdir(), 'mm-bench-export-'));
  const { ownerUrl, appUrl, stop } = await database(work);
  try {
    const [prepared, compiled] = await Promise.all([prepare(ownerUrl, appUrl, schools), compileForChildren(work)]);
    console.log(
      `data: ${prepared.schools} schools, ${prepared.districts} districts, ${prepared.regions} regions` +
        (prepared.seededMs !== null
          ? ` (seeded in ${seconds(prepared.seededMs)}, monitoring computed in ${seconds(prepared.computedMs!)})`
          : ' (reused)'),
    );

    const results: SideResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order so neither side always runs on a warmer cache.
      const order: ('form' | 'bare')[] = round % 2 ? ['bare', 'form'] : ['form', 'bare'];
      for (const side of order) {
        const result = await spawnSide(side, appUrl, join(work, `${side}-${round}.xlsx`), compiled);
        results.push(result);
        console.log(
          `  round ${round} ${side.padEnd(4)}  ${seconds(result.ms).padStart(7)}  peak RSS ${mb(result.peakRss).padStart(8)}  rows ${result.rows}`,
        );
      }
    }
    report(results, schools);
  } finally {
    await stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function report(results: SideResult[], schools: number): void {
  const best = (side: 'form' | 'bare') => {
    const runs = results.filter((r) => r.side === side);
    return {
      ms: Math.min(...runs.map((r) => r.ms)),
      peakRss: Math.min(...runs.map((r) => r.peakRss)),
      baselineRss: Math.min(...runs.map((r) => r.baselineRss)),
      work: Math.min(...runs.map((r) => r.peakRss - r.baselineRss)),
      maxRss: Math.min(...runs.map((r) => r.maxRss)),
      bytes: runs[0]!.bytes,
      rows: runs[0]!.rows,
    };
  };
  const form = best('form');
  const bare = best('bare');
  if (form.rows !== bare.rows) throw new Error(`the sides wrote different row counts: ${form.rows} vs ${bare.rows}`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const line = (label: string, a: string, b: string, r: string) =>
    console.log(`${label.padEnd(34)}${a.padStart(12)}${b.padStart(12)}${r.padStart(9)}`);
  console.log(`\nnational MONITORING_SUMMARY, ${schools} schools, ${form.rows} rows (best of ${results.length / 2} runs per side)`);
  line('', 'form', 'bare', 'ratio');
  line('time', seconds(form.ms), seconds(bare.ms), ratio(form.ms, bare.ms));
  line('peak RSS during the write', mb(form.peakRss), mb(bare.peakRss), ratio(form.peakRss, bare.peakRss));
  line('  of which above start-up RSS', mb(form.work), mb(bare.work), ratio(form.work, bare.work));
  line('process max RSS', mb(form.maxRss), mb(bare.maxRss), ratio(form.maxRss, bare.maxRss));
  line('file size', mb(form.bytes), mb(bare.bytes), ratio(form.bytes, bare.bytes));
  const timeOk = form.ms <= 2 * bare.ms;
  const memoryOk = form.peakRss <= 2 * bare.peakRss;
  console.log(`goal ≤ 2× in time and memory: time ${timeOk ? 'met' : 'NOT met'}, peak memory ${memoryOk ? 'met' : 'NOT met'}`);
}

const REPO = resolve(__dirname, '..');

/**
 * Compiles this benchmark and what it imports to plain JavaScript once, so the measured children run
 * without ts-node (whose TypeScript compiler would add ~100 MB to both sides' memory).
 */
async function compileForChildren(work: string): Promise<string> {
  const outDir = join(work, 'js');
  const config = join(work, 'tsconfig.bench.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: { outDir, rootDir: REPO, baseUrl: REPO, incremental: false, sourceMap: false, noEmit: false, noEmitOnError: false },
      files: [join(REPO, 'bench', 'run.ts')],
      include: [],
    }),
  );
  // Type errors elsewhere in the tree (other work in progress) do not stop the emit; a missing output does.
  await new Promise<void>((done) => {
    const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], { cwd: REPO, stdio: 'ignore' });
    tsc.on('exit', () => done());
  });
  const entry = join(outDir, 'bench', 'run.js');
  if (!existsSync(entry)) throw new Error(`could not compile the benchmark to ${entry}`);
  return outDir;
}

function spawnSide(side: 'form' | 'bare', appUrl: string, out: string, compiled: string): Promise<SideResult> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      'tsconfig-paths/register',
      join(compiled, 'bench', 'run.js'),
      'export',
      '--child',
      side,
      '--url',
      appUrl,
      '--out',
      out,
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
      // tsconfig-paths maps @mm/* onto the compiled tree.
      // NODE_PATH: the compiled tree sits outside the repository, away from its node_modules.
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(REPO, 'tsconfig.json'),
        TS_NODE_BASEURL: compiled,
        NODE_PATH: join(REPO, 'node_modules'),
      },
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench side ${side} exited with ${code}: ${stdout}`));
      const line = stdout.trim().split('\n').pop()!;
      resolvePromise(JSON.parse(line) as SideResult);
    });
  });
}

/** A database to run on: BENCH_DATABASE_URL, or a throwaway embedded PostgreSQL. */
async function database(work: string): Promise<{ ownerUrl: string; appUrl: string; stop: () => Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) return { ownerUrl: external, appUrl: withLogin(external), stop: async () => undefined };
  const { startEmbeddedPostgres } = await import('@mm/embedded');
  const server = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), superuserPassword: 'bench', persistent: false });
  const admin = new Client({ connectionString: server.superuserUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE mm_bench_export`);
  await admin.end();
  const ownerUrl = server.urlFor('mm_bench_export');
  return { ownerUrl, appUrl: withLogin(ownerUrl), stop: () => server.stop() };
}

function withLogin(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE_LOGIN;
  u.password = APP_PASSWORD;
  return u.toString();
}

interface Prepared {
  schools: number;
  districts: number;
  regions: number;
  seededMs: number | null;
  computedMs: number | null;
}

/** Migrates, seeds the national data set unless the database already holds it, computes monitoring. */
async function prepare(ownerUrl: string, appUrl: string, schools: number): Promise<Prepared> {
  const { runMigrations } = await import('@mm/database');
  await runMigrations(ownerUrl, appUrl);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const [{ count }] = (await owner.query(`SELECT count(*)::int AS count FROM schools`)).rows;
    let seededMs: number | null = null;
    let computedMs: number | null = null;
    if (count === 0) {
      const started = Date.now();
      // The monitoring benchmark's national data set (bench/monitoring.bench.ts): same generator, same shape.
      const { seed } = await import('./monitoring.bench');
      const districts = Math.max(1, Math.round((schools * NATIONAL_DISTRICTS) / NATIONAL_SCHOOLS));
      await seed(owner, { schools, districts, regions: Math.min(REGIONS, districts) });
      seededMs = Date.now() - started;
      const computeStarted = Date.now();
      await computeMonitoring(appUrl);
      computedMs = Date.now() - computeStarted;
    }
    const [totals] = (
      await owner.query(`SELECT (SELECT count(*) FROM schools)::int AS schools, (SELECT count(*) FROM districts)::int AS districts,
                                (SELECT count(*) FROM regions)::int AS regions`)
    ).rows;
    return { ...totals, seededMs, computedMs };
  } finally {
    await owner.end();
  }
}

/** The monitoring computation for every region, as the monitoring job runs it (its own transaction, RLS). */
async function computeMonitoring(appUrl: string): Promise<void> {
  const { createDataSource, TenantDatabase, SYSTEM_SCOPE } = await import('@mm/database');
  const { MonitoringComputation } = await import('@mm/monitoring');
  const dataSource = createDataSource({ url: appUrl, poolSize: 2 });
  await dataSource.initialize();
  try {
    await new TenantDatabase(dataSource).transaction(SYSTEM_SCOPE, (tx) =>
      new MonitoringComputation().run(tx, { scope: { kind: 'ALL' }, year: YEAR, quarter: QUARTER }),
    );
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------- children

async function runChild(side: 'form' | 'bare', url: string, out: string): Promise<void> {
  const write = side === 'form' ? await prepareFormSide(url) : await prepareBareSide(url);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const started = process.hrtime.bigint();
  const rows = await write.run(out);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await write.close();
  const result: SideResult = {
    side,
    rows,
    bytes: statSync(out).size,
    ms,
    peakRss,
    baselineRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

interface Side {
  run(out: string): Promise<number>;
  close(): Promise<void>;
}

const FEDERAL_AUTHORITY = { role: 'AUTHORITY', userId: null, regionId: null, districtId: null, schoolId: null, national: true } as const;

/** The export job's path: StatFormRowSource (NATIONAL) → writeXlsx, in one REPEATABLE READ transaction. */
async function prepareFormSide(url: string): Promise<Side> {
  const { createDataSource, TenantDatabase } = await import('@mm/database');
  const { loadFormDefinition, writeXlsx } = await import('@mm/reporting');
  const { StatFormRowSource } = await import('../apps/worker/src/stat-forms/stat-form-rows');
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  const db = new TenantDatabase(dataSource);
  const source = new StatFormRowSource();
  return {
    run: async (out) => {
      // Layout version 1, comparable with the earlier measurements (version 2 adds a completeness lookup per row).
      const definition = loadFormDefinition('MONITORING_SUMMARY', 1);
      const written = await db.transaction(
        FEDERAL_AUTHORITY as any,
        async (tx) => {
          const content = await source.open(tx, { definition, scope: { kind: 'NATIONAL' }, year: YEAR, toYear: null, quarter: QUARTER });
          return writeXlsx({
            definition,
            columns: content.columns,
            title: content.title,
            subtitle: content.subtitle,
            rows: content.rows,
            totalRow: content.totalRow,
            output: createWriteStream(out),
          });
        },
        'REPEATABLE READ',
      );
      return written.rows;
    },
    close: () => dataSource.destroy(),
  };
}

/**
 * The baseline: the same rows (same columns, order and scope) through a plain pg cursor into a bare
 * exceljs streaming WorkbookWriter — no styles, title, header, labels or validation.
 */
async function prepareBareSide(url: string): Promise<Side> {
  const ExcelJS = await import('exceljs');
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    run: async (out) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await client.query(`SELECT set_config('app.role', 'AUTHORITY', true)`);
      await client.query(
        `DECLARE bare NO SCROLL CURSOR FOR
         SELECT r.code, r.name, r.students, r.mentee_target, r.mentor_target, r.mentees, r.mentees_student_student, r.mentees_teacher_student,
                r.mentees_university_student_student, r.mentees_employer_student, r.mentors, r.mentors_teachers, r.mentors_external_employer,
                r.mentors_external_university_student, r.mentors_external_graduate, r.mentors_external_parent, r.mentors_external_other,
                r.coverage_percent::float8, r.progress_percent::float8, r.status, r.report_status
           FROM monitoring_school_rows r JOIN districts d ON d.id = r.district_id
          WHERE r.year = $1 AND r.quarter = $2
          ORDER BY d.code, d.id, r.code, r.school_id`,
        [YEAR, QUARTER],
      );
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: createWriteStream(out),
        useStyles: false,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Мониторинг');
      let rows = 0;
      for (;;) {
        const batch = await client.query({ text: 'FETCH FORWARD 2000 FROM bare', rowMode: 'array' });
        for (const values of batch.rows) {
          sheet.addRow(values).commit();
          rows++;
        }
        if (batch.rows.length < 2000) break;
      }
      await client.query('COMMIT');
      sheet.commit();
      await workbook.commit();
      return rows;
    },
    close: () => client.end(),
  };
}

// ---------------------------------------------------------------- helpers

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
