import { FigureWarning } from './quarterly-report-warnings';
import {
  actionRoles,
  allowedActions,
  assertCommentProvided,
  canPerformAction,
  commentRequired,
  nextStatus,
  QuarterlyReportAction,
  QuarterlyReportStatus,
  WorkflowError,
} from './quarterly-report-workflow';

type Status = QuarterlyReportStatus | null;
const STATUSES: Status[] = [null, 'DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'];
const ACTIONS = Object.values(QuarterlyReportAction);

// The whole transition table: every (status, action) pair, allowed or refused.
const EXPECTED: Record<QuarterlyReportAction, Record<string, QuarterlyReportStatus | 'refused'>> = {
  SAVE: { null: 'DRAFT', DRAFT: 'DRAFT', SUBMITTED: 'refused', APPROVED: 'refused', RETURNED: 'RETURNED' },
  SUBMIT: { null: 'refused', DRAFT: 'SUBMITTED', SUBMITTED: 'refused', APPROVED: 'refused', RETURNED: 'SUBMITTED' },
  APPROVE: { null: 'refused', DRAFT: 'refused', SUBMITTED: 'APPROVED', APPROVED: 'refused', RETURNED: 'refused' },
  RETURN: { null: 'refused', DRAFT: 'refused', SUBMITTED: 'RETURNED', APPROVED: 'refused', RETURNED: 'refused' },
  REOPEN: { null: 'refused', DRAFT: 'refused', SUBMITTED: 'refused', APPROVED: 'RETURNED', RETURNED: 'refused' },
};

const cases = ACTIONS.flatMap((action) => STATUSES.map((status) => [action, status, EXPECTED[action][String(status)]] as const));

describe('nextStatus', () => {
  it.each(cases.filter(([, , expected]) => expected !== 'refused'))('%s from %s leads to %s', (action, status, expected) => {
    expect(nextStatus(status, action)).toBe(expected);
  });

  it.each(cases.filter(([, , expected]) => expected === 'refused'))('%s from %s is refused', (action, status) => {
    let error: unknown;
    try {
      nextStatus(status, action);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toMatchObject({ name: 'WorkflowError', reason: 'INVALID_TRANSITION', action, status });
    const where = status === null ? 'that does not exist yet' : `in status ${status}`;
    expect((error as Error).message).toBe(`cannot ${action.toLowerCase()} a report ${where}`);
  });

  it('says clearly what was refused', () => {
    expect(() => nextStatus('DRAFT', 'APPROVE')).toThrow('cannot approve a report in status DRAFT');
    expect(() => nextStatus('APPROVED', 'SAVE')).toThrow('cannot save a report in status APPROVED');
    expect(() => nextStatus(null, 'SUBMIT')).toThrow('cannot submit a report that does not exist yet');
  });

  it('refuses an unknown action from untyped input', () => {
    expect(() => nextStatus('DRAFT', 'DELETE' as QuarterlyReportAction)).toThrow('unknown action DELETE');
  });

  it('runs the whole life cycle of DESIGN §5', () => {
    const steps: QuarterlyReportAction[] = [
      ...(['SAVE', 'SAVE', 'SUBMIT', 'RETURN'] as const),
      ...(['SAVE', 'SUBMIT', 'APPROVE', 'REOPEN'] as const),
      ...(['SAVE', 'SUBMIT', 'APPROVE'] as const),
    ];
    const visited: Status[] = [];
    steps.reduce<Status>((status, action) => {
      const next = nextStatus(status, action);
      visited.push(next);
      return next;
    }, null);
    expect(visited).toEqual([
      'DRAFT',
      'DRAFT',
      'SUBMITTED',
      'RETURNED',
      'RETURNED',
      'SUBMITTED',
      'APPROVED',
      'RETURNED',
      'RETURNED',
      'SUBMITTED',
      'APPROVED',
    ]);
  });
});

describe('allowedActions', () => {
  it.each(STATUSES)('lists the actions allowed from %s', (status) => {
    expect(allowedActions(status)).toEqual(ACTIONS.filter((action) => EXPECTED[action][String(status)] !== 'refused'));
  });

  it('locks an approved report except for reopening', () => {
    expect(allowedActions('APPROVED')).toEqual(['REOPEN']);
    expect(allowedActions('SUBMITTED')).toEqual(['APPROVE', 'RETURN']);
  });
});

describe('roles', () => {
  it('lets the school save and submit, and the district approve, return and reopen; ADMIN does all', () => {
    expect(actionRoles).toEqual({
      SAVE: ['SCHOOL_CURATOR', 'ADMIN'],
      SUBMIT: ['SCHOOL_CURATOR', 'ADMIN'],
      APPROVE: ['DISTRICT_COORDINATOR', 'ADMIN'],
      RETURN: ['DISTRICT_COORDINATOR', 'ADMIN'],
      REOPEN: ['DISTRICT_COORDINATOR', 'ADMIN'],
    });
  });

  const report = { schoolId: 'school-1', districtId: 'district-1' };
  const curator = { role: 'SCHOOL_CURATOR', schoolId: 'school-1', districtId: 'district-1' };
  const otherCurator = { role: 'SCHOOL_CURATOR', schoolId: 'school-2', districtId: 'district-1' };
  const coordinator = { role: 'DISTRICT_COORDINATOR', districtId: 'district-1' };
  const otherCoordinator = { role: 'DISTRICT_COORDINATOR', districtId: 'district-2' };
  const admin = { role: 'ADMIN' };
  const authority = { role: 'AUTHORITY', districtId: 'district-1' };

  it.each(ACTIONS)('decides who may %s a report', (action) => {
    const school = action === 'SAVE' || action === 'SUBMIT';
    expect(canPerformAction(action, curator, report)).toBe(school);
    expect(canPerformAction(action, coordinator, report)).toBe(!school);
    expect(canPerformAction(action, admin, report)).toBe(true);
    expect(canPerformAction(action, otherCurator, report)).toBe(false);
    expect(canPerformAction(action, otherCoordinator, report)).toBe(false);
    expect(canPerformAction(action, authority, report)).toBe(false);
  });

  it('refuses an actor without a scope', () => {
    expect(canPerformAction('SAVE', { role: 'SCHOOL_CURATOR' }, report)).toBe(false);
    expect(canPerformAction('APPROVE', { role: 'DISTRICT_COORDINATOR', districtId: null }, report)).toBe(false);
  });
});

describe('comments', () => {
  const warning: FigureWarning = { code: 'MENTEES_STUDENTS', rule: 'DECREASE', message: '…' };

  it('requires a comment to return or reopen a report, and to submit one with warnings', () => {
    expect(commentRequired('RETURN')).toBe(true);
    expect(commentRequired('REOPEN')).toBe(true);
    expect(commentRequired('SUBMIT', [warning])).toBe(true);
    expect(commentRequired('SUBMIT', [])).toBe(false);
    expect(commentRequired('SUBMIT')).toBe(false);
    expect(commentRequired('SAVE', [warning])).toBe(false);
    expect(commentRequired('APPROVE', [warning])).toBe(false);
  });

  it.each([undefined, null, '', '   \n'])('refuses to return a report with the comment %p', (comment) => {
    expect(() => assertCommentProvided('RETURN', comment)).toThrow(
      new WorkflowError('a comment is required to return a report: the school must know what to correct', 'COMMENT_REQUIRED', 'RETURN'),
    );
    expect(() => assertCommentProvided('REOPEN', comment)).toThrow('a comment is required to reopen a report');
  });

  it('refuses to submit with warnings and no comment, naming the warnings', () => {
    let error: unknown;
    try {
      assertCommentProvided('SUBMIT', ' ', [warning, { code: 'PAIRS', rule: 'JUMP', message: '…' }]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(WorkflowError);
    expect(error).toMatchObject({
      reason: 'COMMENT_REQUIRED',
      action: 'SUBMIT',
      message: 'a comment is required to submit a report: the figures raise 2 warning(s): MENTEES_STUDENTS DECREASE, PAIRS JUMP',
    });
  });

  it('accepts a comment where one is needed, and no comment where none is', () => {
    expect(() => assertCommentProvided('RETURN', 'Пересчитайте наставляемых по формам')).not.toThrow();
    expect(() => assertCommentProvided('REOPEN', 'Ошибка в численности педагогов')).not.toThrow();
    expect(() => assertCommentProvided('SUBMIT', 'Выбыли два класса', [warning])).not.toThrow();
    expect(() => assertCommentProvided('SUBMIT', undefined)).not.toThrow();
    expect(() => assertCommentProvided('APPROVE', null)).not.toThrow();
    expect(() => assertCommentProvided('SAVE', undefined, [warning])).not.toThrow();
  });
});
