import { JobFailure, JobName } from '@mm/queue';
import { JobRunner } from './job-runner.service';

/** What a failed job tells its client: a code and a message meant for it, never internal details. */
describe('JobRunner failure messages', () => {
  async function storedErrorOf(thrown: unknown): Promise<string> {
    const stored: string[] = [];
    const run = { id: 'run-1', name: JobName.MONITORING_COMPUTE, payload: { scope: {} }, regionId: 'r', districtId: 'd', schoolId: null };
    const runs = {
      markRunning: async () => run,
      markFailed: async (_id: string, error: string) => void stored.push(error),
    };
    const db = { transaction: (_scope: unknown, work: (tx: unknown) => unknown) => work({}) };
    const registry = { get: () => async () => Promise.reject(thrown) };
    const runner = new JobRunner({} as any, {} as any, db as any, runs as any, registry as any);
    (runner as any).logger = { error: () => undefined, log: () => undefined, warn: () => undefined };
    await expect(runner.process({ data: { jobRunId: 'run-1' }, attemptsMade: 4, opts: { attempts: 5 } } as any)).rejects.toBe(thrown);
    return stored[0]!;
  }

  it('masks an internal error (driver message, host, SQL) behind a reference', async () => {
    const stored = await storedErrorOf(new Error('connect ECONNREFUSED 10.0.0.5:5432 in SELECT * FROM monitoring_snapshots'));
    expect(stored).toMatch(/^INTERNAL_ERROR: .*reference [0-9a-f-]{36}/);
    expect(stored).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|SELECT/);
  });

  it('passes a failure meant for the client through with its code', async () => {
    expect(await storedErrorOf(new JobFailure('FORM_DATA_MISSING', 'No monitoring snapshot of 2024 Q1 for the scope'))).toBe(
      'FORM_DATA_MISSING: No monitoring snapshot of 2024 Q1 for the scope',
    );
  });

  it('fails a final refusal at once: recorded FAILED for good, and not retried by the queue', async () => {
    const failed: boolean[] = [];
    const run = { id: 'run-2', name: JobName.IMPORT_SCHOOLS, payload: { scope: {} }, regionId: 'r', districtId: 'd', schoolId: null };
    const runs = {
      markRunning: async () => run,
      markFailed: async (_id: string, _error: string, final: boolean) => void failed.push(final),
    };
    const db = { transaction: (_scope: unknown, work: (tx: unknown) => unknown) => work({}) };
    const registry = { get: () => async () => Promise.reject(new JobFailure('IMPORT_EMAIL_TAKEN', 'taken meanwhile', true)) };
    const runner = new JobRunner({} as any, {} as any, db as any, runs as any, registry as any);
    (runner as any).logger = { error: () => undefined, log: () => undefined, warn: () => undefined };
    await expect(runner.process({ data: { jobRunId: 'run-2' }, attemptsMade: 0, opts: { attempts: 5 } } as any)).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: 'IMPORT_EMAIL_TAKEN: taken meanwhile',
    });
    expect(failed).toEqual([true]);
  });
});
