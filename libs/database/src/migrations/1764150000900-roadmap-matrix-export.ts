import { MigrationInterface, QueryRunner } from 'typeorm';

/** The roadmap matrix becomes a statistical form (issue 8): stat_exports accepts ROADMAP_MATRIX. */
export class RoadmapMatrixExport1764150000900 implements MigrationInterface {
  name = 'RoadmapMatrixExport1764150000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stat_exports DROP CONSTRAINT stat_exports_form_code_check`);
    await q.query(`ALTER TABLE stat_exports ADD CONSTRAINT stat_exports_form_code_check
      CHECK (form_code IN ('TARGET_PLAN', 'MONITORING_SUMMARY', 'FEDERAL_FORM', 'ROADMAP_MATRIX'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stat_exports DROP CONSTRAINT stat_exports_form_code_check`);
    await q.query(`ALTER TABLE stat_exports ADD CONSTRAINT stat_exports_form_code_check
      CHECK (form_code IN ('TARGET_PLAN', 'MONITORING_SUMMARY', 'FEDERAL_FORM'))`);
  }
}
