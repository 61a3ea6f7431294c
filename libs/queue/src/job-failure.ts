import { randomUUID } from 'node:crypto';

/**
 * A job failure meant for the people who asked for the job (no data missing, nothing to compute):
 * its code and message are shown as they are. Anything else a job throws is an internal error:
 * its details go to the worker's log under a reference, and the client sees only the reference.
 */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Another attempt would fail the same way (e.g. a code taken meanwhile): the run fails at once. */
    readonly final = false,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** What `job_runs.error` (Job.error, a failed export's error) stores for a thrown error, and the log line. */
export function publicJobError(error: unknown): { stored: string; reference: string | null } {
  if (error instanceof JobFailure) return { stored: `${error.code}: ${error.message}`, reference: null };
  const reference = randomUUID();
  return {
    stored: `INTERNAL_ERROR: the job failed unexpectedly (reference ${reference}); it is retried or reported to the operators`,
    reference,
  };
}
