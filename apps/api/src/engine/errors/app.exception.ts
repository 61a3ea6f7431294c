/** The codes clients see in `extensions.code`. */
export enum AppErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
}

export interface FieldProblem {
  /** The input field or figure the problem is about, e.g. `input.students` or `MENTEES_STUDENTS`. */
  field: string;
  message: string;
  rule?: string;
}

/**
 * Base of every expected error. Each module declares its own subclass with a code enum and maps
 * those codes to an AppErrorCode once, in the subclass; the GraphQL error formatter reads
 * `graphqlCode` and never needs to know the module.
 */
export abstract class AppException<C extends string = string> extends Error {
  abstract readonly graphqlCode: AppErrorCode;

  constructor(
    readonly code: C,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The base of a module's exception class: its code enum mapped to an AppErrorCode once, here.
 * `export class RoadmapException extends moduleException<RoadmapExceptionCode>(CODES) { …factories }`.
 */
export function moduleException<C extends string>(codes: Readonly<Record<C, AppErrorCode>>) {
  return class ModuleException extends AppException<C> {
    get graphqlCode(): AppErrorCode {
      return codes[this.code];
    }
  };
}

/** Errors of the engine itself (input validation, authentication, scope). */
export enum EngineExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The client went away before its answer: what was left of the operation stopped. Nobody reads it. */
  REQUEST_ABANDONED = 'REQUEST_ABANDONED',
}

const ENGINE_CODES: Record<EngineExceptionCode, AppErrorCode> = {
  [EngineExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [EngineExceptionCode.UNAUTHENTICATED]: AppErrorCode.UNAUTHENTICATED,
  [EngineExceptionCode.FORBIDDEN]: AppErrorCode.FORBIDDEN,
  [EngineExceptionCode.NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [EngineExceptionCode.CONFLICT]: AppErrorCode.CONFLICT,
  [EngineExceptionCode.DATABASE_UNAVAILABLE]: AppErrorCode.SERVICE_UNAVAILABLE,
  [EngineExceptionCode.RATE_LIMITED]: AppErrorCode.TOO_MANY_REQUESTS,
  [EngineExceptionCode.REQUEST_ABANDONED]: AppErrorCode.SERVICE_UNAVAILABLE,
};

export class EngineException extends moduleException<EngineExceptionCode>(ENGINE_CODES) {
  static invalid(field: string, message: string): EngineException {
    return new EngineException(EngineExceptionCode.INVALID_INPUT, `${field}: ${message}`, [{ field, message }]);
  }

  static forbidden(message = 'You do not have access to this resource'): EngineException {
    return new EngineException(EngineExceptionCode.FORBIDDEN, message);
  }

  static notFound(what: string, field?: string): EngineException {
    return new EngineException(EngineExceptionCode.NOT_FOUND, `${what} not found`, field ? [{ field, message: `${what} not found` }] : []);
  }
}
