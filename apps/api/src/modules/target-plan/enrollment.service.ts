import { Injectable } from '@nestjs/common';
import { EnrollmentRepository, type EnrollmentRow } from '@mm/planning';
import { AuditLogService } from '@mm/database';
import { currentActor } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { SetEnrollmentInput } from './enrollment.types';
import { TargetPlanException } from './target-plan.exception';

/** A school's enrollment per year: the base of its targets. */
@Injectable()
export class EnrollmentService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly audit: AuditLogService,
    private readonly enrollments: EnrollmentRepository,
  ) {}

  /**
   * Records the school's students and mentor base of a year (insert or replace; an omitted mentor
   * base means the school keeps none). The school's curator, its district's coordinator, the
   * region's authority and admins may; the old and new values go to the audit log.
   */
  async setEnrollment(input: SetEnrollmentInput): Promise<EnrollmentRow> {
    const actor = currentActor();
    const mentorBase = input.mentorBase ?? null;
    if (mentorBase !== null && mentorBase > input.students) {
      throw TargetPlanException.invalid([
        { field: 'mentorBase', message: `mentorBase ${mentorBase} is more than students ${input.students}` },
      ]);
    }
    const school = await this.scope.school(input.schoolId);
    const [before] = await this.enrollments.findPairs([{ schoolId: school.id, year: input.year }], { lock: true });
    const after = await this.enrollments.upsert(
      { schoolId: school.id, year: input.year, students: input.students, mentorBase },
      actor.userId,
    );
    await this.audit.record({
      operation: 'enrollment.set',
      targetType: 'Enrollment',
      targetIds: [after.id],
      regionId: school.regionId,
      districtId: school.districtId,
      schoolId: school.id,
      details: {
        schoolCode: school.code,
        year: input.year,
        old: before ? { students: before.students, mentorBase: before.mentorBase, version: before.version } : null,
        new: { students: after.students, mentorBase: after.mentorBase, version: after.version },
      },
    });
    return after;
  }

  /** Every recorded year of a school, oldest first. */
  async history(schoolId: string): Promise<EnrollmentRow[]> {
    const school = await this.scope.school(schoolId);
    return this.enrollments.historyOfSchool(school.id);
  }
}
