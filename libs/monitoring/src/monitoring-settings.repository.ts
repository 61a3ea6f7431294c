import { currentTx } from '@mm/database';
import { DEFAULT_EXPECTED_PROGRESS, formatPercent, type ExpectedProgress, type PercentBp } from '@mm/domain';

export interface MonitoringSettings {
  regionId: string;
  /** The expected progress per quarter in effect for the region. */
  expectedProgress: ExpectedProgress;
  /** False when the region has no setting of its own and the default applies. */
  custom: boolean;
  updatedAt: Date | null;
}

/** A region's expected progress per quarter (monitoring_settings), in basis points as stored. */
export class MonitoringSettingsRepository {
  async find(regionId: string): Promise<MonitoringSettings> {
    const tx = currentTx();
    const [row] = await tx.query(
      `SELECT expected_q1_bp AS q1, expected_q2_bp AS q2, expected_q3_bp AS q3, expected_q4_bp AS q4, updated_at AS "updatedAt"
         FROM monitoring_settings WHERE region_id = $1`,
      [regionId],
    );
    if (!row) return { regionId, expectedProgress: DEFAULT_EXPECTED_PROGRESS, custom: false, updatedAt: null };
    return {
      regionId,
      expectedProgress: { 1: formatPercent(row.q1), 2: formatPercent(row.q2), 3: formatPercent(row.q3), 4: formatPercent(row.q4) },
      custom: true,
      updatedAt: row.updatedAt,
    };
  }

  /** Sets (or, with null, removes) the region's own expected progress. */
  async save(regionId: string, bp: Readonly<Record<1 | 2 | 3 | 4, PercentBp>> | null, updatedBy: string | null): Promise<void> {
    const tx = currentTx();
    if (bp === null) {
      await tx.query(`DELETE FROM monitoring_settings WHERE region_id = $1`, [regionId]);
      return;
    }
    await tx.query(
      `INSERT INTO monitoring_settings (region_id, expected_q1_bp, expected_q2_bp, expected_q3_bp, expected_q4_bp, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (region_id) DO UPDATE SET expected_q1_bp = EXCLUDED.expected_q1_bp, expected_q2_bp = EXCLUDED.expected_q2_bp,
         expected_q3_bp = EXCLUDED.expected_q3_bp, expected_q4_bp = EXCLUDED.expected_q4_bp,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [regionId, bp[1], bp[2], bp[3], bp[4], updatedBy],
    );
  }
}
