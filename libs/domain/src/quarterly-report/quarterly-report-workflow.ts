// Life cycle of a quarterly report (DESIGN §5): DRAFT → SUBMITTED → APPROVED, or
// SUBMITTED → RETURNED (with a comment) → edited → SUBMITTED again; an approved report is
// locked until the district reopens it.
import { FigureWarning, submitRequiresComment } from './quarterly-report-warnings';

export const QuarterlyReportStatus = {
  DRAFT: 'DRAFT',
  SUBMITTED: 'SUBMITTED',
  APPROVED: 'APPROVED',
  RETURNED: 'RETURNED',
} as const;
export type QuarterlyReportStatus = (typeof QuarterlyReportStatus)[keyof typeof QuarterlyReportStatus];

export const QuarterlyReportAction = {
  SAVE: 'SAVE',
  SUBMIT: 'SUBMIT',
  APPROVE: 'APPROVE',
  RETURN: 'RETURN',
  REOPEN: 'REOPEN',
} as const;
export type QuarterlyReportAction = (typeof QuarterlyReportAction)[keyof typeof QuarterlyReportAction];

/** The roles that act on a report (DESIGN §2); AUTHORITY only reads reports. */
export type QuarterlyReportRole = 'SCHOOL_CURATOR' | 'DISTRICT_COORDINATOR' | 'ADMIN';

export type WorkflowErrorReason = 'INVALID_TRANSITION' | 'COMMENT_REQUIRED';

export class WorkflowError extends Error {
  constructor(
    message: string,
    readonly reason: WorkflowErrorReason,
    readonly action: QuarterlyReportAction,
    /** The status the transition was refused in (null: the report does not exist yet). */
    readonly status?: QuarterlyReportStatus | null,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

// NEW stands for a report that does not exist yet (status null).
type FromStatus = QuarterlyReportStatus | 'NEW';

// Decisions beyond the letter of DESIGN §5:
// * SAVE keeps a RETURNED report RETURNED: the district still sees that it sent the report
//   back and is waiting for the correction, and the school still sees why (the comment).
// * A SUBMITTED report cannot be saved: the school edits it only after it is returned,
//   so the district never approves figures that are changing under it.
// * SUBMIT needs a saved report (DRAFT or RETURNED); every revision starts with a SAVE.
// * REOPEN leads to RETURNED, not DRAFT: the report was submitted and approved once, and
//   the district hands it back for a correction, which is exactly what RETURNED means.
//   DRAFT would read as "never submitted" in the district's lists. Like RETURN, it
//   therefore needs a comment saying what to correct.
const TRANSITIONS: Readonly<Record<QuarterlyReportAction, Partial<Record<FromStatus, QuarterlyReportStatus>>>> = {
  SAVE: { NEW: 'DRAFT', DRAFT: 'DRAFT', RETURNED: 'RETURNED' },
  SUBMIT: { DRAFT: 'SUBMITTED', RETURNED: 'SUBMITTED' },
  APPROVE: { SUBMITTED: 'APPROVED' },
  RETURN: { SUBMITTED: 'RETURNED' },
  REOPEN: { APPROVED: 'RETURNED' },
};

const ACTIONS = Object.values(QuarterlyReportAction);

/** The status after `action`, or a WorkflowError when the action is not allowed in `current`. */
export function nextStatus(current: QuarterlyReportStatus | null, action: QuarterlyReportAction): QuarterlyReportStatus {
  const transitions = TRANSITIONS[action];
  if (!transitions) {
    throw new WorkflowError(`unknown action ${String(action)}`, 'INVALID_TRANSITION', action, current);
  }
  const next = transitions[current ?? 'NEW'];
  if (next === undefined) {
    const where = current === null ? 'that does not exist yet' : `in status ${current}`;
    throw new WorkflowError(`cannot ${action.toLowerCase()} a report ${where}`, 'INVALID_TRANSITION', action, current);
  }
  return next;
}

/** The actions allowed in `current`, e.g. to decide which buttons a client shows. */
export function allowedActions(current: QuarterlyReportStatus | null): QuarterlyReportAction[] {
  return ACTIONS.filter((action) => TRANSITIONS[action][current ?? 'NEW'] !== undefined);
}

/** Who may perform each action. ADMIN may do everything. */
export const actionRoles: Readonly<Record<QuarterlyReportAction, readonly QuarterlyReportRole[]>> = Object.freeze({
  SAVE: Object.freeze(['SCHOOL_CURATOR', 'ADMIN'] as const),
  SUBMIT: Object.freeze(['SCHOOL_CURATOR', 'ADMIN'] as const),
  APPROVE: Object.freeze(['DISTRICT_COORDINATOR', 'ADMIN'] as const),
  RETURN: Object.freeze(['DISTRICT_COORDINATOR', 'ADMIN'] as const),
  REOPEN: Object.freeze(['DISTRICT_COORDINATOR', 'ADMIN'] as const),
});

export interface ReportActor {
  /** Any role name; roles outside QuarterlyReportRole (e.g. AUTHORITY) may do nothing. */
  readonly role: string;
  readonly schoolId?: string | null;
  readonly districtId?: string | null;
}

export interface ReportScope {
  readonly schoolId: string;
  readonly districtId: string;
}

/**
 * Whether `actor` may perform `action` on a report of `report`'s school: the role must be
 * allowed and the actor's scope must hold the report (a curator its own school, a
 * coordinator its own district). Status is checked separately by nextStatus.
 */
export function canPerformAction(action: QuarterlyReportAction, actor: ReportActor, report: ReportScope): boolean {
  const roles: readonly string[] = actionRoles[action] ?? [];
  if (!roles.includes(actor.role)) return false;
  switch (actor.role) {
    case 'ADMIN':
      return true;
    case 'SCHOOL_CURATOR':
      return actor.schoolId != null && actor.schoolId === report.schoolId;
    case 'DISTRICT_COORDINATOR':
      return actor.districtId != null && actor.districtId === report.districtId;
    default:
      return false;
  }
}

/**
 * Whether `action` needs a comment: RETURN and REOPEN always (the school must know what
 * to correct), SUBMIT when the figures raise soft warnings (the school explains them).
 */
export function commentRequired(action: QuarterlyReportAction, warnings: readonly FigureWarning[] = []): boolean {
  if (action === 'RETURN' || action === 'REOPEN') return true;
  return action === 'SUBMIT' && submitRequiresComment(warnings);
}

/** Throws a COMMENT_REQUIRED WorkflowError when `action` needs a comment and `comment` is blank. */
export function assertCommentProvided(
  action: QuarterlyReportAction,
  comment: string | null | undefined,
  warnings: readonly FigureWarning[] = [],
): void {
  if (!commentRequired(action, warnings) || (comment ?? '').trim() !== '') return;
  const why =
    action === 'SUBMIT'
      ? `the figures raise ${warnings.length} warning(s): ${warnings.map((w) => `${w.code} ${w.rule}`).join(', ')}`
      : `the school must know what to correct`;
  throw new WorkflowError(`a comment is required to ${action.toLowerCase()} a report: ${why}`, 'COMMENT_REQUIRED', action);
}
