import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { PeriodArgs, SetDeadlineArgs } from './quarterly-report.inputs';
import { ReportingPeriodModel } from './quarterly-report.types';
import { ReportingPeriodService } from './reporting-period.service';

@Resolver(() => ReportingPeriodModel)
export class ReportingPeriodResolver {
  constructor(private readonly periods: ReportingPeriodService) {}

  @Query(() => ReportingPeriodModel, { description: "A region's reporting period: deadline and whether it is closed" })
  reportingPeriod(@Args() args: PeriodArgs): Promise<ReportingPeriodModel> {
    return this.periods.get(periodOf(args));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => ReportingPeriodModel, {
    description: 'Sets the deadline of a quarter in a region (default: the 10th of the month after it)',
  })
  setReportingDeadline(@Args() args: SetDeadlineArgs): Promise<ReportingPeriodModel> {
    return this.periods.setDeadline(periodOf(args), args.deadline);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => ReportingPeriodModel, { description: 'Closes a quarter after its deadline: its reports accept no further change' })
  closeReportingPeriod(@Args() args: PeriodArgs): Promise<ReportingPeriodModel> {
    return this.periods.close(periodOf(args));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => ReportingPeriodModel, { description: 'Opens a closed quarter again' })
  reopenReportingPeriod(@Args() args: PeriodArgs): Promise<ReportingPeriodModel> {
    return this.periods.reopen(periodOf(args));
  }
}

function periodOf(args: PeriodArgs) {
  return { regionId: args.regionId, year: args.year, quarter: args.quarter };
}
