import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
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
  setEnrollment(@Args('input') input: SetEnrollmentInput): Promise<Enrollment> {
    return this.enrollment.setEnrollment(input);
  }

  @Query(() => [Enrollment], { description: "Every recorded year of a school's enrollment, oldest first" })
  enrollmentHistory(@Args() args: EnrollmentHistoryArgs): Promise<Enrollment[]> {
    return this.enrollment.history(args.schoolId);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @RateLimit(RATE_LIMITS.enrollmentImport)
  @Mutation(() => EnrollmentImportResult, {
    description:
      "Imports a district's enrollment from CSV/XLSX (school_code, year, students, mentor_base). All or nothing; dryRun stores nothing.",
  })
  importEnrollment(@Args('input') input: ImportEnrollmentInput): Promise<EnrollmentImportResult> {
    return this.importer.importEnrollment(input);
  }
}
