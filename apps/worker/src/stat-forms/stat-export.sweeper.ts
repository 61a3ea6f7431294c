import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@mm/config';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { claimSchedulerTick } from '@mm/queue';
import { StatExportFiles, StatExportRepository } from '@mm/stat-exports';

const BATCH = 500;
// A temporary file this old belongs to a job that died mid-write; a file no row points to, to one
// that died between the rename and the record (its redelivery wrote a new one).
const STALE_TEMP_MS = 6 * 3600 * 1000;
const UNREFERENCED_MS = 24 * 3600 * 1000;

export interface SweepResult {
  expired: number;
  strays: number;
}

/**
 * Removes export files after `expires_at` and marks their exports EXPIRED (the row stays, so a
 * download says the file expired; a new request makes a fresh one). Also clears files no export
 * refers to. At start-up and on a timer, like the outbox reconciler; platform bookkeeping, so it
 * runs as SYSTEM. With several workers, one of them sweeps per tick (claimSchedulerTick).
 */
@Injectable()
export class StatExportSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StatExportSweeper.name);
  private readonly files: StatExportFiles;
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    env: Environment,
    private readonly db: TenantDatabase,
    private readonly exports: StatExportRepository,
  ) {
    this.files = new StatExportFiles(env.DATA_DIR);
    this.intervalMs = env.EXPORT_SWEEP_INTERVAL_MS;
  }

  onApplicationBootstrap(): void {
    void this.scheduled();
    this.timer = setInterval(() => void this.scheduled(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** A timer's sweep: only when this worker claims the tick. */
  private async scheduled(): Promise<void> {
    try {
      if (!(await claimSchedulerTick(this.db, 'export-sweeper', this.intervalMs))) return;
    } catch (error) {
      this.logger.warn(`export sweep tick not claimed, will retry: ${(error as Error).message}`);
      return;
    }
    await this.sweepOnce();
  }

  /** One sweep (concurrent calls share it). */
  sweepOnce(): Promise<SweepResult> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<SweepResult> {
    const result: SweepResult = { expired: 0, strays: 0 };
    try {
      for (;;) {
        const due = await this.db.transaction(SYSTEM_SCOPE, () => this.exports.findExpiredFiles(BATCH));
        if (due.length === 0) break;
        // Record first, then delete: a crash in between leaves an unreferenced file for the stray pass,
        // never a record pointing at nothing.
        await this.db.transaction(SYSTEM_SCOPE, () => this.exports.markExpired(due.map((d) => d.id)));
        for (const { filePath } of due)
          await this.files.remove(filePath).catch((e) => this.logger.warn(`cannot remove ${filePath}: ${e.message}`));
        result.expired += due.length;
        if (due.length < BATCH) break;
      }
      result.strays = await this.removeStrays();
      if (result.expired || result.strays)
        this.logger.log(`removed ${result.expired} expired export file(s), ${result.strays} stray file(s)`);
    } catch (error) {
      this.logger.warn(`export sweep failed, will retry: ${(error as Error).message}`);
    }
    return result;
  }

  private async removeStrays(): Promise<number> {
    const temporaries = (await this.files.listOlderThan(STALE_TEMP_MS)).filter((p) => StatExportFiles.isTemporary(p));
    const candidates = (await this.files.listOlderThan(UNREFERENCED_MS)).filter((p) => !StatExportFiles.isTemporary(p));
    const referenced = await this.db.transaction(SYSTEM_SCOPE, () => this.exports.referencedFiles(candidates));
    const strays = [...temporaries, ...candidates.filter((p) => !referenced.has(p))];
    for (const path of strays) await this.files.remove(path).catch(() => undefined);
    return strays.length;
  }
}
