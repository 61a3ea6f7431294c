import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSchema, Kind, parse, validate, type DocumentNode } from 'graphql';
import * as administration from '../../features/administration/admin-operations';
import * as auth from '../../features/auth/auth-operations';
import * as exportsOperations from '../../features/exports/export-operations';
import * as monitoring from '../../features/monitoring/monitoring-operations';
import * as notifications from '../../features/notifications/notification-operations';
import * as quarterlyReport from '../../features/quarterly-report/quarterly-report-operations';
import * as registry from '../../features/registry/registry-operations';
import * as reportingWorkflow from '../../features/reporting-workflow/reporting-workflow-operations';
import * as roadmap from '../../features/roadmap/roadmap-operations';
import * as targetPlan from '../../features/target-plan/target-plan-operations';
import * as jobs from './job-operations';
import { operationName, operationText } from './operation';
import * as organisation from './organisation-operations';

const WEB_SOURCE = path.resolve(__dirname, '../..');
const SCHEMA = buildSchema(fs.readFileSync(path.resolve(WEB_SOURCE, '../../api/schema.graphql'), 'utf8'));

// Every module of operations, by its path under apps/web/src (a test below requires each such file to be listed).
const modules: Record<string, Record<string, unknown>> = {
  'features/administration/admin-operations.ts': administration,
  'features/auth/auth-operations.ts': auth,
  'features/exports/export-operations.ts': exportsOperations,
  'features/monitoring/monitoring-operations.ts': monitoring,
  'features/notifications/notification-operations.ts': notifications,
  'features/quarterly-report/quarterly-report-operations.ts': quarterlyReport,
  'features/registry/registry-operations.ts': registry,
  'features/reporting-workflow/reporting-workflow-operations.ts': reportingWorkflow,
  'features/roadmap/roadmap-operations.ts': roadmap,
  'features/target-plan/target-plan-operations.ts': targetPlan,
  'shared/api/job-operations.ts': jobs,
  'shared/api/organisation-operations.ts': organisation,
};

/** Files named *operations.ts anywhere under apps/web/src, relative to it. */
function operationFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : operationFiles(full);
    return /operations\.ts$/.test(entry.name) ? [path.relative(WEB_SOURCE, full).split(path.sep).join('/')] : [];
  });
}

const all = Object.entries(modules)
  .flatMap(([file, exports]) => Object.entries(exports).map(([name, value]) => [`${file} ${name}`, value] as [string, unknown]))
  .filter(
    (entry): entry is [string, DocumentNode] =>
      typeof entry[1] === 'object' && entry[1] !== null && (entry[1] as { kind?: unknown }).kind === Kind.DOCUMENT,
  );

/** The web app speaks only the public API: every document it sends must validate against the committed schema. */
describe('web app GraphQL operations', () => {
  it('has operations to check, from every module of operations', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(Object.keys(modules).sort()).toEqual(operationFiles(WEB_SOURCE).sort());
    for (const [file, exports] of Object.entries(modules)) expect([file, Object.keys(exports).length > 0]).toEqual([file, true]);
  });

  it.each(all.map(([name, op]) => [name, op] as const))('%s validates against apps/api/schema.graphql', (_, op) => {
    const errors = validate(SCHEMA, parse(operationText(op)));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('names every operation uniquely (they are the cache keys)', () => {
    // A module may re-export another's documents: each document counts once.
    const names = [...new Set(all.map(([, op]) => op))].map(operationName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('sends the printed document with its name', () => {
    expect(operationName(auth.ME)).toBe('Me');
    expect(operationText(auth.ME)).toBe(
      'query Me {\n  me {\n    id\n    email\n    role\n    displayName\n    regionId\n    districtId\n    schoolId\n  }\n}',
    );
  });
});
