/**
 * Raised when domain input breaks a rule. `field` names the offending input so the API
 * can map it to a BAD_USER_INPUT error that points at the right argument.
 */
export class DomainValidationError extends Error {
  override readonly name = 'DomainValidationError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws unless `value` is an integer in 0 … Number.MAX_SAFE_INTEGER. */
export function requireNonNegativeInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainValidationError(field, `${field} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Throws unless `value` is an integer (calendar years and the like). */
export function requireInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainValidationError(field, `${field} must be an integer, got ${String(value)}`);
  }
}
