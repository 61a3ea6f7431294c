import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role, TenantDatabase } from '@mm/database';
import { from, lastValueFrom, Observable } from 'rxjs';
import { Actor, runAs } from '../auth/actor';
import { ALLOW_PENDING_PASSWORD_CHANGE, IS_PUBLIC, requestOf, ROLES } from '../auth/auth.decorators';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception';
import { EngineException } from '../errors';
import { AuthenticatedRequest, RequestTransactions } from './request-transactions';

/**
 * Runs every authenticated root operation in one scoped transaction (see RequestTransactions):
 * the user's re-check, the role check, the scope check and the work. Services called from the
 * resolver join it (TenantDatabase.transaction with the actor's scope), and what must follow the
 * commit (queueing a recorded job) runs after it.
 *
 * HTTP controllers (file downloads) run the same way; they start their streams without awaiting
 * them, so no database connection is held while a client downloads.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: TenantDatabase,
    private readonly requests: RequestTransactions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return next.handle();
    const request = requestOf(context) as AuthenticatedRequest;
    const rule: AccessRule = {
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
      allowPendingPasswordChange: this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_CHANGE, targets) === true,
    };
    const handle = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    return from(this.run(kindOf(context), request, rule, handle));
  }

  private async run(kind: 'query' | 'mutation' | 'http', request: AuthenticatedRequest, rule: AccessRule, handle: () => Promise<unknown>) {
    if (kind === 'query') {
      const { open, actor } = await this.requests.shared(request);
      authorise(request, actor, rule);
      try {
        return await this.db.within(open, () => runAs(actor, handle));
      } catch (error) {
        throw this.requests.abandonedOr(request, error);
      }
    }
    const { open, actor } = await this.requests.begin(request.claims!);
    try {
      authorise(request, actor, rule);
    } catch (error) {
      await open.rollback();
      throw error;
    }
    return this.db.run(open, () => runAs(actor, handle));
  }
}

interface AccessRule {
  roles: Role[] | undefined;
  allowPendingPasswordChange: boolean;
}

function authorise(request: AuthenticatedRequest, actor: Actor, rule: AccessRule): void {
  request.actor = actor;
  if (actor.mustChangePassword && !rule.allowPendingPasswordChange) {
    throw new AuthException(
      AuthExceptionCode.PASSWORD_CHANGE_REQUIRED,
      'Your password was set by someone else: change it (changePassword) before anything else',
    );
  }
  if (rule.roles && !rule.roles.includes(actor.role))
    throw EngineException.forbidden(`This operation is not available to the role ${actor.role}`);
}

function kindOf(context: ExecutionContext): 'query' | 'mutation' | 'http' {
  if (context.getType<string>() !== 'graphql') return 'http';
  const operation = GqlExecutionContext.create(context).getInfo()?.operation?.operation;
  return operation === 'query' ? 'query' : 'mutation';
}
