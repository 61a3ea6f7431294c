import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CredentialCipher, ImportBatchRepository, ImportKind } from '@mm/imports';
import { JobDispatcher, JobName, JobRun, JobRunRepository, JobScope } from '@mm/queue';
import { currentActor } from '../../engine/auth/actor';
import { ImportException } from './import.exception';
import { ImportedCredentialType, ImportOutcomeType } from './import.types';

const JOB_OF_KIND: Record<ImportKind, JobName.IMPORT_SCHOOLS | JobName.IMPORT_ENROLLMENT> = {
  SCHOOLS: JobName.IMPORT_SCHOOLS,
  ENROLLMENT: JobName.IMPORT_ENROLLMENT,
};

/**
 * The real run of an import, after its rows passed validation in the request: the rows become a
 * batch and the batch a job (one transaction, queued after commit), so the request returns at once
 * and the worker does the slow part (password hashing, the writes) with progress. Also what the
 * job left: its counts, and the generated passwords, given once to the user who ran the import.
 */
@Injectable()
export class ImportBatchService {
  constructor(
    private readonly batches: ImportBatchRepository,
    private readonly jobs: JobRunRepository,
    private readonly dispatcher: JobDispatcher,
    private readonly cipher: CredentialCipher,
  ) {}

  /** Seals a password from the file for the batch's rows (a batch row holds no password in clear). */
  sealer(): { batchId: string; seal: (password: string) => string } {
    const batchId = randomUUID();
    return { batchId, seal: (password) => this.cipher.seal(password, batchId) };
  }

  async record(batch: {
    batchId: string;
    kind: ImportKind;
    regionId: string;
    districtId: string;
    fileName: string;
    rows: unknown[];
  }): Promise<JobRun> {
    const scope: JobScope = { regionId: batch.regionId, districtId: batch.districtId, schoolId: null };
    const actor = currentActor();
    const run = await this.jobs.record({
      name: JOB_OF_KIND[batch.kind],
      payload: { scope, batchId: batch.batchId },
      scope,
      requestedBy: actor.userId,
    });
    await this.batches.insert({
      id: batch.batchId,
      kind: batch.kind,
      regionId: batch.regionId,
      districtId: batch.districtId,
      requestedBy: actor.userId,
      requestedRole: actor.role,
      fileName: batch.fileName,
      jobRunId: run.id,
      rows: batch.rows,
    });
    // Queued after the operation commits; a queue failure is left to the reconciler.
    await this.dispatcher.dispatch(run);
    return run;
  }

  async outcome(jobId: string): Promise<ImportOutcomeType> {
    const batch = await this.batches.findByJob(jobId);
    if (!batch) throw ImportException.notFound();
    const result = batch.result ?? {};
    return {
      jobId,
      kind: batch.kind,
      done: batch.state === 'DONE',
      rowCount: result.rowCount ?? batch.rows.length,
      schoolsCreated: result.schoolsCreated ?? 0,
      curatorsCreated: result.curatorsCreated ?? 0,
      passwordsGenerated: result.passwordsGenerated ?? 0,
      enrollmentInserted: result.inserted ?? 0,
      enrollmentUpdated: result.updated ?? 0,
      enrollmentUnchanged: result.unchanged ?? 0,
      credentialsWaiting: await this.batches.credentialsWaiting(jobId),
    };
  }

  /** The generated passwords of the job, removed as they are returned (RLS: the requester's only). */
  async takeCredentials(jobId: string): Promise<ImportedCredentialType[]> {
    const taken = await this.batches.takeCredentials(jobId);
    if (!taken) throw ImportException.credentialsNotFound();
    return JSON.parse(this.cipher.open(taken.sealed, taken.batchId)) as ImportedCredentialType[];
  }
}
