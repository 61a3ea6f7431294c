import { AppErrorCode, FieldProblem, moduleException } from '../../engine/errors';

export enum ReportingWorkflowExceptionCode {
  /** Signing off while reports of the district and quarter wait for the coordinator's decision. */
  REPORTS_AWAITING_DECISION = 'REPORTS_AWAITING_DECISION',
  /** The district quarter's state does not allow the step (e.g. accepting an open quarter). */
  INVALID_STATE = 'INVALID_STATE',
  INVALID_INPUT = 'INVALID_INPUT',
  EXTENSION_NOT_FOUND = 'EXTENSION_NOT_FOUND',
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** The region's settings changed since the caller read them. */
  STALE_VERSION = 'STALE_VERSION',
}

const CODES: Record<ReportingWorkflowExceptionCode, AppErrorCode> = {
  [ReportingWorkflowExceptionCode.REPORTS_AWAITING_DECISION]: AppErrorCode.CONFLICT,
  [ReportingWorkflowExceptionCode.INVALID_STATE]: AppErrorCode.CONFLICT,
  [ReportingWorkflowExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [ReportingWorkflowExceptionCode.EXTENSION_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [ReportingWorkflowExceptionCode.NOTIFICATION_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [ReportingWorkflowExceptionCode.STALE_VERSION]: AppErrorCode.CONFLICT,
};

/** Expected errors of the sign-off, extensions, completeness and reminders. */
export class ReportingWorkflowException extends moduleException<ReportingWorkflowExceptionCode>(CODES) {
  static invalid(field: string, message: string): ReportingWorkflowException {
    const problems: FieldProblem[] = [{ field, message }];
    return new ReportingWorkflowException(ReportingWorkflowExceptionCode.INVALID_INPUT, `${field}: ${message}`, problems);
  }

  static invalidState(message: string, state: string): ReportingWorkflowException {
    return new ReportingWorkflowException(ReportingWorkflowExceptionCode.INVALID_STATE, message, [], { state });
  }

  static awaitingDecision(schools: { id: string; code: string; name: string }[]): ReportingWorkflowException {
    return new ReportingWorkflowException(
      ReportingWorkflowExceptionCode.REPORTS_AWAITING_DECISION,
      `Reports of ${schools.length} school(s) wait for a decision: ${schools.map((s) => s.code).join(', ')}`,
      [],
      { schools },
    );
  }

  static extensionNotFound(): ReportingWorkflowException {
    return new ReportingWorkflowException(
      ReportingWorkflowExceptionCode.EXTENSION_NOT_FOUND,
      'The school has no extension in force for that quarter',
      [{ field: 'schoolId', message: 'no extension in force' }],
    );
  }
}
