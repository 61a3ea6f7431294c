import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Environment } from '@mm/config';
import { SYSTEM_SCOPE, TenantDatabase, TenantTransaction, UserEntity } from '@mm/database';
import { AuditLogService } from '../audit/audit-log.service';
import { Actor } from './actor';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH_PROMISE, passwordChecksSaturated, verifyPassword } from './password-hasher';
import { LoginPayload } from './user.type';

interface TokenClaims {
  sub: string;
  role: string;
}

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
    if (passwordChecksSaturated()) {
      throw new AuthException(AuthExceptionCode.TOO_MANY_ATTEMPTS, 'Too many logins at once; try again in 1 s', [], { retryAfterSeconds: 1 });
    }
    // The attempt is charged before the password is checked (and given back on success).
    const reservation = await this.throttle.reserve(emailKey, addressKey);
    if (!reservation.allowed) {
      const wait = reservation.retryAfterSeconds;
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
      throw new AuthException(AuthExceptionCode.INVALID_CREDENTIALS, 'Invalid e-mail or password');
    }
    await this.throttle.succeeded(emailKey, addressKey);
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
   * Verifies a bearer token and re-reads the user on every request, so deactivating a user or
   * changing its role takes effect at once rather than when the token expires.
   */
  async authenticate(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'The access token is invalid or expired');
    }
    const user = await this.db.transaction(SYSTEM_SCOPE, (tx) => this.findUser(tx, claims.sub));
    if (!user || !user.active) throw new AuthException(AuthExceptionCode.USER_INACTIVE, 'The account is not active');
    return {
      userId: user.id,
      email: user.email,
      role: user.role,
      regionId: user.regionId,
      districtId: user.districtId,
      schoolId: user.schoolId,
    };
  }

  private async findUser(tx: TenantTransaction, id: string): Promise<UserEntity | undefined> {
    // A curator of a school that was deactivated loses access at once, like a deactivated user.
    const rows = await tx.query<UserEntity>(
      `SELECT ${USER_COLUMNS} FROM users u
        WHERE u.id = $1 AND (u.school_id IS NULL OR EXISTS (SELECT 1 FROM schools s WHERE s.id = u.school_id AND s.active))`,
      [id],
    );
    return rows[0];
  }
}
