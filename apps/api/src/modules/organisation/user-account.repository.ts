import { Injectable } from '@nestjs/common';
import { Role, currentTx } from '@mm/database';
import { UserType } from '../../engine/auth/user.type';
import type { AccountScope } from './account-policy';
import { likePattern, PageRequest, pageQuery } from './organisation.repository';
import { Page } from './organisation.types';

const USER_COLUMNS = `id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
  school_id AS "schoolId", active`;

export interface NewUser extends AccountScope {
  email: string;
  passwordHash: string;
  displayName: string | null;
}

/** Accounts. The password hash is written here and never read back out. */
@Injectable()
export class UserAccountRepository {
  async insertUsers(users: readonly NewUser[]): Promise<UserType[]> {
    const tx = currentTx();
    if (users.length === 0) return [];
    return tx.query<UserType>(
      // A password chosen by the creator (or generated for an import) must be replaced at first login.
      `INSERT INTO users (email, password_hash, role, display_name, region_id, district_id, school_id, must_change_password)
       SELECT *, true FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[], $6::uuid[], $7::uuid[])
       RETURNING ${USER_COLUMNS}`,
      [
        users.map((u) => u.email),
        users.map((u) => u.passwordHash),
        users.map((u) => u.role),
        users.map((u) => u.displayName),
        users.map((u) => u.regionId),
        users.map((u) => u.districtId),
        users.map((u) => u.schoolId),
      ],
    );
  }

  listUsers(
    filter: { regionId: string | null; districtId: string | null; schoolId: string | null; role: Role | null; search: string | null },
    page: PageRequest,
  ): Promise<Page<UserType>> {
    const tx = currentTx();
    return pageQuery(
      tx,
      USER_COLUMNS,
      `users WHERE ($1::uuid IS NULL OR district_id = $1) AND ($2::uuid IS NULL OR school_id = $2) AND ($3::varchar IS NULL OR role = $3)
         AND ($4::uuid IS NULL OR region_id = $4) AND ($5::text IS NULL OR email ILIKE $5 OR display_name ILIKE $5)`,
      'lower(email), id',
      [filter.districtId, filter.schoolId, filter.role, filter.regionId, filter.search ? likePattern(filter.search) : null],
      page,
    );
  }

  /** Writes a new role and place through app_change_account_place (see its migration); the account after, or undefined. */
  async changePlace(id: string, place: AccountScope): Promise<UserType | undefined> {
    const tx = currentTx();
    const [changed] = await tx.query<{ changed: boolean | null }>(`SELECT app_change_account_place($1, $2, $3, $4, $5) AS changed`, [
      id,
      place.role,
      place.regionId,
      place.districtId,
      place.schoolId,
    ]);
    if (!changed?.changed) return undefined;
    const rows = await tx.query<UserType>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0];
  }

  /** A new password that must be replaced at the next login (the hash change bumps token_version). */
  async resetPassword(id: string, passwordHash: string): Promise<UserType | undefined> {
    const tx = currentTx();
    const rows = await tx.query<UserType>(
      `UPDATE users SET password_hash = $2, must_change_password = true, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, passwordHash],
    );
    return rows[0];
  }

  /** The role and place of an account, for deciding whether the actor may manage it. */
  async accountScope(id: string): Promise<(AccountScope & { id: string }) | undefined> {
    const tx = currentTx();
    const rows = await tx.query<AccountScope & { id: string }>(
      `SELECT id, role, region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId" FROM users WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async setActive(id: string, active: boolean): Promise<{ user: UserType; changed: boolean } | undefined> {
    const tx = currentTx();
    const before = await tx.query<{ active: boolean }>(`SELECT active FROM users WHERE id = $1 FOR UPDATE`, [id]);
    if (!before[0]) return undefined;
    const rows = await tx.query<UserType>(`UPDATE users SET active = $2, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`, [
      id,
      active,
    ]);
    return { user: rows[0]!, changed: before[0].active !== active };
  }

  /** Which of these (normalised) e-mails already belong to an account, anywhere on the platform. */
  /** Whether an e-mail is in use anywhere on the platform (app_email_taken: the answer only). */
  async emailTaken(email: string): Promise<boolean> {
    const tx = currentTx();
    const [row] = await tx.query<{ taken: boolean }>(`SELECT app_email_taken($1) AS taken`, [email]);
    return row!.taken;
  }

  async existingEmails(emails: readonly string[]): Promise<string[]> {
    const tx = currentTx();
    if (emails.length === 0) return [];
    const rows = await tx.query<{ email: string }>(`SELECT lower(email) AS email FROM users WHERE lower(email) = ANY($1::text[])`, [
      emails,
    ]);
    return rows.map((r) => r.email);
  }
}
