import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { QuarterlyReportAction } from '@mm/domain';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
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
  quarterlyReport(@CurrentActor() actor: Actor, @Args() args: ReportPeriodArgs): Promise<QuarterlyReportModel | null> {
    return this.service.find(actor, args);
  }

  @Query(() => [QuarterlyReportModel], { description: "A school's reports, newest quarter first" })
  schoolQuarterlyReports(@CurrentActor() actor: Actor, @Args() args: SchoolReportsArgs): Promise<QuarterlyReportModel[]> {
    return this.service.listForSchool(actor, args.schoolId, args.year ?? null);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => [DistrictReportModel], { description: 'Every school of the district with its report status for the quarter (MISSING: none)' })
  districtQuarterlyReports(@CurrentActor() actor: Actor, @Args() args: DistrictReportsArgs): Promise<DistrictReportModel[]> {
    return this.service.listForDistrict(actor, args.districtId, args.year, args.quarter);
  }

  @Roles(Role.SCHOOL_CURATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: "Creates or replaces the figures of a school's draft or returned report" })
  saveQuarterlyReport(@CurrentActor() actor: Actor, @Args('input') input: SaveQuarterlyReportInput): Promise<QuarterlyReportModel> {
    return this.service.save(actor, input);
  }

  @Roles(Role.SCHOOL_CURATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Submits a complete report to the district' })
  submitQuarterlyReport(@CurrentActor() actor: Actor, @Args() args: SubmitReportArgs): Promise<QuarterlyReportModel> {
    return this.service.submit(actor, args);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Approves a submitted report (it becomes read-only)' })
  approveQuarterlyReport(@CurrentActor() actor: Actor, @Args() args: ReportVersionArgs): Promise<QuarterlyReportModel> {
    return this.service.approve(actor, args.id, args.expectedVersion);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Returns a submitted report to the school for correction' })
  returnQuarterlyReport(@CurrentActor() actor: Actor, @Args() args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.service.returnToSchool(actor, args);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => QuarterlyReportModel, { description: 'Hands an approved report back to the school for correction (→ RETURNED)' })
  reopenQuarterlyReport(@CurrentActor() actor: Actor, @Args() args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.service.reopen(actor, args);
  }

  @ResolveField(() => [WarningModel], { description: "Soft rules against the previous quarter's submitted or approved report of the same year" })
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
