import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * SYSTEM_SCOPE sees every tenant: it is for the platform's own bookkeeping only, never for work a
 * user asked for (that runs in the request's transaction, with `app_place_of` and the other narrow
 * SECURITY DEFINER functions where it must see past RLS). This list is where it is allowed; a new
 * use fails here until it is argued for and added.
 */
const ALLOWED: Record<string, string> = {
  'apps/api/src/engine/auth/auth.service.ts': 'login: the account lookup before any scope exists',
  'apps/api/src/engine/auth/login-throttle.ts': 'login throttling bookkeeping (per e-mail and address)',
  'apps/api/src/engine/auth/admin-bootstrap.ts': 'ensuring the configured admin at start-up',
  'apps/api/src/engine/rate-limit/rate-limiter.ts': "a budget charged outside an operation's transaction",
  'apps/embedded/src/demo-seed.ts': 'seeding the demo region once',
  'apps/worker/src/imports/import-credentials.sweeper.ts': 'deleting generated import passwords nobody took within 24 h',
  'apps/worker/src/jobs/job-runner.service.ts': 'job_runs state: claim, progress, completion',
  'apps/worker/src/jobs/outbox-reconciler.service.ts': 'finding recorded runs the queue lost',
  'apps/worker/src/monitoring/monitoring-quarter-close.scheduler.ts': 'recording the quarter-close runs',
  'apps/worker/src/reporting-workflow/reporting-workflow.scheduler.ts':
    'recording the automatic-closing and reminder runs due across regions',
  'apps/worker/src/stat-forms/stat-export.sweeper.ts': 'expiring export files',
  'libs/queue/src/scheduler-ticks.ts': 'claiming a scheduler tick once across workers',
  'libs/testing/src/test-database.ts': 'test fixtures',
};

describe('SYSTEM scope', () => {
  it('is used only where the platform keeps its own books', () => {
    const root = path.resolve(__dirname, '../../../..');
    const out = execFileSync('git', ['grep', '-l', '-E', "SYSTEM_SCOPE|role: 'SYSTEM'", '--', 'apps', 'libs'], {
      cwd: root,
      encoding: 'utf8',
    });
    const files = out
      .split('\n')
      .filter(Boolean)
      .filter(
        (f) => !/\.spec\.ts$/.test(f) && !f.startsWith('libs/database/src/tenancy/') && !f.startsWith('libs/database/src/migrations/'),
      );
    expect(files.filter((f) => !(f in ALLOWED))).toEqual([]);
  });
});
