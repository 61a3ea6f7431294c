import { Logger } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { hashPassword, verifyPassword } from '@mm/passwords';

export interface AdminCredentials {
  email: string;
  password: string;
}

/**
 * Makes sure the configured admin exists, is active and has the configured password (the
 * environment is the source of truth for this one account). Returns true when it was created.
 * API replicas start together: a transaction-level advisory lock lets one of them at a time in,
 * so the second finds the account the first created instead of failing on its unique e-mail.
 */
export async function ensureAdmin(db: TenantDatabase, admin: AdminCredentials): Promise<boolean> {
  const logger = new Logger('AdminBootstrap');
  return db.transaction(SYSTEM_SCOPE, async ({ manager }) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('mm:ensure-admin'))`);
    const rows: { id: string; password_hash: string; role: string }[] = await manager.query(
      `SELECT id, password_hash, role FROM users WHERE lower(email) = lower($1) FOR UPDATE`,
      [admin.email],
    );
    const existing = rows[0];
    if (!existing) {
      await manager.query(`INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, $2, 'ADMIN', 'Администратор')`, [
        admin.email,
        await hashPassword(admin.password),
      ]);
      logger.log(`admin account ${admin.email} created`);
      return true;
    }
    if (existing.role !== 'ADMIN') throw new Error(`ADMIN_EMAIL ${admin.email} belongs to a ${existing.role} account`);
    if (!(await verifyPassword(admin.password, existing.password_hash))) {
      await manager.query(`UPDATE users SET password_hash = $2, active = true, updated_at = now() WHERE id = $1`, [
        existing.id,
        await hashPassword(admin.password),
      ]);
      logger.log(`admin account ${admin.email}: password set from ADMIN_PASSWORD`);
    } else {
      await manager.query(`UPDATE users SET active = true WHERE id = $1 AND NOT active`, [existing.id]);
    }
    return false;
  });
}
