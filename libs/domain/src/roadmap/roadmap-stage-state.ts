// The state of one roadmap stage for one school (DESIGN §7), as the district's matrix and the
// school's own list show it.
import { requireCalendarDate } from './school-year';

export const ROADMAP_STAGE_STATES = ['DONE', 'DUE', 'OVERDUE', 'REJECTED'] as const;
export type RoadmapStageState = (typeof ROADMAP_STAGE_STATES)[number];

/** What a school recorded for a stage: marked done, or its evidence rejected by the district. */
export const ROADMAP_COMPLETION_STATES = ['DONE', 'REJECTED'] as const;
export type RoadmapCompletionState = (typeof ROADMAP_COMPLETION_STATES)[number];

export interface StageStateInput {
  /** The stage's deadline, YYYY-MM-DD; the deadline day itself is on time. */
  readonly deadline: string;
  /** The school's completion of the stage, if any. */
  readonly completion: { readonly state: RoadmapCompletionState } | null | undefined;
  /** Today's date, YYYY-MM-DD, from the clock (never read here: the result depends on the inputs only). */
  readonly today: string;
}

/**
 * First match wins:
 * 1. DONE     — the school marked the stage done (and the district has not rejected it).
 * 2. REJECTED — the district rejected the evidence; the school must complete the stage again.
 *               Shown as REJECTED even past the deadline: the comment tells the school what to fix.
 * 3. OVERDUE  — not done and today is after the deadline day.
 * 4. DUE      — not done, deadline today or later.
 *
 * The same rule in SQL (`c` the completion row, `$today` a date):
 * `CASE WHEN c.state = 'DONE' THEN 'DONE' WHEN c.state = 'REJECTED' THEN 'REJECTED'
 *       WHEN $today > s.deadline THEN 'OVERDUE' ELSE 'DUE' END`
 */
export function stageState(input: StageStateInput): RoadmapStageState {
  requireCalendarDate(input.deadline, 'deadline');
  requireCalendarDate(input.today, 'today');
  const completion = input.completion?.state;
  if (completion === 'DONE') return 'DONE';
  if (completion === 'REJECTED') return 'REJECTED';
  return isPastDeadline(input.deadline, input.today) ? 'OVERDUE' : 'DUE';
}

/** Whether the deadline day is over on `today` (YYYY-MM-DD strings compare as dates). */
export function isPastDeadline(deadline: string, today: string): boolean {
  return today > deadline;
}

/**
 * Whether a stage is behind schedule for a school: not done and past its deadline. Unlike
 * stageState this also counts a rejected completion past the deadline, which is what "overdue
 * stages" in the district monitoring means: stages the school still owes after their day.
 */
export function isBehindSchedule(input: StageStateInput): boolean {
  const state = stageState(input);
  return state === 'OVERDUE' || (state === 'REJECTED' && isPastDeadline(input.deadline, input.today));
}

export interface StageCounts {
  done: number;
  due: number;
  overdue: number;
  rejected: number;
}

/**
 * Counts of a stage over a district's schools from the tally of completions: every school
 * without a completion is pending, and pending schools share the stage's deadline, so they are
 * all DUE or all OVERDUE.
 */
export function stageCounts(input: { deadline: string; today: string; schools: number; done: number; rejected: number }): StageCounts {
  const pending = input.schools - input.done - input.rejected;
  if (!Number.isSafeInteger(pending) || pending < 0) {
    throw new RangeError(`stage counts: ${input.done} done and ${input.rejected} rejected of ${input.schools} schools`);
  }
  const pendingState = stageState({ deadline: input.deadline, completion: null, today: input.today });
  return {
    done: input.done,
    rejected: input.rejected,
    due: pendingState === 'DUE' ? pending : 0,
    overdue: pendingState === 'OVERDUE' ? pending : 0,
  };
}
