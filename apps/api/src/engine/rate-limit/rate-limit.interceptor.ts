import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { commitThenThrow, TenantDatabase } from '@mm/database';
import { catchError, from, Observable } from 'rxjs';
import type { Actor } from '../auth/actor';
import { requestOf } from '../auth/auth.decorators';
import { AppErrorCode, AppException, EngineException, EngineExceptionCode } from '../errors';
import { RateLimiter, RateLimitPolicy } from './rate-limiter';

export const RATE_LIMIT = 'mm:rateLimit';

/**
 * Charges the caller's budget before the operation runs, inside the operation's transaction (this
 * interceptor runs within RequestTransactionInterceptor), so a call refused for its input or its
 * scope stores nothing, not even in the budget (unless the policy charges failures). Past the budget the call is TOO_MANY_REQUESTS with
 * `retryAfterSeconds` (HTTP 429 and Retry-After).
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly db: TenantDatabase,
  ) {
    this.limiter = new RateLimiter(db);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const policy = this.reflector.get<RateLimitPolicy | undefined>(RATE_LIMIT, context.getHandler());
    const actor: Actor | undefined = requestOf(context)?.actor;
    if (!policy || !actor) return next.handle(); // @Public operations carry no user
    const decision = await this.limiter.reserve(policy, actor.userId);
    if (!decision.allowed) {
      responseOf(context)?.setHeader?.('retry-after', String(decision.retryAfterSeconds));
      throw new EngineException(
        EngineExceptionCode.RATE_LIMITED,
        `Too many requests of this kind: at most ${policy.limit} per ${describeWindow(policy.windowSeconds)}; try again in ${decision.retryAfterSeconds} s`,
        [],
        { retryAfterSeconds: decision.retryAfterSeconds, limit: policy.limit, windowSeconds: policy.windowSeconds },
      );
    }
    if (!policy.chargeFailures) return next.handle();
    // The charge stays when the call fails for its input (an unreadable file was parsed all the
    // same): the operation's own writes roll back to a savepoint taken after the charge, and the
    // charge commits with the error. A refusal for the target (checked before any work) costs nothing.
    const tx = this.db.current;
    await tx.query('SAVEPOINT rate_limited_operation');
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(
          (async () => {
            if (isScopeRefusal(error)) throw error;
            await tx.query('ROLLBACK TO SAVEPOINT rate_limited_operation');
            throw commitThenThrow(error as object);
          })(),
        ),
      ),
    );
  }
}

/** Refused for its target (FORBIDDEN / NOT_FOUND): decided before any work, never charged. */
function isScopeRefusal(error: unknown): boolean {
  return error instanceof AppException && (error.graphqlCode === AppErrorCode.FORBIDDEN || error.graphqlCode === AppErrorCode.NOT_FOUND);
}

function responseOf(context: ExecutionContext): { setHeader?(name: string, value: string): void } | undefined {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().res;
  return context.switchToHttp().getResponse();
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} s`;
}
