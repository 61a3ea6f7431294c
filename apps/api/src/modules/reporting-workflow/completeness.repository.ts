import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { completenessCountsSql } from '@mm/monitoring';

export interface CompletenessRow {
  district: { id: string; regionId: string; code: string; name: string; oktmo: string | null; active: boolean };
  expected: number;
  submitted: number;
  onTime: number;
  approved: number;
  /** The district quarter's sign-off state (OPEN without a row). */
  signOffState: string;
}

// The statement the statistical forms use too (libs/monitoring), with this request's parameters.
const COUNTS = completenessCountsSql('s.district_id = d.id', { year: '$2', quarter: '$3', start: '$4::date', defaultDeadline: '$5::date' });

/**
 * Completeness of a quarter per district of a region (or one district), one set-based statement
 * (DESIGN §10; the rules are in libs/monitoring/src/completeness-sql.ts): a resubmission after a
 * return, or a submission under an extension, does not change "on time".
 */
@Injectable()
export class CompletenessRepository {
  async perDistrict(
    place: { regionId: string; districtId?: string },
    period: { year: number; quarter: number; quarterStart: string; defaultDeadline: string },
  ): Promise<CompletenessRow[]> {
    const tx = currentTx();
    return tx.query<CompletenessRow>(
      `SELECT json_build_object('id', d.id, 'regionId', d.region_id, 'code', d.code, 'name', d.name, 'oktmo', d.oktmo, 'active', d.active) AS district,
              c.completeness_expected AS expected, c.completeness_submitted AS submitted,
              c.completeness_on_time AS "onTime", c.completeness_approved AS approved,
              coalesce(dq.state, 'OPEN') AS "signOffState"
         FROM districts d
         CROSS JOIN LATERAL (${COUNTS}) c
         LEFT JOIN district_quarters dq ON dq.district_id = d.id AND dq.year = $2 AND dq.quarter = $3
        WHERE d.region_id = $1 AND ($6::uuid IS NULL OR d.id = $6::uuid)
        ORDER BY d.code, d.id`,
      [place.regionId, period.year, period.quarter, period.quarterStart, period.defaultDeadline, place.districtId ?? null],
    );
  }
}
