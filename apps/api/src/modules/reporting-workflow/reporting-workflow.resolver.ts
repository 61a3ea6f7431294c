import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import {
  DistrictQuarterArgs,
  DistrictTrendArgs,
  ExtensionListArgs,
  GrantReportingExtensionInput,
  RegionQuarterArgs,
  SchoolQuarterArgs,
  SendBackArgs,
} from './reporting-workflow.inputs';
import { ReportingWorkflowService } from './reporting-workflow.service';
import {
  DistrictCompletenessModel,
  DistrictQuarterModel,
  ReportingCompletenessModel,
  ReportingExtensionModel,
} from './reporting-workflow.types';

const keyOf = (args: DistrictQuarterArgs) => ({ districtId: args.districtId, year: args.year, quarter: args.quarter });

@Resolver()
export class ReportingWorkflowResolver {
  constructor(private readonly service: ReportingWorkflowService) {}

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => DistrictQuarterModel, { description: "A district's quarter: OPEN, SIGNED_OFF to the region or ACCEPTED by it" })
  districtQuarter(@Args() args: DistrictQuarterArgs): Promise<DistrictQuarterModel> {
    return this.service.districtQuarter(keyOf(args));
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.ADMIN)
  @Mutation(() => DistrictQuarterModel, { description: 'Signs the district quarter off to the region when no report waits for a decision' })
  signOffDistrictQuarter(@Args() args: DistrictQuarterArgs): Promise<DistrictQuarterModel> {
    return this.service.signOff(keyOf(args));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => DistrictQuarterModel, { description: 'Accepts a signed-off district quarter' })
  acceptDistrictQuarter(@Args() args: DistrictQuarterArgs): Promise<DistrictQuarterModel> {
    return this.service.accept(keyOf(args));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => DistrictQuarterModel, {
    description: 'Sends a signed-off or accepted district quarter back to the district (OPEN again)',
  })
  sendBackDistrictQuarter(@Args() args: SendBackArgs): Promise<DistrictQuarterModel> {
    return this.service.sendBack(keyOf(args), args.comment);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => ReportingExtensionModel, {
    description: 'Lets one school save, submit and be decided on in a closed quarter until a day',
  })
  grantReportingExtension(@Args('input') input: GrantReportingExtensionInput): Promise<ReportingExtensionModel> {
    return this.service.grantExtension(input);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => ReportingExtensionModel, { description: "Revokes the school's extension in force for the quarter" })
  revokeReportingExtension(@Args() args: SchoolQuarterArgs): Promise<ReportingExtensionModel> {
    return this.service.revokeExtension(args.schoolId, args.year, args.quarter);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => [ReportingExtensionModel], { description: 'Extensions (revoked ones too) of a district or a region for a quarter' })
  reportingExtensions(@Args() args: ExtensionListArgs): Promise<ReportingExtensionModel[]> {
    return this.service.listExtensions({ districtId: args.districtId, regionId: args.regionId }, args.year, args.quarter);
  }

  @Query(() => ReportingExtensionModel, { nullable: true, description: "The school's extension in force for a quarter, if any" })
  schoolReportingExtension(@Args() args: SchoolQuarterArgs): Promise<ReportingExtensionModel | null> {
    return this.service.schoolExtension(args.schoolId, args.year, args.quarter);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Query(() => ReportingCompletenessModel, {
    description: 'Completeness and timeliness of a quarter for a region and each of its districts',
  })
  reportingCompleteness(@Args() args: RegionQuarterArgs): Promise<ReportingCompletenessModel> {
    return this.service.regionCompleteness(args.regionId, args.year, args.quarter);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => [DistrictCompletenessModel], {
    description: "A district's completeness over the last quarters up to the given one, oldest first",
  })
  districtCompletenessTrend(@Args() args: DistrictTrendArgs): Promise<DistrictCompletenessModel[]> {
    return this.service.districtTrend(args.districtId, args.year, args.quarter, args.quarters ?? 4);
  }
}
