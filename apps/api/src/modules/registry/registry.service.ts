import { Injectable } from '@nestjs/common';
import { AuditLogService, Role, TenantDatabase, TenantTransaction } from '@mm/database';
import { isCalendarDate } from '@mm/domain';
import { currentActor } from '../../engine/auth/actor';
import { FieldProblem } from '../../engine/errors';
import { ScopePolicy, SchoolRef } from '../../engine/tenancy/scope-policy.service';
import { completeFigures, menteesAreStudents, REGISTRY_SIZE_CODE, RegistryDifference, registryDifferences } from './registry.figures';
import { RegistryException, RegistryExceptionCode, translateRegistryDatabaseError } from './registry.exception';
import {
  AddParticipantInput,
  EndMentoringArgs,
  MentoringsArgs,
  ParticipantsArgs,
  RecordConsentInput,
  StartMentoringInput,
  WithdrawConsentArgs,
} from './registry.inputs';
import { MemberRow, MentoringRow, ParticipantRow, RegistryRepository, SchoolKeys } from './registry.repository';
import { Mentoring, MentoringPage, MentoringRole, Participant, ParticipantKind, ParticipantPage, RegistryFigure } from './registry.types';

/**
 * The school's registry (DESIGN §9). Names are the school's: every operation but the figures is for
 * the school's curator and ADMIN (the resolver's roles; RLS admits no one else either), and every
 * answer carrying names writes a row to the access log in the operation's transaction. The figures
 * are counts, read through `app_registry_figures` by anyone whose scope reaches the school.
 */
@Injectable()
export class RegistryService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly scope: ScopePolicy,
    private readonly repo: RegistryRepository,
    private readonly audit: AuditLogService,
  ) {}

  async addParticipant(input: AddParticipantInput): Promise<Participant> {
    const actor = currentActor();
    const school = await this.namesSchool(input.schoolId);
    const problems = participantProblems(input);
    if (problems.length) throw RegistryException.invalid(problems);
    return this.write(async () => {
      const id = await this.repo.insertParticipant(
        {
          ...keysOf(school),
          kind: input.kind,
          fullName: input.fullName,
          grade: input.kind === ParticipantKind.STUDENT ? (input.grade ?? null) : null,
          youngSpecialist: input.kind === ParticipantKind.TEACHER && input.youngSpecialist === true,
          externalSource: input.kind === ParticipantKind.EXTERNAL ? (input.externalSource ?? null) : null,
          categories: input.kind === ParticipantKind.STUDENT ? [...new Set(input.categories ?? [])] : [],
        },
        actor.userId,
      );
      await this.audit.record({
        operation: 'addParticipant',
        targetType: 'RegistryParticipant',
        targetIds: [id],
        ...auditKeys(school),
        details: { kind: input.kind },
      });
      return this.participantAnswer(id, 'addParticipant');
    });
  }

  async recordConsent(input: RecordConsentInput): Promise<Participant> {
    const actor = currentActor();
    if (!isCalendarDate(input.signedOn))
      throw RegistryException.invalid([{ field: 'signedOn', message: 'signedOn must be a real calendar date' }]);
    return this.write(async () => {
      const person = await this.repo.findParticipant(input.participantId, true);
      if (!person) throw RegistryException.participantNotFound();
      if (person.withdrawnOn) throw RegistryException.withdrawn();
      if (person.hasConsent) {
        throw new RegistryException(RegistryExceptionCode.CONSENT_EXISTS, 'The participant already holds a consent in force', [
          { field: 'participantId', message: 'the participant already holds a consent in force' },
        ]);
      }
      await this.repo.insertConsent(
        { ...keysOf(person), participantId: person.id },
        { signedOn: input.signedOn, signedBy: input.signedBy, documentNumber: input.documentNumber ?? null },
        actor.userId,
      );
      await this.audit.record({
        operation: 'recordConsent',
        targetType: 'RegistryParticipant',
        targetIds: [person.id],
        ...auditKeys(person),
        details: { signedOn: input.signedOn, hasDocumentNumber: input.documentNumber != null },
      });
      return this.participantAnswer(person.id, 'recordConsent');
    });
  }

  /** Destroys the person's personal fields at once and records the destruction (when, by whom), not the data. */
  async withdrawConsent(args: WithdrawConsentArgs): Promise<Participant> {
    const actor = currentActor();
    if (!isCalendarDate(args.withdrawnOn))
      throw RegistryException.invalid([{ field: 'withdrawnOn', message: 'withdrawnOn must be a real calendar date' }]);
    return this.write(async () => {
      const person = await this.repo.findParticipant(args.participantId, true);
      if (!person) throw RegistryException.participantNotFound();
      if (person.withdrawnOn) throw RegistryException.withdrawn();
      if (person.consentSignedOn && person.hasConsent && args.withdrawnOn < person.consentSignedOn) {
        throw RegistryException.invalid([
          { field: 'withdrawnOn', message: `withdrawnOn must not be before the consent was signed (${person.consentSignedOn})` },
        ]);
      }
      await this.repo.destroyPersonalData(person, args.withdrawnOn, actor.userId);
      await this.audit.record({
        operation: 'withdrawConsent',
        targetType: 'RegistryParticipant',
        targetIds: [person.id],
        ...auditKeys(person),
        details: { withdrawnOn: args.withdrawnOn, personalDataDestroyed: true },
      });
      return this.participantAnswer(person.id, 'withdrawConsent');
    });
  }

  async startMentoring(input: StartMentoringInput): Promise<Mentoring> {
    const actor = currentActor();
    const school = await this.namesSchool(input.schoolId);
    const problems: FieldProblem[] = [];
    if (!isCalendarDate(input.startedOn)) problems.push({ field: 'startedOn', message: 'startedOn must be a real calendar date' });
    if (new Set(input.mentorIds).size !== input.mentorIds.length)
      problems.push({ field: 'mentorIds', message: 'a mentor is listed twice' });
    if (new Set(input.menteeIds).size !== input.menteeIds.length)
      problems.push({ field: 'menteeIds', message: 'a mentee is listed twice' });
    if (input.mentorIds.some((id) => input.menteeIds.includes(id)))
      problems.push({ field: 'menteeIds', message: 'a person cannot be both mentor and mentee of one mentoring' });
    if (problems.length) throw RegistryException.invalid(problems);
    return this.write(async () => {
      const members = [
        ...input.mentorIds.map((participantId, i) => ({ participantId, role: MentoringRole.MENTOR, field: `mentorIds.${i}` })),
        ...input.menteeIds.map((participantId, i) => ({ participantId, role: MentoringRole.MENTEE, field: `menteeIds.${i}` })),
      ];
      const found = new Map(
        (
          await this.repo.eligibility(
            school.id,
            members.map((m) => m.participantId),
            input.startedOn,
          )
        ).map((e) => [e.id, e]),
      );
      const missing = members.find((m) => !found.has(m.participantId));
      if (missing) throw RegistryException.participantNotFound(missing.field);
      const withdrawn = members.find((m) => found.get(m.participantId)!.withdrawn);
      if (withdrawn) throw RegistryException.withdrawn(withdrawn.field);
      const menteeKind = menteesAreStudents(input.form) ? ParticipantKind.STUDENT : ParticipantKind.TEACHER;
      const rules: FieldProblem[] = [];
      for (const m of members) {
        const e = found.get(m.participantId)!;
        if (m.role === MentoringRole.MENTEE && e.kind !== menteeKind) {
          rules.push({
            field: m.field,
            message: `the mentees of form ${input.form} are ${menteeKind === ParticipantKind.STUDENT ? 'students' : 'teachers'}`,
            rule: 'MENTEE_KIND',
          });
        }
      }
      if (rules.length) throw RegistryException.invalid(rules);
      const unconsented = members.filter((m) => !found.get(m.participantId)!.consentOnDate);
      if (unconsented.length) {
        throw RegistryException.invalid(
          unconsented.map((m) => ({
            field: m.field,
            message: `no consent in force on ${input.startedOn}: record the consent first`,
            rule: 'CONSENT_REQUIRED',
          })),
          RegistryExceptionCode.CONSENT_REQUIRED,
        );
      }
      const isGroup = members.length > 2;
      const id = await this.repo.insertMentoring(
        { ...keysOf(school), form: input.form, isGroup, startedOn: input.startedOn },
        members,
        actor.userId,
      );
      await this.audit.record({
        operation: 'startMentoring',
        targetType: 'RegistryMentoring',
        targetIds: [id],
        ...auditKeys(school),
        details: { form: input.form, isGroup, startedOn: input.startedOn, mentorIds: input.mentorIds, menteeIds: input.menteeIds },
      });
      return this.mentoringAnswer(id, 'startMentoring');
    });
  }

  async endMentoring(args: EndMentoringArgs): Promise<Mentoring> {
    if (!isCalendarDate(args.endedOn))
      throw RegistryException.invalid([{ field: 'endedOn', message: 'endedOn must be a real calendar date' }]);
    return this.write(async () => {
      const mentoring = await this.repo.findMentoring(args.id, true);
      if (!mentoring) throw RegistryException.mentoringNotFound();
      if (mentoring.endedOn) {
        throw new RegistryException(RegistryExceptionCode.ALREADY_ENDED, `The mentoring has already ended on ${mentoring.endedOn}`, [
          { field: 'id', message: `the mentoring ended on ${mentoring.endedOn}` },
        ]);
      }
      if (args.endedOn < mentoring.startedOn) {
        throw RegistryException.invalid([{ field: 'endedOn', message: `endedOn must not be before the start (${mentoring.startedOn})` }]);
      }
      await this.repo.endMentoring(mentoring.id, args.endedOn);
      await this.audit.record({
        operation: 'endMentoring',
        targetType: 'RegistryMentoring',
        targetIds: [mentoring.id],
        ...auditKeys(mentoring),
        details: { endedOn: args.endedOn },
      });
      return this.mentoringAnswer(mentoring.id, 'endMentoring');
    });
  }

  async participants(args: ParticipantsArgs): Promise<ParticipantPage> {
    const school = await this.namesSchool(args.schoolId);
    const page = await this.repo.listParticipants(
      school.id,
      { kind: args.kind ?? null, withoutConsent: args.withoutConsent === true },
      args,
    );
    await this.repo.logAccess(keysOf(school), 'participants', page.items.length);
    return { totalCount: page.totalCount, items: page.items.map(participantView) };
  }

  async mentorings(args: MentoringsArgs): Promise<MentoringPage> {
    const school = await this.namesSchool(args.schoolId);
    const page = await this.repo.listMentorings(school.id, args);
    const members = await this.repo.members(page.items.map((m) => m.id));
    await this.repo.logAccess(keysOf(school), 'mentorings', members.length);
    return { totalCount: page.totalCount, items: page.items.map((m) => mentoringView(m, members)) };
  }

  /** Counts only: for the school's curator, its district's coordinator, its region's authority, ADMIN. */
  async figures(schoolId: string, year: number, quarter: number): Promise<RegistryFigure[]> {
    const school = await this.scope.school(schoolId);
    try {
      return await completeFigures(await this.repo.figures(school.id, year, quarter));
    } catch (error) {
      throw translateRegistryDatabaseError(error);
    }
  }

  /**
   * Soft warnings for a report's figures that differ from the school's registry, in the caller's
   * transaction; none for a school that keeps no registry (it types its figures).
   */
  async differences(
    schoolId: string,
    year: number,
    quarter: number,
    typed: readonly { code: string; value: number }[],
  ): Promise<RegistryDifference[]> {
    const counted = await this.repo.figures(schoolId, year, quarter);
    if (!counted.some((f) => f.code === REGISTRY_SIZE_CODE && f.value > 0)) return [];
    return registryDifferences(typed, completeFigures(counted));
  }

  /** The school whose names the actor may read: its own curator or ADMIN. */
  async namesSchool(schoolId: string): Promise<SchoolRef> {
    const actor = currentActor();
    const school = await this.scope.school(schoolId);
    if (actor.role !== Role.ADMIN && actor.role !== Role.SCHOOL_CURATOR) {
      throw RegistryException.outOfScope("Only the school's curator reads and keeps its registry");
    }
    return school;
  }

  private async participantAnswer(id: string, operation: string): Promise<Participant> {
    const row = await this.repo.findParticipant(id);
    if (!row) throw RegistryException.participantNotFound();
    await this.repo.logAccess(keysOf(row), operation, 1);
    return participantView(row);
  }

  private async mentoringAnswer(id: string, operation: string): Promise<Mentoring> {
    const row = await this.repo.findMentoring(id);
    if (!row) throw RegistryException.mentoringNotFound();
    const members = await this.repo.members([id]);
    await this.repo.logAccess(keysOf(row), operation, members.length);
    return mentoringView(row, members);
  }

  private async write<T>(work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    try {
      return await work(this.db.current);
    } catch (error) {
      throw translateRegistryDatabaseError(error);
    }
  }
}

/** Each kind takes only its own attributes; an external mentor needs a source. */
export function participantProblems(
  input: Pick<AddParticipantInput, 'kind' | 'grade' | 'youngSpecialist' | 'externalSource' | 'categories'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const student = input.kind === ParticipantKind.STUDENT;
  if (!student && input.grade != null) problems.push({ field: 'grade', message: 'grade is for students only' });
  if (!student && input.categories?.length) problems.push({ field: 'categories', message: 'categories are for students only' });
  if (input.kind !== ParticipantKind.TEACHER && input.youngSpecialist)
    problems.push({ field: 'youngSpecialist', message: 'youngSpecialist is for teachers only' });
  if (input.kind === ParticipantKind.EXTERNAL && input.externalSource == null)
    problems.push({ field: 'externalSource', message: 'externalSource is required for an external mentor' });
  if (input.kind !== ParticipantKind.EXTERNAL && input.externalSource != null)
    problems.push({ field: 'externalSource', message: 'externalSource is for external mentors only' });
  return problems;
}

function keysOf(row: { regionId: string; districtId: string; schoolId?: string; id?: string }): SchoolKeys {
  return { regionId: row.regionId, districtId: row.districtId, schoolId: row.schoolId ?? row.id! };
}

function auditKeys(row: { regionId: string; districtId: string; schoolId?: string; id?: string }) {
  const keys = keysOf(row);
  return { regionId: keys.regionId, districtId: keys.districtId, schoolId: keys.schoolId };
}

function participantView(row: ParticipantRow): Participant {
  return {
    id: row.id,
    schoolId: row.schoolId,
    kind: row.kind,
    fullName: row.fullName,
    grade: row.grade,
    youngSpecialist: row.youngSpecialist,
    externalSource: row.externalSource,
    categories: row.categories,
    hasConsent: row.hasConsent,
    consent: row.consentSignedOn
      ? {
          signedOn: row.consentSignedOn,
          signedBy: row.consentSignedBy,
          documentNumber: row.consentDocumentNumber,
          withdrawnOn: row.consentWithdrawnOn,
        }
      : null,
    withdrawnOn: row.withdrawnOn,
    version: row.version,
  };
}

function mentoringView(row: MentoringRow, members: MemberRow[]): Mentoring {
  return {
    id: row.id,
    schoolId: row.schoolId,
    form: row.form,
    isGroup: row.isGroup,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    version: row.version,
    members: members
      .filter((m) => m.mentoringId === row.id)
      .map((m) => ({ participantId: m.participantId, role: m.role, kind: m.kind, fullName: m.fullName, leftOn: m.leftOn })),
  };
}
