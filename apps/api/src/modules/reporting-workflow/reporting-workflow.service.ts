import { Injectable } from '@nestjs/common';
import { AuditLogService } from '@mm/database';
import { Actor, currentActor } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { defaultDeadline, isCalendarDate } from '../quarterly-report/reporting-period.dates';
import { ReportingPeriodRepository } from '../quarterly-report/reporting-period.repository';
import { CompletenessRepository, CompletenessRow } from './completeness.repository';
import { percentHalfUp, quarterFirstDay, quartersUpTo } from './completeness.rates';
import { DistrictQuarterRepository, DistrictQuarterRow } from './district-quarter.repository';
import { ReportingExtensionRepository } from './reporting-extension.repository';
import { DistrictQuarterKey, DistrictQuarterState, ReportingLockRepository } from './reporting-lock.repository';
import { ReportingWorkflowException } from './reporting-workflow.exception';
import { GrantReportingExtensionInput } from './reporting-workflow.inputs';
import {
  CompletenessFiguresModel,
  DistrictCompletenessModel,
  DistrictQuarterModel,
  ReportingCompletenessModel,
  ReportingExtensionModel,
} from './reporting-workflow.types';

type Step = 'SIGN_OFF' | 'ACCEPT' | 'SEND_BACK';

/**
 * Sign-off of a district's quarter to the region, extensions into closed quarters, completeness
 * (DESIGN §10). Every change runs in the operation's scoped transaction with its revision and audit row.
 *
 * Decisions:
 * * A sign-off takes the district quarter's lock exclusively: report changes hold it shared, so a
 *   submit racing the sign-off either commits first (and is seen as awaiting a decision) or is refused.
 * * Steps carry no expectedVersion (the contract): each one checks the state it starts from under a
 *   row lock, so a repeated or concurrent step gets CONFLICT instead of a second revision.
 * * Sending back works from SIGNED_OFF and from ACCEPTED: the region may reopen a quarter it accepted.
 * * A new extension for a school and quarter replaces the one in force (revoked, audited).
 */
@Injectable()
export class ReportingWorkflowService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly quarters: DistrictQuarterRepository,
    private readonly locks: ReportingLockRepository,
    private readonly extensions: ReportingExtensionRepository,
    private readonly completeness: CompletenessRepository,
    private readonly periods: ReportingPeriodRepository,
    private readonly audit: AuditLogService,
  ) {}

  async districtQuarter(key: DistrictQuarterKey): Promise<DistrictQuarterModel> {
    const district = await this.scope.district(key.districtId);
    return this.model(district.regionId, key, await this.quarters.find(key));
  }

  async signOff(key: DistrictQuarterKey): Promise<DistrictQuarterModel> {
    const actor = currentActor();
    const district = await this.scope.district(key.districtId);
    await this.locks.lockExclusive(key);
    const current = await this.quarters.find(key, true);
    const state = current?.state ?? 'OPEN';
    if (state !== 'OPEN')
      throw ReportingWorkflowException.invalidState(`The quarter ${key.year} Q${key.quarter} is already ${state}`, state);
    const waiting = await this.quarters.awaitingDecision(key);
    if (waiting.length) throw ReportingWorkflowException.awaitingDecision(waiting);
    const missing = (await this.quarters.missing(key, quarterFirstDay(key.year, key.quarter))).map((s) => ({
      schoolId: s.id,
      code: s.code,
      name: s.name,
    }));
    return this.step(actor, district.regionId, key, current, 'SIGN_OFF', 'SIGNED_OFF', null, missing);
  }

  async accept(key: DistrictQuarterKey): Promise<DistrictQuarterModel> {
    const actor = currentActor();
    const district = await this.scope.district(key.districtId);
    const current = await this.quarters.find(key, true);
    const state = current?.state ?? 'OPEN';
    if (state !== 'SIGNED_OFF')
      throw ReportingWorkflowException.invalidState(`Only a signed-off quarter can be accepted; it is ${state}`, state);
    return this.step(actor, district.regionId, key, current, 'ACCEPT', 'ACCEPTED', null);
  }

  async sendBack(key: DistrictQuarterKey, rawComment: string): Promise<DistrictQuarterModel> {
    const actor = currentActor();
    const comment = rawComment.trim();
    if (!comment) throw ReportingWorkflowException.invalid('comment', 'say what the district must correct');
    const district = await this.scope.district(key.districtId);
    const current = await this.quarters.find(key, true);
    const state = current?.state ?? 'OPEN';
    if (state === 'OPEN') throw ReportingWorkflowException.invalidState('The quarter is open: there is nothing to send back', state);
    return this.step(actor, district.regionId, key, current, 'SEND_BACK', 'OPEN', comment);
  }

  async grantExtension(input: GrantReportingExtensionInput): Promise<ReportingExtensionModel> {
    const actor = currentActor();
    const reason = input.reason.trim();
    if (!reason) throw ReportingWorkflowException.invalid('reason', 'say why the school gets more time');
    if (!isCalendarDate(input.until)) throw ReportingWorkflowException.invalid('until', 'must be a calendar date written as YYYY-MM-DD');
    const school = await this.scope.school(input.schoolId);
    const { today } = await this.periods.clock();
    if (input.until < today) throw ReportingWorkflowException.invalid('until', `must not be in the past (today is ${today})`);
    const replaced = await this.extensions.revokeActive(
      { districtId: school.districtId, schoolId: school.id },
      input.year,
      input.quarter,
      actor.userId,
    );
    const granted = await this.extensions.insert({
      regionId: school.regionId,
      districtId: school.districtId,
      schoolId: school.id,
      year: input.year,
      quarter: input.quarter,
      until: input.until,
      reason,
      userId: actor.userId,
    });
    await this.audit.record({
      operation: 'reportingExtension.grant',
      targetType: 'reporting_extension',
      targetIds: [granted.id, ...(replaced ? [replaced.id] : [])],
      regionId: school.regionId,
      districtId: school.districtId,
      schoolId: school.id,
      details: { year: input.year, quarter: input.quarter, until: input.until, replaced: replaced?.id ?? null },
    });
    return granted;
  }

  async revokeExtension(schoolId: string, year: number, quarter: number): Promise<ReportingExtensionModel> {
    const actor = currentActor();
    const school = await this.scope.school(schoolId);
    const revoked = await this.extensions.revokeActive({ districtId: school.districtId, schoolId: school.id }, year, quarter, actor.userId);
    if (!revoked) throw ReportingWorkflowException.extensionNotFound();
    await this.audit.record({
      operation: 'reportingExtension.revoke',
      targetType: 'reporting_extension',
      targetIds: [revoked.id],
      regionId: school.regionId,
      districtId: school.districtId,
      schoolId: school.id,
      details: { year, quarter, until: revoked.until },
    });
    return revoked;
  }

  async listExtensions(
    place: { districtId?: string | null; regionId?: string | null },
    year: number,
    quarter: number,
  ): Promise<ReportingExtensionModel[]> {
    if (!!place.districtId === !!place.regionId)
      throw ReportingWorkflowException.invalid('districtId', 'give either districtId or regionId');
    if (place.districtId) await this.scope.district(place.districtId);
    else await this.scope.region(place.regionId!);
    const where = place.districtId ? { districtId: place.districtId } : { regionId: place.regionId! };
    return this.extensions.list(where, year, quarter);
  }

  async schoolExtension(schoolId: string, year: number, quarter: number): Promise<ReportingExtensionModel | null> {
    await this.scope.school(schoolId);
    return this.extensions.findActive(schoolId, year, quarter);
  }

  async regionCompleteness(regionId: string, year: number, quarter: number): Promise<ReportingCompletenessModel> {
    await this.scope.region(regionId);
    const { rows, deadline } = await this.completenessOf({ regionId }, year, quarter);
    const total = rows.reduce(
      (sum, r) => ({
        expected: sum.expected + r.expected,
        submitted: sum.submitted + r.submitted,
        onTime: sum.onTime + r.onTime,
        approved: sum.approved + r.approved,
      }),
      { expected: 0, submitted: 0, onTime: 0, approved: 0 },
    );
    return {
      regionId,
      year,
      quarter,
      deadline,
      ...figures(total),
      districts: rows.map((r) => ({ ...figures(r), district: r.district, year, quarter, deadline, signOffState: r.signOffState })),
    };
  }

  /** A district's completeness over the last quarters up to (year, quarter), oldest first: the dashboard's trend. */
  async districtTrend(districtId: string, year: number, quarter: number, count: number): Promise<DistrictCompletenessModel[]> {
    const district = await this.scope.district(districtId);
    const out: DistrictCompletenessModel[] = [];
    for (const q of quartersUpTo(year, quarter, count)) {
      if (q.year < 2000) continue;
      const { rows, deadline } = await this.completenessOf({ regionId: district.regionId, districtId }, q.year, q.quarter);
      for (const r of rows)
        out.push({ ...figures(r), district: r.district, year: q.year, quarter: q.quarter, deadline, signOffState: r.signOffState });
    }
    return out;
  }

  private async completenessOf(place: { regionId: string; districtId?: string }, year: number, quarter: number) {
    const period = await this.periods.find({ regionId: place.regionId, year, quarter });
    const deadline = period?.deadline ?? defaultDeadline(year, quarter);
    const rows = await this.completeness.perDistrict(place, {
      year,
      quarter,
      quarterStart: quarterFirstDay(year, quarter),
      defaultDeadline: defaultDeadline(year, quarter),
    });
    return { rows, deadline };
  }

  private async step(
    actor: Actor,
    regionId: string,
    key: DistrictQuarterKey,
    current: DistrictQuarterRow | null,
    action: Step,
    state: DistrictQuarterState,
    comment: string | null,
    missing?: DistrictQuarterRow['missing'],
  ): Promise<DistrictQuarterModel> {
    const written = await this.quarters.write(
      { regionId, key, state, missing, comment },
      { action, expectedVersion: current?.version ?? 0, authorId: actor.userId, authorRole: actor.role },
    );
    // The row is locked FOR UPDATE above, so only a first sign-off racing another can miss.
    if (!written) throw ReportingWorkflowException.invalidState('The quarter changed meanwhile; reload it', current?.state ?? 'OPEN');
    await this.audit.record({
      operation: `districtQuarter.${camel(action)}`,
      targetType: 'district_quarter',
      targetIds: [`${key.districtId}:${key.year}:${key.quarter}`],
      regionId,
      districtId: key.districtId,
      details: {
        year: key.year,
        quarter: key.quarter,
        version: written.version,
        state: written.state,
        missing: written.missing.length,
        comment,
      },
    });
    return this.model(regionId, key, written);
  }

  private async model(regionId: string, key: DistrictQuarterKey, row: DistrictQuarterRow | null): Promise<DistrictQuarterModel> {
    const revisions = row ? await this.quarters.revisions(key) : [];
    return {
      districtId: key.districtId,
      regionId,
      year: key.year,
      quarter: key.quarter,
      state: row?.state ?? 'OPEN',
      version: row?.version ?? 0,
      missingSchools: row?.missing ?? [],
      comment: row?.comment ?? null,
      signedOffAt: row?.signedOffAt ?? null,
      decidedAt: row?.decidedAt ?? null,
      revisions,
    };
  }
}

function figures(row: Pick<CompletenessRow, 'expected' | 'submitted' | 'onTime' | 'approved'>): CompletenessFiguresModel {
  return {
    expected: row.expected,
    submitted: row.submitted,
    onTime: row.onTime,
    approved: row.approved,
    submittedRate: percentHalfUp(row.submitted, row.expected),
    onTimeRate: percentHalfUp(row.onTime, row.expected),
  };
}

function camel(action: Step): string {
  return { SIGN_OFF: 'signOff', ACCEPT: 'accept', SEND_BACK: 'sendBack' }[action];
}
