/**
 * How every table of the schema would be placed on a distributed PostgreSQL (Citus), checked
 * against the migrated catalogue by distribution-readiness.medium.spec.ts and explained in
 * docs/scale-out.md. A new table must be listed here or that test fails.
 *
 * * `district` — distributed by `district_id`, all co-located: a district's rows (and its
 *   schools' rows, `school_id` beside it) live on one shard, so a district's monitoring
 *   statement, its reports and its roadmap run on that shard alone.
 * * `region` — region-level data (rows of a region, or mixing region and district scopes, where
 *   `district_id` may be NULL): distributed by `region_id`, co-located with each other.
 * * `reference` — small, read by every join, changed rarely: replicated to every node.
 * * `local` — platform bookkeeping keyed by user, e-mail or job (no tenant join): stays on the
 *   coordinator (a Citus local table), which may reference reference tables.
 */
export type DistributionKind = 'district' | 'region' | 'reference' | 'local';

export interface TablePlacement {
  kind: DistributionKind;
  /** District tables holding one row per school: `school_id` must be there too (NOT NULL). */
  schoolLevel?: boolean;
  why: string;
}

export const DISTRIBUTION_COLUMN: Record<'district' | 'region', string> = { district: 'district_id', region: 'region_id' };

export const TABLE_PLACEMENT: Record<string, TablePlacement> = {
  // Reference tables: the organisation tree and region-wide settings.
  regions: { kind: 'reference', why: 'the organisation tree: ≈90 rows' },
  districts: { kind: 'reference', why: 'the organisation tree: ≈2 500 rows, joined by every district statement' },
  schools: { kind: 'reference', why: 'the organisation tree: ≈40 000 rows, joined by the monitoring statement on every shard' },
  reporting_periods: { kind: 'reference', why: 'deadlines per region and quarter' },
  monitoring_settings: { kind: 'reference', why: 'expected progress per region' },
  target_schedule_points: { kind: 'reference', why: 'target schedules: a region default and district overrides, a few rows each' },
  monitoring_quarter_closes: { kind: 'reference', why: 'scheduler marker per closed quarter' },

  // Co-located by district_id.
  enrollments: { kind: 'district', schoolLevel: true, why: 'students per school and year' },
  quarterly_reports: { kind: 'district', schoolLevel: true, why: 'a school’s figures per quarter' },
  quarterly_report_revisions: { kind: 'district', schoolLevel: true, why: 'append-only history of a report' },
  monitoring_school_rows: { kind: 'district', schoolLevel: true, why: 'a school’s monitoring row of a district snapshot' },
  roadmaps: { kind: 'district', why: 'a district’s roadmap per school year' },
  roadmap_stages: { kind: 'district', why: 'stages of a district roadmap' },
  roadmap_stage_completions: { kind: 'district', schoolLevel: true, why: 'a school’s completion of a stage' },
  registry_participants: { kind: 'district', schoolLevel: true, why: 'a school’s registry: its mentoring participants' },
  registry_consents: { kind: 'district', schoolLevel: true, why: 'a participant’s personal-data consent' },
  registry_mentorings: { kind: 'district', schoolLevel: true, why: 'a school’s mentoring pairs and groups' },
  registry_mentoring_members: { kind: 'district', schoolLevel: true, why: 'mentors and mentees of a pair or group' },
  registry_destructions: { kind: 'district', schoolLevel: true, why: 'append-only record of a withdrawal’s destruction of personal data' },
  registry_access_log: { kind: 'district', schoolLevel: true, why: 'append-only log of reads of a school’s registry names' },
  district_quarters: { kind: 'district', why: 'a district’s sign-off of a quarter' },
  district_quarter_revisions: { kind: 'district', why: 'append-only history of a district quarter' },
  reporting_extensions: { kind: 'district', schoolLevel: true, why: 'a school let into a closed quarter' },

  // Co-located by region_id: headers of district and region snapshots, region rows, exports.
  monitoring_snapshots: { kind: 'region', why: 'snapshot headers of a district (district_id set) or a region (NULL)' },
  monitoring_district_rows: { kind: 'region', why: 'a district’s row of a region snapshot' },
  stat_exports: { kind: 'region', why: 'exports of a district or of a whole region' },
  region_reporting_settings: { kind: 'region', why: 'automatic closing and reminder lead time of a region' },

  // Platform bookkeeping on the coordinator.
  users: { kind: 'local', why: 'accounts, looked up by e-mail at login before any scope is known' },
  audit_log: { kind: 'local', why: 'append-only, region-, district- or platform-level; partitioned by time if it grows' },
  job_runs: { kind: 'local', why: 'the job outbox, polled by the reconciler across all tenants' },
  idempotency_keys: { kind: 'local', why: 'per user and key, short-lived' },
  login_throttle: { kind: 'local', why: 'per e-mail and client address' },
  rate_limits: { kind: 'local', why: 'per user and operation' },
  import_batches: { kind: 'local', why: 'an import’s validated rows, held until its job has written them' },
  import_credentials: { kind: 'local', why: 'sealed generated passwords, per user, taken once or swept after 24 h' },
  scheduler_ticks: { kind: 'local', why: 'which worker ran a scheduler’s tick' },
  notifications: { kind: 'local', why: 'reminders per addressee, read by user' },
};

/** Tables of the migration tool itself, not of the product. */
export const IGNORED_TABLES = ['schema_migrations'];

export function referenceTables(): string[] {
  return Object.entries(TABLE_PLACEMENT)
    .filter(([, p]) => p.kind === 'reference')
    .map(([t]) => t)
    .sort();
}
