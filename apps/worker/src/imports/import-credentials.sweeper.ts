import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { ImportBatchRepository } from '@mm/imports';
import { claimSchedulerTick } from '@mm/queue';

const SWEEP_INTERVAL_MS = 15 * 60 * 1000;

/**
 * Deletes generated import passwords nobody took within 24 h (taking them deletes them at once),
 * and the rows of batches whose job failed for good (their file passwords, sealed, go with them).
 * Platform bookkeeping across tenants, so it runs as SYSTEM; one worker per tick.
 */
@Injectable()
export class ImportCredentialsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportCredentialsSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly db: TenantDatabase,
    private readonly batches: ImportBatchRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.scheduled();
    this.timer = setInterval(() => void this.scheduled(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async scheduled(): Promise<void> {
    try {
      if (!(await claimSchedulerTick(this.db, 'import-credentials-sweeper', SWEEP_INTERVAL_MS))) return;
    } catch (error) {
      this.logger.warn(`import credentials sweep tick not claimed, will retry: ${(error as Error).message}`);
      return;
    }
    await this.sweepOnce();
  }

  /** One sweep (concurrent calls share it); how many expired entries were deleted. */
  sweepOnce(): Promise<number> {
    this.running ??= this.db
      .transaction(SYSTEM_SCOPE, async () => ({
        expired: await this.batches.sweepExpiredCredentials(),
        cleared: await this.batches.clearFailedBatches(),
      }))
      .then(({ expired, cleared }) => {
        if (expired || cleared)
          this.logger.log(`deleted ${expired} untaken generated-password set(s) past 24 h; cleared ${cleared} failed batch(es)`);
        return expired;
      })
      .catch((error) => {
        this.logger.warn(`import credentials sweep failed, will retry: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
