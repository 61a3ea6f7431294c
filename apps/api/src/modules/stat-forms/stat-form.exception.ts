import { AppErrorCode, FieldProblem, moduleException } from '../../engine/errors';

export enum StatFormExceptionCode {
  /** The request does not fit the form (scope kind, missing quarter, unknown version…); `problems` names the fields. */
  INVALID_INPUT = 'INVALID_INPUT',
  EXPORT_NOT_FOUND = 'EXPORT_NOT_FOUND',
  /** The export is outside the caller's scope. */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** The file is not there yet (queued, running) or the job failed. */
  EXPORT_NOT_READY = 'EXPORT_NOT_READY',
  /** The file was removed after `expiresAt`; `exportStatForm` produces a fresh one. */
  EXPORT_EXPIRED = 'EXPORT_EXPIRED',
  /** The stored file no longer matches its SHA-256: it is not served. */
  FILE_INTEGRITY = 'FILE_INTEGRITY',
}

const CODES: Record<StatFormExceptionCode, AppErrorCode> = {
  [StatFormExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [StatFormExceptionCode.EXPORT_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [StatFormExceptionCode.OUT_OF_SCOPE]: AppErrorCode.FORBIDDEN,
  [StatFormExceptionCode.EXPORT_NOT_READY]: AppErrorCode.CONFLICT,
  [StatFormExceptionCode.EXPORT_EXPIRED]: AppErrorCode.NOT_FOUND,
  [StatFormExceptionCode.FILE_INTEGRITY]: AppErrorCode.SERVICE_UNAVAILABLE,
};

/** Expected errors of statistical form exports and their downloads. */
export class StatFormException extends moduleException<StatFormExceptionCode>(CODES) {
  static invalid(field: string, message: string): StatFormException {
    return StatFormException.invalidAll([{ field, message }]);
  }

  static invalidAll(problems: FieldProblem[]): StatFormException {
    return new StatFormException(StatFormExceptionCode.INVALID_INPUT, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }

  static notFound(field = 'id'): StatFormException {
    return new StatFormException(StatFormExceptionCode.EXPORT_NOT_FOUND, 'Export not found', [{ field, message: 'Export not found' }]);
  }

  static outOfScope(): StatFormException {
    return new StatFormException(StatFormExceptionCode.OUT_OF_SCOPE, 'The export is outside your scope');
  }
}
