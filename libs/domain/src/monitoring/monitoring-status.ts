import { PERCENT_BP_MAX, parsePercent } from '../targets/percent';
import { requireNonNegativeInteger } from '../targets/validation';
import { DEFAULT_EXPECTED_PROGRESS, expectedProgressFor, type ExpectedProgress } from './expected-progress';

export const MONITORING_STATUSES = ['ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND', 'NO_DATA'] as const;

export type MonitoringStatus = (typeof MONITORING_STATUSES)[number];

/** How far (percentage points) progress may fall below the expected progress and be AT_RISK rather than BEHIND. */
export const AT_RISK_MARGIN_PP = 15;

/** AT_RISK_MARGIN_PP in basis points (hundredths of a percent), for integer comparisons. */
export const AT_RISK_MARGIN_BP = AT_RISK_MARGIN_PP * 100;

export interface MonitoringStatusInput {
  /** Whether the school has a SUBMITTED or APPROVED report for the quarter. */
  readonly hasReport: boolean;
  /** Unique student mentees, year to date. */
  readonly mentees: number;
  /** The year's mentee target count; null when the year has no target or the school no base. */
  readonly menteeTarget: number | null;
  /** 1–4. */
  readonly quarter: number;
  /** Expected progress per quarter; DEFAULT_EXPECTED_PROGRESS (25/50/75/100 %) when omitted. */
  readonly expectedProgress?: ExpectedProgress;
}

/**
 * A school's status for a quarter (DESIGN §6). The rules, first match wins:
 *
 * 1. NO_DATA  — no submitted or approved report.
 * 2. ACHIEVED — mentees ≥ target. A report against a target of 0 or no target (null)
 *               also counts as ACHIEVED: there is nothing left to reach.
 * 3. ON_TRACK — progress ≥ expected, where progress = mentees / target.
 * 4. AT_RISK  — expected − progress ≤ AT_RISK_MARGIN_PP (15 percentage points).
 * 5. BEHIND   — otherwise.
 *
 * Comparisons use the exact ratio, not the rounded progressPercent: with expected 50 %,
 * 3 499 of 10 000 (34.99 %) is BEHIND although it displays as 35.0 %. On integers, with
 * expected_bp = expected percent × 100 (50 % → 5000; always an integer):
 *
 * ```sql
 * CASE
 *   WHEN NOT has_report THEN 'NO_DATA'
 *   WHEN target IS NULL OR target = 0 OR mentees >= target THEN 'ACHIEVED'
 *   WHEN mentees::bigint * 10000 >= expected_bp::bigint * target THEN 'ON_TRACK'
 *   WHEN mentees::bigint * 10000 >= (expected_bp - 1500)::bigint * target THEN 'AT_RISK'  -- 1500 = AT_RISK_MARGIN_BP
 *   ELSE 'BEHIND'
 * END
 * ```
 */
export function monitoringStatus(input: MonitoringStatusInput): MonitoringStatus {
  const { hasReport, mentees, menteeTarget: target, quarter } = input;
  const expectedProgress = input.expectedProgress ?? DEFAULT_EXPECTED_PROGRESS;
  const expectedBp = parsePercent(expectedProgressFor(quarter, expectedProgress), `expectedProgress[${quarter}]`);

  if (!hasReport) return 'NO_DATA';
  requireNonNegativeInteger(mentees, 'mentees');
  if (target === null) return 'ACHIEVED';
  requireNonNegativeInteger(target, 'menteeTarget');
  if (mentees >= target) return 'ACHIEVED'; // also covers a target of 0

  // progress ≥ p %  ⇔  mentees / target ≥ p_bp / 10 000  ⇔  mentees · 10 000 ≥ p_bp · target
  const scaledMentees = BigInt(mentees) * BigInt(PERCENT_BP_MAX);
  if (scaledMentees >= BigInt(expectedBp) * BigInt(target)) return 'ON_TRACK';
  // A negative threshold (expected below the margin) leaves nothing BEHIND, as it should.
  if (scaledMentees >= BigInt(expectedBp - AT_RISK_MARGIN_BP) * BigInt(target)) return 'AT_RISK';
  return 'BEHIND';
}
