import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@mm/database';

export interface CompletenessRow {
  district: { id: string; regionId: string; code: string; name: string; oktmo: string | null; active: boolean };
  expected: number;
  submitted: number;
  onTime: number;
  approved: number;
  /** The district quarter's sign-off state (OPEN without a row). */
  signOffState: string;
}

/**
 * Completeness of a quarter per district, one set-based statement (DESIGN §10):
 * expected = schools active during the quarter (active now, or deactivated on or after its first
 * day); submitted = of them, a report SUBMITTED or APPROVED (so never more than expected);
 * on time = of those, the first SUBMIT revision on or before the deadline (Moscow calendar day),
 * so a resubmission after a return, or a submission under an extension, does not change it.
 */
@Injectable()
export class CompletenessRepository {
  async perDistrict(
    tx: TenantTransaction,
    place: { regionId: string; districtId?: string },
    period: { year: number; quarter: number; quarterStart: string; deadline: string },
  ): Promise<CompletenessRow[]> {
    return tx.query<CompletenessRow>(
      `SELECT json_build_object('id', d.id, 'regionId', d.region_id, 'code', d.code, 'name', d.name, 'oktmo', d.oktmo, 'active', d.active) AS district,
              count(s.id)::int AS expected,
              count(r.id) FILTER (WHERE r.status IN ('SUBMITTED', 'APPROVED'))::int AS submitted,
              count(r.id) FILTER (WHERE r.status IN ('SUBMITTED', 'APPROVED')
                                   AND (fs.at AT TIME ZONE 'Europe/Moscow')::date <= $5::date)::int AS "onTime",
              count(r.id) FILTER (WHERE r.status = 'APPROVED')::int AS approved,
              coalesce(min(dq.state), 'OPEN') AS "signOffState"
         FROM districts d
         LEFT JOIN district_quarters dq ON dq.district_id = d.id AND dq.year = $2 AND dq.quarter = $3
         LEFT JOIN schools s ON s.district_id = d.id AND (s.active OR s.deactivated_on >= $4::date)
         LEFT JOIN quarterly_reports r ON r.school_id = s.id AND r.year = $2 AND r.quarter = $3
         LEFT JOIN LATERAL (SELECT min(v.created_at) AS at FROM quarterly_report_revisions v
                             WHERE v.report_id = r.id AND v.action = 'SUBMIT') fs ON true
        WHERE d.region_id = $1 AND ($6::uuid IS NULL OR d.id = $6::uuid)
        GROUP BY d.id
        ORDER BY d.code, d.id`,
      [place.regionId, period.year, period.quarter, period.quarterStart, period.deadline, place.districtId ?? null],
    );
  }
}
