import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest } from '../tenancy/request-transactions';
import { IS_PUBLIC, requestOf } from './auth.decorators';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { AuthService } from './auth.service';

/**
 * Global guard: every operation needs a valid token unless marked @Public. It verifies the token
 * only (no database); the user's re-check, @Roles and the scope run in the operation's transaction
 * (RequestTransactionInterceptor), so a deactivated account stops at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = requestOf(context) as AuthenticatedRequest;
    if (request.claims) return true; // a query's other root fields
    const header: string | undefined = (request as { headers?: Record<string, string> }).headers?.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'Authentication required: send Authorization: Bearer <token>');
    request.claims = await this.auth.verifyToken(match[1]!);
    return true;
  }
}
