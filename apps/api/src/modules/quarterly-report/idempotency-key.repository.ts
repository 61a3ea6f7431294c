import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';

export interface StoredResponse {
  operation: string;
  requestHash: string;
  response: any;
}

export interface NewIdempotencyKey extends StoredResponse {
  userId: string;
  key: string;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
}

/** Results of requests that carried an idempotency key, per user and key. */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Serialises requests with the same user and key until the holder's transaction ends: a
   * concurrent replay then reads the stored result instead of racing the first request.
   */
  async lock(userId: string, key: string): Promise<void> {
    const tx = currentTx();
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`idempotency:${userId}:${key}`]);
  }

  async find(userId: string, key: string): Promise<StoredResponse | null> {
    const tx = currentTx();
    const rows = await tx.query<StoredResponse>(
      `SELECT operation, request_hash AS "requestHash", response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  async insert(entry: NewIdempotencyKey): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, response, region_id, district_id, school_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
      [
        entry.userId,
        entry.key,
        entry.operation,
        entry.requestHash,
        JSON.stringify(entry.response),
        entry.regionId,
        entry.districtId,
        entry.schoolId,
      ],
    );
  }
}

export const IDEMPOTENCY_KEY_CONSTRAINT = 'idempotency_keys_pkey';
