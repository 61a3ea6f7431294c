import { AT_RISK_MARGIN_BP, PERCENT_BP_MAX } from '@mm/domain';

/**
 * SQL mirrors of the pure arithmetic in @mm/domain, as expression builders so the monitoring
 * statement and the tests that compare it with the domain functions use the very same text.
 * Every operand is a SQL expression; integer arithmetic is done on bigint, like the domain
 * does on BigInt, so nothing is rounded twice and nothing overflows.
 */

/** targetCount(percentBp, base): `(2·bp·base + 10000) / 20000`; NULL when either is NULL. */
export function targetSql(percentBp: string, base: string): string {
  return `((2 * (${percentBp})::bigint * (${base})::bigint + ${PERCENT_BP_MAX}) / ${2 * PERCENT_BP_MAX})::integer`;
}

/**
 * coveragePercent / progressPercent: roundHalfUp(1000·part / whole) tenths of a percent, as a
 * numeric with one decimal; NULL when part is NULL or whole is NULL or 0.
 */
export function percentSql(part: string, whole: string): string {
  return `round(((2000 * (${part})::bigint + (${whole})::bigint) / (2 * NULLIF((${whole})::bigint, 0)))::numeric / 10, 1)`;
}

/**
 * monitoringStatus(): first match wins — NO_DATA without a report; ACHIEVED at or above the
 * target (or without a target); ON_TRACK at or above the expected progress; AT_RISK within the
 * margin below it; BEHIND otherwise. Exact integer comparisons, as in the domain's JSDoc.
 */
export function statusSql(hasReport: string, mentees: string, target: string, expectedBp: string): string {
  const m = `(${mentees})::bigint * ${PERCENT_BP_MAX}`;
  return `CASE
    WHEN NOT (${hasReport}) THEN 'NO_DATA'
    WHEN (${target}) IS NULL OR (${target}) = 0 OR (${mentees}) >= (${target}) THEN 'ACHIEVED'
    WHEN ${m} >= (${expectedBp})::bigint * (${target}) THEN 'ON_TRACK'
    WHEN ${m} >= ((${expectedBp}) - ${AT_RISK_MARGIN_BP})::bigint * (${target}) THEN 'AT_RISK'
    ELSE 'BEHIND'
  END`;
}
