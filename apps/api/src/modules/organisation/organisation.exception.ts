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

export enum OrganisationExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  UNREADABLE_FILE = 'UNREADABLE_FILE',
  DUPLICATE = 'DUPLICATE',
  NOT_FOUND = 'NOT_FOUND',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  ROLE_NOT_GRANTABLE = 'ROLE_NOT_GRANTABLE',
  /** Rows of an import's file are wrong; nothing was stored (`extensions.rowErrors`). */
  IMPORT_ROWS_INVALID = 'IMPORT_ROWS_INVALID',
}

const CODES: Record<OrganisationExceptionCode, AppErrorCode> = {
  [OrganisationExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [OrganisationExceptionCode.WEAK_PASSWORD]: AppErrorCode.BAD_USER_INPUT,
  [OrganisationExceptionCode.UNREADABLE_FILE]: AppErrorCode.BAD_USER_INPUT,
  [OrganisationExceptionCode.DUPLICATE]: AppErrorCode.CONFLICT,
  [OrganisationExceptionCode.NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [OrganisationExceptionCode.OUT_OF_SCOPE]: AppErrorCode.FORBIDDEN,
  [OrganisationExceptionCode.ROLE_NOT_GRANTABLE]: AppErrorCode.FORBIDDEN,
  [OrganisationExceptionCode.IMPORT_ROWS_INVALID]: AppErrorCode.BAD_USER_INPUT,
};

export class OrganisationException extends moduleException<OrganisationExceptionCode>(CODES) {
  static invalid(field: string, message: string, code = OrganisationExceptionCode.INVALID_INPUT): OrganisationException {
    return new OrganisationException(code, `${field}: ${message}`, [{ field, message }]);
  }

  static invalidAll(problems: FieldProblem[], code = OrganisationExceptionCode.INVALID_INPUT): OrganisationException {
    return new OrganisationException(code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }

  static duplicate(field: string, message: string): OrganisationException {
    return new OrganisationException(OrganisationExceptionCode.DUPLICATE, `${field}: ${message}`, [{ field, message }]);
  }

  static notFound(what: string, field: string): OrganisationException {
    return new OrganisationException(OrganisationExceptionCode.NOT_FOUND, `${what} not found`, [{ field, message: `${what} not found` }]);
  }

  static outOfScope(message: string, field?: string): OrganisationException {
    return new OrganisationException(OrganisationExceptionCode.OUT_OF_SCOPE, message, field ? [{ field, message }] : []);
  }

  static notGrantable(message: string, field = 'role'): OrganisationException {
    return new OrganisationException(OrganisationExceptionCode.ROLE_NOT_GRANTABLE, message, [{ field, message }]);
  }
}

/** Unique constraints (and unique indexes) of the organisation tables, by name, and the field each guards. */
const UNIQUE_CONSTRAINTS: Record<string, { field: string; message: string }> = {
  regions_code_key: { field: 'code', message: 'a region with this code already exists' },
  districts_region_code_key: { field: 'code', message: 'a district with this code already exists in the region' },
  schools_district_code_key: { field: 'code', message: 'a school with this code already exists in the district' },
  users_email_key: { field: 'email', message: 'an account with this e-mail already exists' },
};

const logger = new Logger('Organisation');

/**
 * Turns the database's refusals into answers: a unique violation raced past the checks becomes
 * CONFLICT naming the field; an RLS refusal (the second lock caught what the guard let through) FORBIDDEN.
 */
export function translateDatabaseError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION) {
    const known = UNIQUE_CONSTRAINTS[pgConstraint(error) ?? ''];
    if (known) return OrganisationException.duplicate(known.field, known.message);
  }
  if (code === PG_INSUFFICIENT_PRIVILEGE) {
    logger.warn(`row-level security refused a write the guards allowed: ${(error as Error).message}`);
    return OrganisationException.outOfScope('The target is outside your scope');
  }
  return error;
}
