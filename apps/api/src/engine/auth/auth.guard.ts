import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '@mm/database';
import { EngineException } from '../errors';
import { ALLOW_PENDING_PASSWORD_CHANGE, IS_PUBLIC, requestOf, ROLES } from './auth.decorators';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { AuthService } from './auth.service';

/** Global guard: every operation needs a valid token unless marked @Public; @Roles narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = requestOf(context);
    const header: string | undefined = request?.headers?.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'Authentication required: send Authorization: Bearer <token>');
    request.actor ??= await this.auth.authenticate(match[1]!);
    if (request.actor.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_CHANGE, targets)) {
      throw new AuthException(AuthExceptionCode.PASSWORD_CHANGE_REQUIRED, 'Your password was set by someone else: change it (changePassword) before anything else');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw EngineException.forbidden(`This operation is not available to the role ${request.actor.role}`);
    }
    return true;
  }
}
