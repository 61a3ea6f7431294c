/**
 * Completeness of a quarter (issue 19) as SQL, shared by the API (reportingCompleteness) and the
 * statistical forms: expected = schools active during the quarter (active now, or deactivated on
 * or after its first day); submitted = of them, a report SUBMITTED or APPROVED; on time = of those,
 * the first SUBMIT revision on or before the region's deadline (Moscow day); approved = APPROVED.
 */

/** SQL expressions (parameters or literals) of the quarter a completeness statement is about. */
export interface CompletenessPeriodSql {
  year: string;
  quarter: string;
  /** The quarter's first day (a date expression). */
  start: string;
  /** The deadline when the region set none (a date expression). */
  defaultDeadline: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A quarter as SQL literals (for statements built per request, such as a form's row query). */
export function completenessPeriodLiterals(year: number, quarter: number): CompletenessPeriodSql {
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4)
    throw new Error(`not a quarter: ${year} Q${quarter}`);
  const month = quarter * 3 + 1;
  const defaultDeadline = month > 12 ? `${pad(year + 1, 4)}-01-10` : `${pad(year, 4)}-${pad(month)}-10`;
  return {
    year: String(year),
    quarter: String(quarter),
    start: `DATE '${pad(year, 4)}-${pad(quarter * 3 - 2)}-01'`,
    defaultDeadline: `DATE '${defaultDeadline}'`,
  };
}

/**
 * `SELECT` of the four counts (completeness_expected, _submitted, _on_time, _approved) over the
 * schools matching `schoolsWhere` (an SQL condition on `s`, e.g. `s.district_id = r.district_id`).
 */
export function completenessCountsSql(schoolsWhere: string, period: CompletenessPeriodSql): string {
  return `SELECT count(s.id)::int AS completeness_expected,
            count(q.id) FILTER (WHERE q.status IN ('SUBMITTED', 'APPROVED'))::int AS completeness_submitted,
            count(q.id) FILTER (WHERE q.status IN ('SUBMITTED', 'APPROVED') AND (fs.at AT TIME ZONE 'Europe/Moscow')::date <= dl.deadline)::int AS completeness_on_time,
            count(q.id) FILTER (WHERE q.status = 'APPROVED')::int AS completeness_approved
       FROM schools s
       CROSS JOIN LATERAL (SELECT coalesce((SELECT p.deadline FROM reporting_periods p
                                             WHERE p.region_id = s.region_id AND p.year = ${period.year} AND p.quarter = ${period.quarter}),
                                           ${period.defaultDeadline}) AS deadline) dl
       LEFT JOIN quarterly_reports q ON q.school_id = s.id AND q.year = ${period.year} AND q.quarter = ${period.quarter}
       LEFT JOIN LATERAL (SELECT min(v.created_at) AS at FROM quarterly_report_revisions v WHERE v.report_id = q.id AND v.action = 'SUBMIT') fs ON true
      WHERE (${schoolsWhere}) AND (s.active OR s.deactivated_on >= ${period.start})`;
}

/** `part / expected` in per cent rounded half-up to one decimal (numeric round: half away from zero), NULL when nothing is expected. */
export function completenessRateSql(part: string, expected: string): string {
  return `round(100.0 * ${part} / nullif(${expected}, 0), 1)::float8`;
}
