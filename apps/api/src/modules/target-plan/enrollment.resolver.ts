import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
import { RATE_LIMITS, RateLimit } from '../../engine/rate-limit';
import { EnrollmentImportService } from './enrollment-import.service';
import { EnrollmentService } from './enrollment.service';
import { Enrollment, EnrollmentHistoryArgs, EnrollmentImportResult, ImportEnrollmentInput, SetEnrollmentInput } from './enrollment.types';

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  constructor(
    private readonly enrollment: EnrollmentService,
    private readonly importer: EnrollmentImportService,
  ) {}

  @Mutation(() => Enrollment, {
    description: "Records a school's students and mentor base of a year (replacing that year's record). Curator of the school and above.",
  })
  setEnrollment(@CurrentActor() actor: Actor, @Args('input') input: SetEnrollmentInput): Promise<Enrollment> {
    return this.enrollment.setEnrollment(actor, input);
  }

  @Query(() => [Enrollment], { description: "Every recorded year of a school's enrollment, oldest first" })
  enrollmentHistory(@CurrentActor() actor: Actor, @Args() args: EnrollmentHistoryArgs): Promise<Enrollment[]> {
    return this.enrollment.history(actor, args.schoolId);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @RateLimit(RATE_LIMITS.enrollmentImport)
  @Mutation(() => EnrollmentImportResult, {
    description: 'Imports a district\'s enrollment from CSV/XLSX (school_code, year, students, mentor_base). All or nothing; dryRun stores nothing.',
  })
  importEnrollment(@CurrentActor() actor: Actor, @Args('input') input: ImportEnrollmentInput): Promise<EnrollmentImportResult> {
    return this.importer.importEnrollment(actor, input);
  }
}
