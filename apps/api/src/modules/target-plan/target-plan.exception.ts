import { DomainValidationError } from '@mm/domain';
import { AppErrorCode, FieldProblem, moduleException } from '../../engine/errors';

export enum TargetPlanExceptionCode {
  /** A rule about enrollment, a schedule or a plan range is broken; `problems` names the fields. */
  INVALID_INPUT = 'INVALID_INPUT',
  /** The uploaded file cannot be read as an enrollment table. */
  IMPORT_FILE_INVALID = 'IMPORT_FILE_INVALID',
  /** Rows of the uploaded file are wrong; nothing was imported (`extensions.rowErrors`). */
  IMPORT_ROWS_INVALID = 'IMPORT_ROWS_INVALID',
}

const CODES: Record<TargetPlanExceptionCode, AppErrorCode> = {
  [TargetPlanExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [TargetPlanExceptionCode.IMPORT_FILE_INVALID]: AppErrorCode.BAD_USER_INPUT,
  [TargetPlanExceptionCode.IMPORT_ROWS_INVALID]: AppErrorCode.BAD_USER_INPUT,
};

/** Expected errors of enrollment, target schedules and target plans. */
export class TargetPlanException extends moduleException<TargetPlanExceptionCode>(CODES) {
  static invalid(problems: FieldProblem[]): TargetPlanException {
    const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return new TargetPlanException(TargetPlanExceptionCode.INVALID_INPUT, message, problems);
  }

  static fromDomain(error: DomainValidationError): TargetPlanException {
    return TargetPlanException.invalid([{ field: error.field, message: error.message }]);
  }

  static invalidFile(field: string, message: string): TargetPlanException {
    return new TargetPlanException(TargetPlanExceptionCode.IMPORT_FILE_INVALID, `${field}: ${message}`, [{ field, message }]);
  }
}

/** Runs `work`, turning a DomainValidationError into BAD_USER_INPUT naming its field. */
export function asUserInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DomainValidationError) throw TargetPlanException.fromDomain(error);
    throw error;
  }
}
