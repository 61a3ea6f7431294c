import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * One row per (scheduler, tick) claimed by a worker (issue 21): every worker runs the same timers,
 * and the one whose INSERT lands runs that tick's work (the outbox reconciler, the export sweeper);
 * the others skip it. Platform bookkeeping for the SYSTEM scope only, like monitoring_quarter_closes.
 */
export class SchedulerTicks1764150002101 implements MigrationInterface {
  name = 'SchedulerTicks1764150002101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE scheduler_ticks (
      name varchar(100) NOT NULL,
      tick bigint NOT NULL,
      worker varchar(200) NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (name, tick)
    )`);
    await q.query(`ALTER TABLE scheduler_ticks ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE scheduler_ticks FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY scheduler_ticks_system ON scheduler_ticks FOR ALL
      USING (app_role() IN ('ADMIN', 'SYSTEM')) WITH CHECK (app_role() = 'SYSTEM')`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON scheduler_ticks TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS scheduler_ticks`);
  }
}
