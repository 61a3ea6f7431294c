import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { QuarterlyReportAction } from '@mm/domain';
import { Actor } from '../../engine/auth/actor';
import { Roles } from '../../engine/auth/auth.decorators';
import { toFigureList } from './quarterly-report.figures';
import {
  CatalogueArgs,
  DistrictReportsArgs,
  ReportDecisionArgs,
  ReportPeriodArgs,
  ReportVersionArgs,
  SaveQuarterlyReportInput,
  SchoolReportsArgs,
  SubmitReportArgs,
} from './quarterly-report.inputs';
import { QuarterlyReportLoaders } from './quarterly-report.loaders';
import { QuarterlyReportService } from './quarterly-report.service';
import {
  AuthorModel,
  CatalogueModel,
  DistrictReportModel,
  QuarterlyReportModel,
  RevisionModel,
  WarningModel,
} from './quarterly-report.types';

interface RequestContext {
  req: { actor: Actor };
}

@Resolver(() => QuarterlyReportModel)
export class QuarterlyReportResolver {
  constructor(
    private readonly service: QuarterlyReportService,
    private readonly loaders: QuarterlyReportLoaders,
  ) {}

  @Query(() => CatalogueModel, { description: 'The quarterly report data set (codes, Russian labels, sections, required figures)' })
  quarterlyReportCatalogue(@Args() args: CatalogueArgs): CatalogueModel {
    return this.service.catalogue(args.version);
  }

  @Query(() => QuarterlyReportModel, { nullable: true, description: "A school's report for a quarter; null when there is none yet" })
  quarterlyReport(@Args() args: ReportPeriodArgs): Promise<QuarterlyReportModel | null> {
    return this.service.find(args);
  }

  @Query(() => [QuarterlyReportModel], { description: "A school's reports, newest quarter first" })
  schoolQuarterlyReports(@Args() args: SchoolReportsArgs): Promise<QuarterlyReportModel[]> {
    return this.service.listForSchool(args.schoolId, args.year ?? null);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => [DistrictReportModel], {
    description: 'Every school of the district with its report status for the quarter (MISSING: none)',
  })
  districtQuarterlyReports(@Args() args: DistrictReportsArgs): Promise<DistrictReportModel[]> {
    return this.service.listForDistrict(args.districtId, args.year, args.quarter);
  }

  @Roles(Role.SCHOOL_CURATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: "Creates or replaces the figures of a school's draft or returned report" })
  saveQuarterlyReport(@Args('input') input: SaveQuarterlyReportInput): Promise<QuarterlyReportModel> {
    return this.service.save(input);
  }

  @Roles(Role.SCHOOL_CURATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Submits a complete report to the district' })
  submitQuarterlyReport(@Args() args: SubmitReportArgs): Promise<QuarterlyReportModel> {
    return this.service.submit(args);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Approves a submitted report (it becomes read-only)' })
  approveQuarterlyReport(@Args() args: ReportVersionArgs): Promise<QuarterlyReportModel> {
    return this.service.approve(args.id, args.expectedVersion);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Returns a submitted report to the school for correction' })
  returnQuarterlyReport(@Args() args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.service.returnToSchool(args);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Hands an approved report back to the school for correction (→ RETURNED)' })
  reopenQuarterlyReport(@Args() args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.service.reopen(args);
  }

  @ResolveField(() => [WarningModel], {
    description: "Soft rules against the previous quarter's submitted or approved report of the same year",
  })
  warnings(@Parent() report: QuarterlyReportModel, @Context() context: RequestContext): WarningModel[] | Promise<WarningModel[]> {
    return report.warnings ?? this.loaders.of(context.req).warnings.load(report);
  }

  @ResolveField(() => [QuarterlyReportAction], { description: 'What the caller may do with the report now' })
  allowedActions(@Parent() report: QuarterlyReportModel, @Context() context: RequestContext): QuarterlyReportAction[] {
    return this.service.allowedActions(context.req.actor, report);
  }

  @ResolveField(() => [RevisionModel], { description: 'Every change, oldest first' })
  async revisions(@Parent() report: QuarterlyReportModel, @Context() context: RequestContext): Promise<RevisionModel[]> {
    const rows = await this.loaders.of(context.req).revisions.load(report.id);
    return rows.map((row) => ({
      version: row.version,
      action: row.action,
      status: row.status,
      figures: toFigureList(row.figures),
      changes: row.changes,
      comment: row.comment,
      authorRole: row.authorRole,
      createdAt: row.createdAt,
      authorId: row.authorId,
    }));
  }
}

@Resolver(() => RevisionModel)
export class QuarterlyReportRevisionResolver {
  constructor(private readonly loaders: QuarterlyReportLoaders) {}

  @ResolveField(() => AuthorModel, { nullable: true, description: 'null for changes made by the platform itself' })
  author(@Parent() revision: RevisionModel, @Context() context: RequestContext): Promise<AuthorModel | null> | null {
    return revision.authorId ? this.loaders.of(context.req).authors.load(revision.authorId) : null;
  }
}
