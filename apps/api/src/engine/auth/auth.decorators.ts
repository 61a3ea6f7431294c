import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role } from '@mm/database';
import type { Actor } from './actor';

export const IS_PUBLIC = 'mm:isPublic';
export const ROLES = 'mm:roles';

/** No token needed (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOW_PENDING_PASSWORD_CHANGE = 'mm:allowPendingPasswordChange';

/** Reachable while the account must still change a password someone else set (changePassword, me, logout). */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD_CHANGE, true);

/** Only these roles reach the handler; the scope of the target is checked by the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export function requestOf(context: ExecutionContext): any {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => requestOf(context).actor);
