import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Environment } from '@mm/config';
import { SYSTEM_SCOPE, TenantDatabase, UserEntity } from '@mm/database';
import { AuditLogService } from '../audit/audit-log.service';
import type { TokenClaims } from '../tenancy/request-transactions';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import { LoginPayload } from './user.type';


const USER_COLUMNS = `id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
  school_id AS "schoolId", active`;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLogService,
  ) {}

  async login(email: string, password: string, clientAddress: string): Promise<LoginPayload> {
    const emailKey = `email:${email.trim().toLowerCase()}`;
    const addressKey = `addr:${clientAddress}`;
    const wait = await this.throttle.retryAfter([emailKey, addressKey]);
    if (wait > 0) {
      throw new AuthException(AuthExceptionCode.TOO_MANY_ATTEMPTS, `Too many failed logins; try again in ${wait} s`, [], { retryAfterSeconds: wait });
    }
    // The login lookup happens before any scope exists: it is the platform's own (SYSTEM) read.
    const found = await this.db.transaction(SYSTEM_SCOPE, (tx) =>
      tx.query<UserEntity & { passwordHash: string }>(
        `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
        [email.trim()],
      ),
    );
    const user = found[0];
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(emailKey, addressKey);
      throw new AuthException(AuthExceptionCode.INVALID_CREDENTIALS, 'Invalid e-mail or password');
    }
    await this.throttle.reset(emailKey);
    const expiresAt = new Date(Date.now() + this.env.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenClaims, {
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
    });
    await this.db.transaction({ role: user.role, userId: user.id, regionId: user.regionId, districtId: user.districtId, schoolId: user.schoolId }, async (tx) => {
      await tx.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
      await this.audit.record(tx, { operation: 'login', targetType: 'User', targetIds: [user.id], regionId: user.regionId, districtId: user.districtId, schoolId: user.schoolId });
    });
    const { passwordHash: _omit, ...publicUser } = user;
    return { accessToken, expiresAt, user: publicUser };
  }

  /**
   * Verifies a bearer token's signature and expiry (no database). The user behind it is re-read in
   * the operation's own transaction (`app_authenticate`), so deactivating a user or changing its
   * role takes effect at once rather than when the token expires.
   */
  async verifyToken(token: string): Promise<TokenClaims> {
    try {
      return await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'The access token is invalid or expired');
    }
  }
}
