import { AppErrorCode, FieldProblem, moduleException } from '../../engine/errors';

export enum MonitoringExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
}

const CODES: Record<MonitoringExceptionCode, AppErrorCode> = {
  [MonitoringExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
};

export class MonitoringException extends moduleException<MonitoringExceptionCode>(CODES) {
  static invalidAll(problems: FieldProblem[]): MonitoringException {
    return new MonitoringException(
      MonitoringExceptionCode.INVALID_INPUT,
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      problems,
    );
  }
}
