import { AppErrorCode, FieldProblem, moduleException } from '../../engine/errors';

export enum MonitoringExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
}

const CODES: Record<MonitoringExceptionCode, AppErrorCode> = {
  [MonitoringExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [MonitoringExceptionCode.JOB_NOT_FOUND]: AppErrorCode.NOT_FOUND,
};

export class MonitoringException extends moduleException<MonitoringExceptionCode>(CODES) {
  static invalidAll(problems: FieldProblem[]): MonitoringException {
    return new MonitoringException(MonitoringExceptionCode.INVALID_INPUT, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }

  /** A job that does not exist and one outside the caller's scope look the same. */
  static jobNotFound(field = 'id'): MonitoringException {
    return new MonitoringException(MonitoringExceptionCode.JOB_NOT_FOUND, 'Job not found', [{ field, message: 'Job not found' }]);
  }
}
