import { AppErrorCode, moduleException } from '../errors';

export enum AuthExceptionCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOKEN_INVALID = 'TOKEN_INVALID',
  USER_INACTIVE = 'USER_INACTIVE',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
}

const CODES: Record<AuthExceptionCode, AppErrorCode> = {
  [AuthExceptionCode.INVALID_CREDENTIALS]: AppErrorCode.UNAUTHENTICATED,
  [AuthExceptionCode.TOKEN_INVALID]: AppErrorCode.UNAUTHENTICATED,
  [AuthExceptionCode.USER_INACTIVE]: AppErrorCode.UNAUTHENTICATED,
  [AuthExceptionCode.TOO_MANY_ATTEMPTS]: AppErrorCode.TOO_MANY_REQUESTS,
  [AuthExceptionCode.ROLE_NOT_ALLOWED]: AppErrorCode.FORBIDDEN,
  [AuthExceptionCode.PASSWORD_CHANGE_REQUIRED]: AppErrorCode.FORBIDDEN,
};

export class AuthException extends moduleException<AuthExceptionCode>(CODES) {}
