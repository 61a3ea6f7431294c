import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import { AppErrorCode, AppException } from './app.exception';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  [AppErrorCode.BAD_USER_INPUT]: 400,
  [AppErrorCode.UNAUTHENTICATED]: 401,
  [AppErrorCode.FORBIDDEN]: 403,
  [AppErrorCode.NOT_FOUND]: 404,
  [AppErrorCode.CONFLICT]: 409,
  [AppErrorCode.TOO_MANY_REQUESTS]: 429,
  [AppErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * Expected errors are answers, not incidents: GraphQL ones go on to the error formatter unlogged,
 * HTTP ones (downloads) become their status with the same body shape.
 */
@Catch(AppException)
export class AppExceptionFilter implements ExceptionFilter {
  catch(exception: AppException, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const response = host.switchToHttp().getResponse();
    response.status(HTTP_STATUS[exception.graphqlCode]).json({
      error: { message: exception.message, code: exception.graphqlCode, reason: exception.code },
    });
    return undefined;
  }
}
