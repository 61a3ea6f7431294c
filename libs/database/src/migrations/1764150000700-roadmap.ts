import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/**
 * Roadmaps (DESIGN §7): a district publishes one per school year (2025 = 2025/2026, 1 September –
 * 31 August), its stages carry deadlines, and each school records a completion per stage with its
 * evidence; the district may reject it with a comment. Stage state (done/due/overdue/rejected) is
 * computed from the completion and today's date, never stored. Tenant keys are denormalised on
 * every row so the district's matrix reads by index.
 */
export class Roadmap1764150000700 implements MigrationInterface {
  name = 'Roadmap1764150000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE roadmaps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_year smallint NOT NULL CHECK (school_year BETWEEN 2000 AND 2099),
      title varchar(500) NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      created_by uuid,
      updated_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT roadmaps_district_fk FOREIGN KEY (region_id, district_id) REFERENCES districts(region_id, id),
      CONSTRAINT roadmaps_district_year_key UNIQUE (district_id, school_year),
      -- Target of the stages' composite foreign key: a stage's tenant keys are its roadmap's.
      CONSTRAINT roadmaps_tenant_key UNIQUE (id, region_id, district_id)
    )`);
    await q.query(`CREATE INDEX roadmaps_region_year_idx ON roadmaps (region_id, school_year)`);

    await q.query(`CREATE TABLE roadmap_stages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      roadmap_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      position smallint NOT NULL CHECK (position >= 1),
      code varchar(16) NOT NULL,
      title varchar(500) NOT NULL,
      description text NOT NULL DEFAULT '',
      deadline date NOT NULL,
      evidence_required boolean NOT NULL,
      version integer NOT NULL DEFAULT 1,
      updated_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT roadmap_stages_roadmap_fk FOREIGN KEY (roadmap_id, region_id, district_id) REFERENCES roadmaps(id, region_id, district_id),
      CONSTRAINT roadmap_stages_position_key UNIQUE (roadmap_id, position),
      CONSTRAINT roadmap_stages_code_key UNIQUE (roadmap_id, code),
      CONSTRAINT roadmap_stages_tenant_key UNIQUE (id, region_id, district_id)
    )`);
    await q.query(`CREATE INDEX roadmap_stages_district_deadline_idx ON roadmap_stages (district_id, deadline)`);

    await q.query(`CREATE TABLE roadmap_stage_completions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      stage_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      state varchar(16) NOT NULL CHECK (state IN ('DONE', 'REJECTED')),
      document_number varchar(100),
      document_date date,
      note text,
      link varchar(2000),
      completed_by uuid,
      completed_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by uuid,
      reviewed_at timestamptz,
      review_comment text,
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT roadmap_stage_completions_stage_fk FOREIGN KEY (stage_id, region_id, district_id) REFERENCES roadmap_stages(id, region_id, district_id),
      CONSTRAINT roadmap_stage_completions_stage_school_key UNIQUE (stage_id, school_id),
      CONSTRAINT roadmap_stage_completions_rejection_check CHECK (state <> 'REJECTED' OR (reviewed_at IS NOT NULL AND review_comment IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX roadmap_stage_completions_district_stage_idx ON roadmap_stage_completions (district_id, stage_id)`);
    await q.query(`CREATE INDEX roadmap_stage_completions_school_idx ON roadmap_stage_completions (school_id)`);

    // Roadmaps and stages are the district's: its coordinator (and authorities, admins) writes them,
    // and every curator of the district reads them, since its school must pass the stages.
    const districtCols = { region: 'region_id', district: 'district_id' };
    const districtRead = `(${scopeExpression(districtCols)} OR (app_role() = 'SCHOOL_CURATOR' AND district_id = app_district_id()))`;
    for (const t of ['roadmaps', 'roadmap_stages']) for (const s of enableTenantRls(t, districtCols, districtRead)) await q.query(s);
    // A completion is the school's: its curator writes it, the district reviews it.
    for (const s of enableTenantRls('roadmap_stage_completions', { region: 'region_id', district: 'district_id', school: 'school_id' })) {
      await q.query(s);
    }

    await q.query(`GRANT SELECT, INSERT, UPDATE ON roadmaps, roadmap_stages, roadmap_stage_completions TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['roadmap_stage_completions', 'roadmap_stages', 'roadmaps']) for (const s of dropTenantRls(t)) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS roadmap_stage_completions, roadmap_stages, roadmaps`);
  }
}
