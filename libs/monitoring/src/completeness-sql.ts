/**
 * Completeness of a quarter (issue 19) as SQL, for the statistical forms (the API's
 * reportingCompleteness computes the same in its repository):
 * expected = schools active during the quarter (active now, or deactivated on or after its first
 * day); submitted = of them, a report SUBMITTED or APPROVED; on time = of those, the first SUBMIT
 * revision on or before the region's deadline (Moscow day); approved = of them, APPROVED.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The quarter's first day and the default deadline (10th of the month after), as SQL date literals. */
function quarterDates(year: number, quarter: number): { start: string; defaultDeadline: string } {
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new Error(`not a quarter: ${year} Q${quarter}`);
  const month = quarter * 3 + 1;
  const defaultDeadline = month > 12 ? `${pad(year + 1, 4)}-01-10` : `${pad(year, 4)}-${pad(month)}-10`;
  return { start: `${pad(year, 4)}-${pad(quarter * 3 - 2)}-01`, defaultDeadline };
}

/**
 * `SELECT` of the four counts (completeness_expected, _submitted, _on_time, _approved) over the
 * schools matching `schoolsWhere` (an SQL condition on `s`, e.g. `s.district_id = r.district_id`).
 */
export function completenessCountsSql(schoolsWhere: string, year: number, quarter: number): string {
  const { start, defaultDeadline } = quarterDates(year, quarter);
  return `SELECT count(s.id)::int AS completeness_expected,
            count(q.id) FILTER (WHERE q.status IN ('SUBMITTED', 'APPROVED'))::int AS completeness_submitted,
            count(q.id) FILTER (WHERE q.status IN ('SUBMITTED', 'APPROVED') AND (fs.at AT TIME ZONE 'Europe/Moscow')::date <= dl.deadline)::int AS completeness_on_time,
            count(q.id) FILTER (WHERE q.status = 'APPROVED')::int AS completeness_approved
       FROM schools s
       CROSS JOIN LATERAL (SELECT coalesce((SELECT p.deadline FROM reporting_periods p WHERE p.region_id = s.region_id AND p.year = ${year} AND p.quarter = ${quarter}),
                                           DATE '${defaultDeadline}') AS deadline) dl
       LEFT JOIN quarterly_reports q ON q.school_id = s.id AND q.year = ${year} AND q.quarter = ${quarter}
       LEFT JOIN LATERAL (SELECT min(v.created_at) AS at FROM quarterly_report_revisions v WHERE v.report_id = q.id AND v.action = 'SUBMIT') fs ON true
      WHERE (${schoolsWhere}) AND (s.active OR s.deactivated_on >= DATE '${start}')`;
}

/** `part / expected` in per cent rounded half-up to one decimal (numeric round: half away from zero), NULL when nothing is expected. */
export function completenessRateSql(part: string, expected: string): string {
  return `round(100.0 * ${part} / nullif(${expected}, 0), 1)::float8`;
}
