import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Environment } from '@mm/config';
import { AuditLogService, SYSTEM_SCOPE, TenantDatabase, UserEntity } from '@mm/database';
import type { TokenClaims } from '../tenancy/request-transactions';
import { EngineException } from '../errors';
import { passwordWeakness } from '../../modules/organisation/account-policy';
import { Actor, actorScope } from './actor';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH_PROMISE, hashPassword, needsRehash, passwordChecksSaturated, verifyPassword } from '@mm/passwords';
import { LoginPayload } from './user.type';

interface AccountRow extends UserEntity {
  passwordHash: string;
}

const USER_COLUMNS = `id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
  school_id AS "schoolId", active, token_version AS "tokenVersion", must_change_password AS "mustChangePassword"`;

/** USER_COLUMNS where `active` also requires the account's school (if any) to be active. */
const ACCOUNT_COLUMNS = `id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
  school_id AS "schoolId", token_version AS "tokenVersion", must_change_password AS "mustChangePassword",
  (active AND (school_id IS NULL OR EXISTS (SELECT 1 FROM schools s WHERE s.id = users.school_id AND s.active))) AS active`;

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
      throw new AuthException(AuthExceptionCode.TOO_MANY_ATTEMPTS, 'Too many logins at once; try again in 1 s', [], {
        retryAfterSeconds: 1,
      });
    }
    // The attempt is charged before the password is checked (and given back on success).
    const reservation = await this.throttle.reserve(emailKey, addressKey);
    if (!reservation.allowed) {
      const wait = reservation.retryAfterSeconds;
      throw new AuthException(AuthExceptionCode.TOO_MANY_ATTEMPTS, `Too many failed logins; try again in ${wait} s`, [], {
        retryAfterSeconds: wait,
      });
    }
    const user = await this.findAccountByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || !user.active) {
      throw new AuthException(AuthExceptionCode.INVALID_CREDENTIALS, 'Invalid e-mail or password');
    }
    await this.throttle.succeeded(emailKey, addressKey);
    // A hash made with older (weaker) parameters is replaced now that the password is known.
    const rehashed = needsRehash(user.passwordHash) && !user.mustChangePassword ? await hashPassword(password) : null;
    const tokenVersion = await this.db.transaction(
      { role: user.role, userId: user.id, regionId: user.regionId, districtId: user.districtId, schoolId: user.schoolId },
      async (tx) => {
        // The new hash bumps token_version (trigger): the token below carries the version it reads back.
        const [row] = await tx.query<{ tokenVersion: number }>(
          `UPDATE users SET last_login_at = now(), password_hash = COALESCE($2, password_hash) WHERE id = $1 RETURNING token_version AS "tokenVersion"`,
          [user.id, rehashed],
        );
        await this.audit.record({
          operation: 'login',
          targetType: 'User',
          targetIds: [user.id],
          regionId: user.regionId,
          districtId: user.districtId,
          schoolId: user.schoolId,
        });
        return row!.tokenVersion;
      },
    );
    return this.issue({ ...user, tokenVersion });
  }

  /**
   * The signed-in user replaces its password (and so revokes every token issued before: the
   * database bumps token_version). The current password is checked under the login throttle, so
   * a stolen token cannot be used to guess it. Answers a fresh token for the new version.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, clientAddress: string): Promise<LoginPayload> {
    const weakness = passwordWeakness(newPassword);
    if (weakness) throw EngineException.invalid('newPassword', weakness);
    if (newPassword === currentPassword) throw EngineException.invalid('newPassword', 'must differ from the current password');
    const emailKey = `email:${actor.email.trim().toLowerCase()}`;
    const addressKey = `addr:${clientAddress}`;
    const reservation = await this.throttle.reserve(emailKey, addressKey);
    if (!reservation.allowed) {
      const wait = reservation.retryAfterSeconds;
      throw new AuthException(AuthExceptionCode.TOO_MANY_ATTEMPTS, `Too many wrong passwords; try again in ${wait} s`, [], {
        retryAfterSeconds: wait,
      });
    }
    const account = await this.findAccountByEmail(actor.email);
    if (!account || account.id !== actor.userId || !(await verifyPassword(currentPassword, account.passwordHash))) {
      throw EngineException.invalid('currentPassword', 'is not your current password');
    }
    await this.throttle.succeeded(emailKey, addressKey);
    const passwordHash = await hashPassword(newPassword);
    const [updated] = await this.db.transaction(actorScope(actor), async (tx) => {
      const rows = await tx.query<AccountRow>(
        `UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [actor.userId, passwordHash],
      );
      await this.audit.record({
        operation: 'changePassword',
        targetType: 'User',
        targetIds: [actor.userId],
        regionId: actor.regionId,
        districtId: actor.districtId,
        schoolId: actor.schoolId,
      });
      return rows;
    });
    if (!updated) throw new AuthException(AuthExceptionCode.USER_INACTIVE, 'The account is not active');
    return this.issue(updated);
  }

  /** Revokes every token of the account (this one included). */
  async logout(actor: Actor): Promise<boolean> {
    await this.db.current.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [actor.userId]);
    await this.audit.record({
      operation: 'logout',
      targetType: 'User',
      targetIds: [actor.userId],
      regionId: actor.regionId,
      districtId: actor.districtId,
      schoolId: actor.schoolId,
    });
    return true;
  }

  private async issue(user: UserEntity): Promise<LoginPayload> {
    const expiresAt = new Date(Date.now() + this.env.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, ver: user.tokenVersion } satisfies TokenClaims, {
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
    });
    const { id, email, role, displayName, regionId, districtId, schoolId, active } = user;
    return {
      accessToken,
      expiresAt,
      user: { id, email, role, displayName, regionId, districtId, schoolId, active },
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** The login lookup happens before any scope exists: it is the platform's own (SYSTEM) read. */
  private async findAccountByEmail(email: string): Promise<AccountRow | undefined> {
    const found = await this.db.transaction(SYSTEM_SCOPE, (tx) =>
      // A curator of a deactivated school is refused at login as on every request (app_authenticate).
      tx.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`, [
        email.trim(),
      ]),
    );
    return found[0];
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
