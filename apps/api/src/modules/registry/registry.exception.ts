import { Logger } from '@nestjs/common';
import {
  AppErrorCode,
  FieldProblem,
  moduleException,
  PG_INSUFFICIENT_PRIVILEGE,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from '../../engine/errors';

export enum RegistryExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  /** A mentor or mentee has no consent in force on the mentoring's start date. */
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  PARTICIPANT_NOT_FOUND = 'PARTICIPANT_NOT_FOUND',
  MENTORING_NOT_FOUND = 'MENTORING_NOT_FOUND',
  /** The school is outside the caller's scope, or the caller's role may not read names. */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** The participant already holds a consent in force. */
  CONSENT_EXISTS = 'CONSENT_EXISTS',
  /** The participant has withdrawn: the record is anonymous and takes no new consent or mentoring. */
  WITHDRAWN = 'WITHDRAWN',
  /** The mentoring has already ended. */
  ALREADY_ENDED = 'ALREADY_ENDED',
  /** An import refused as a whole: every row's problem is listed. */
  IMPORT_REJECTED = 'IMPORT_REJECTED',
}

const CODES: Record<RegistryExceptionCode, AppErrorCode> = {
  [RegistryExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [RegistryExceptionCode.CONSENT_REQUIRED]: AppErrorCode.BAD_USER_INPUT,
  [RegistryExceptionCode.PARTICIPANT_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [RegistryExceptionCode.MENTORING_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [RegistryExceptionCode.OUT_OF_SCOPE]: AppErrorCode.FORBIDDEN,
  [RegistryExceptionCode.CONSENT_EXISTS]: AppErrorCode.CONFLICT,
  [RegistryExceptionCode.WITHDRAWN]: AppErrorCode.CONFLICT,
  [RegistryExceptionCode.ALREADY_ENDED]: AppErrorCode.CONFLICT,
  [RegistryExceptionCode.IMPORT_REJECTED]: AppErrorCode.BAD_USER_INPUT,
};

/** Expected errors of the school's registry of participants, consents and mentorings. */
export class RegistryException extends moduleException<RegistryExceptionCode>(CODES) {
  static invalid(problems: FieldProblem[], code = RegistryExceptionCode.INVALID_INPUT): RegistryException {
    return new RegistryException(code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }

  static participantNotFound(field = 'participantId'): RegistryException {
    return new RegistryException(RegistryExceptionCode.PARTICIPANT_NOT_FOUND, 'Participant not found', [
      { field, message: 'participant not found' },
    ]);
  }

  static mentoringNotFound(field = 'id'): RegistryException {
    return new RegistryException(RegistryExceptionCode.MENTORING_NOT_FOUND, 'Mentoring not found', [
      { field, message: 'mentoring not found' },
    ]);
  }

  static outOfScope(message: string): RegistryException {
    return new RegistryException(RegistryExceptionCode.OUT_OF_SCOPE, message);
  }

  static withdrawn(field = 'participantId'): RegistryException {
    const message = 'the participant has withdrawn consent: the record is anonymous and takes no new consent or mentoring';
    return new RegistryException(RegistryExceptionCode.WITHDRAWN, `${field}: ${message}`, [{ field, message }]);
  }
}

const logger = new Logger('Registry');

/** The database's refusals as answers: a raced second consent is CONFLICT, an RLS refusal FORBIDDEN. */
export function translateRegistryDatabaseError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION && pgConstraint(error) === 'registry_consents_in_force_key') {
    return new RegistryException(RegistryExceptionCode.CONSENT_EXISTS, 'The participant already holds a consent in force', [
      { field: 'participantId', message: 'the participant already holds a consent in force' },
    ]);
  }
  if (code === PG_INSUFFICIENT_PRIVILEGE) {
    logger.warn(`row-level security refused a registry statement the guards allowed: ${(error as Error).message}`);
    return RegistryException.outOfScope('The school is outside your scope');
  }
  return error;
}
