import { QueryFailedError } from 'typeorm';

/** What pg's DatabaseError carries, read from an error of unknown kind. */
type DriverError = { code?: unknown; constraint?: string } | null | undefined;

function driverErrorOf(error: unknown): DriverError {
  return (error instanceof QueryFailedError ? error.driverError : error) as DriverError;
}

/** The SQLSTATE of a failed query, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  const driverError = driverErrorOf(error);
  return typeof driverError?.code === 'string' ? driverError.code : undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK = '40P01';
export const PG_INSUFFICIENT_PRIVILEGE = '42501';

export function pgConstraint(error: unknown): string | undefined {
  return driverErrorOf(error)?.constraint;
}

/** Errors that mean "the database is not reachable right now", not "the query is wrong". */
export function isConnectionError(error: unknown): boolean {
  const code = pgErrorCode(error) ?? (error as NodeJS.ErrnoException)?.code;
  const message = String((error as Error)?.message ?? '');
  // A connection that dies inside a transaction makes TypeORM release its query runner; the
  // transaction's next statement then fails with one of these rather than the socket error.
  const name = (error as Error)?.name ?? (error as object)?.constructor?.name;
  if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006'].includes(code ?? '') ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|connection error and is not queryable/i.test(message)
  );
}
