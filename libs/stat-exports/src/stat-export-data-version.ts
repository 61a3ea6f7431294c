import { createHash } from 'node:crypto';
import type { TenantTransaction } from '@mm/database';
import { effectiveSchedulePointsSql } from '@mm/planning';

import type { StatExportKey } from './stat-export.repository';

/**
 * The data version of an export: a fingerprint of every input its figures and labels come from, so
 * two requests for the same form, scope and period over unchanged data share one file, and any
 * change (an enrollment, a schedule point, a recomputed monitoring snapshot, a renamed school)
 * gives a new export. Computed by the API when asked and again by the job in the snapshot it
 * reads the data from (shared by both for that reason).
 *
 * * TARGET_PLAN — the district and its schools (names, active), its enrollments up to the last plan
 *   year (count, latest change, versions), its effective schedule points.
 * * MONITORING_SUMMARY, FEDERAL_FORM — the monitoring snapshot of the scope and quarter the form is
 *   read from (id and computed_at; none yet is a version of its own), and the names of the scope,
 *   its districts and schools; from layout version 2 (completeness columns) also the scope's reports
 *   of the quarter (count, versions, latest change), its schools' deactivation and the deadline;
 *   and whether the snapshot is stale (see snapshotAge).
 * * ROADMAP_MATRIX — the district and its schools, the roadmap of the school year, its stages and
 *   every completion (state, time, version), and the day the states are computed for.
 */
export class StatExportDataVersion {
  async compute(tx: TenantTransaction, key: StatExportKey): Promise<string> {
    const parts =
      key.formCode === 'TARGET_PLAN'
        ? await this.targetPlanParts(tx, key)
        : key.formCode === 'ROADMAP_MATRIX'
          ? await this.roadmapParts(tx, key)
          : await this.monitoringParts(tx, key);
    const identity = [key.formCode, key.formVersion, key.scopeKind, key.regionId, key.districtId, key.year, key.toYear, key.quarter];
    return createHash('sha256')
      .update(JSON.stringify([identity, parts]))
      .digest('hex');
  }

  private async targetPlanParts(tx: TenantTransaction, key: StatExportKey): Promise<unknown[]> {
    if (!key.districtId) throw new Error('A target plan is made for a district');
    const [row] = await tx.query<Record<string, string | null>>(
      `SELECT
         (SELECT concat_ws('|', d.code, d.name, d.active) FROM districts d WHERE d.id = $1) AS district,
         (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.code, s.name, s.active), ',' ORDER BY s.id), ''))
            FROM schools s WHERE s.district_id = $1) AS schools,
         (SELECT concat_ws('|', count(*), max(e.updated_at), sum(e.version))
            FROM enrollments e WHERE e.district_id = $1 AND e.year <= $3) AS enrollments,
         (SELECT md5(coalesce(string_agg(concat_ws('|', p.indicator, p.year, p.percent_bp, p.is_override), ',' ORDER BY p.indicator, p.year), ''))
            FROM (${effectiveSchedulePointsSql('$2')}) p) AS schedules`,
      [key.districtId, [key.districtId], key.toYear ?? key.year],
    );
    return [row.district, row.schools, row.enrollments, row.schedules];
  }

  /**
   * The export's day (Moscow) is part of the version: stage states move from due to overdue with
   * it. A new request counts from its own transaction's now(), which is the created_at of the
   * export it records; the job passes that created_at back in.
   */
  private async roadmapParts(tx: TenantTransaction, key: StatExportKey): Promise<unknown[]> {
    if (!key.districtId) throw new Error('A roadmap matrix is made for a district');
    const requestedAt = 'createdAt' in key && key.createdAt instanceof Date ? key.createdAt : null;
    const [row] = await tx.query<Record<string, string | null>>(
      `WITH r AS (SELECT id, title, version, published_at FROM roadmaps WHERE district_id = $1 AND school_year = $2)
       SELECT
         to_char((coalesce($3::timestamptz, now()) AT TIME ZONE 'Europe/Moscow')::date, 'YYYY-MM-DD') AS day,
         (SELECT concat_ws('|', d.code, d.name, d.active) FROM districts d WHERE d.id = $1) AS district,
         (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.code, s.name, s.active), ',' ORDER BY s.id), ''))
            FROM schools s WHERE s.district_id = $1) AS schools,
         (SELECT concat_ws('|', r.id, r.title, r.version, r.published_at) FROM r) AS roadmap,
         (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.position, s.code, s.title, s.deadline, s.version), ',' ORDER BY s.id), ''))
            FROM roadmap_stages s JOIN r ON r.id = s.roadmap_id) AS stages,
         (SELECT md5(coalesce(string_agg(concat_ws('|', c.id, c.school_id, c.state, c.completed_at, c.version), ',' ORDER BY c.id), ''))
            FROM roadmap_stage_completions c JOIN roadmap_stages s ON s.id = c.stage_id JOIN r ON r.id = s.roadmap_id) AS completions`,
      [key.districtId, key.year, requestedAt],
    );
    return [row.day, row.district, row.schools, row.roadmap ?? 'no roadmap', row.stages, row.completions];
  }

  /**
   * The age of the monitoring snapshot a monitoring form is read from: when it was computed and
   * whether anything its figures derive from changed since — an enrollment or an effective schedule
   * point of the scope (the plan the targets come from) or a report of the quarter. Null for the
   * forms not read from a snapshot. A monitoring run is not started by an export: the user decides
   * (the snapshot is the figures everyone else sees too), told that these are stale.
   */
  async snapshotAge(tx: TenantTransaction, key: StatExportKey): Promise<{ computedAt: Date | null; stale: boolean } | null> {
    if (key.formCode === 'TARGET_PLAN' || key.formCode === 'ROADMAP_MATRIX') return null;
    const [row] = await tx.query<{ computedAt: Date | null; changedAt: Date | null }>(
      `WITH snapshot AS (SELECT computed_at FROM monitoring_snapshots m
          WHERE m.region_id = $1 AND m.district_id IS NOT DISTINCT FROM $2::uuid AND m.year = $3 AND m.quarter = $4),
        districts_in AS (SELECT d.id FROM districts d WHERE d.region_id = $1 AND ($2::uuid IS NULL OR d.id = $2))
       SELECT (SELECT computed_at FROM snapshot) AS "computedAt",
              GREATEST(
                (SELECT max(e.updated_at) FROM enrollments e WHERE e.district_id IN (SELECT id FROM districts_in) AND e.year <= $3),
                (SELECT max(p.created_at) FROM target_schedule_points p
                  WHERE p.region_id = $1 AND (p.district_id IS NULL OR p.district_id IN (SELECT id FROM districts_in))),
                (SELECT max(q.updated_at) FROM quarterly_reports q
                  WHERE q.region_id = $1 AND ($2::uuid IS NULL OR q.district_id = $2) AND q.year = $3 AND q.quarter = $4)
              ) AS "changedAt"`,
      [key.regionId, key.districtId, key.year, key.quarter],
    );
    const computedAt = row?.computedAt ?? null;
    return { computedAt, stale: computedAt !== null && row!.changedAt !== null && row!.changedAt > computedAt };
  }

  private async monitoringParts(tx: TenantTransaction, key: StatExportKey): Promise<unknown[]> {
    const [row] = await tx.query<Record<string, string | null>>(
      `SELECT
         (SELECT concat_ws('|', m.id, m.computed_at) FROM monitoring_snapshots m
           WHERE m.region_id = $1 AND m.district_id IS NOT DISTINCT FROM $2::uuid AND m.year = $3 AND m.quarter = $4) AS snapshot,
         (SELECT concat_ws('|', r.code, r.name) FROM regions r WHERE r.id = $1) AS region,
         (SELECT md5(coalesce(string_agg(concat_ws('|', d.id, d.code, d.name, d.active), ',' ORDER BY d.id), ''))
            FROM districts d WHERE d.region_id = $1 AND ($2::uuid IS NULL OR d.id = $2)) AS districts,
         (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.code, s.name, s.active), ',' ORDER BY s.id), ''))
            FROM schools s WHERE $2::uuid IS NOT NULL AND s.district_id = $2) AS schools,
         (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.active, s.deactivated_on), ',' ORDER BY s.id), ''))
            FROM schools s WHERE s.region_id = $1 AND ($2::uuid IS NULL OR s.district_id = $2)) AS "activeSchools",
         (SELECT concat_ws('|', count(*), sum(q.version), max(q.updated_at)) FROM quarterly_reports q
           WHERE q.region_id = $1 AND ($2::uuid IS NULL OR q.district_id = $2) AND q.year = $3 AND q.quarter = $4) AS reports,
         (SELECT deadline::text FROM reporting_periods p WHERE p.region_id = $1 AND p.year = $3 AND p.quarter = $4) AS deadline`,
      [key.regionId, key.districtId, key.year, key.quarter],
    );
    // Completeness columns (layout version 2) read the reports, the schools' dates and the deadline, not the snapshot.
    const completeness = key.formVersion >= 2 ? [row.activeSchools, row.reports, row.deadline ?? 'default deadline'] : [];
    // Staleness is said in the export, so a file made before the plan changed is not handed out as current.
    const age = await this.snapshotAge(tx, key);
    return [row.snapshot ?? 'no snapshot', age?.stale ? 'stale' : 'current', row.region, row.districts, row.schools, ...completeness];
  }
}
