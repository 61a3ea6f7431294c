import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { MarkNotificationsReadArgs, NotificationsArgs, RegionIdArgs, SetRegionReportingSettingsInput } from './reporting-workflow.inputs';
import { ReportingSettingsService } from './reporting-settings.service';
import { NotificationModel, RegionReportingSettingsModel } from './reporting-workflow.types';

@Resolver()
export class ReportingSettingsResolver {
  constructor(private readonly service: ReportingSettingsService) {}

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Query(() => RegionReportingSettingsModel, { description: "A region's automatic closing and reminder settings" })
  regionReportingSettings(@Args() args: RegionIdArgs): Promise<RegionReportingSettingsModel> {
    return this.service.settings(args.regionId);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => RegionReportingSettingsModel, { description: 'Sets when quarters close automatically and when curators are reminded' })
  setRegionReportingSettings(@Args('input') input: SetRegionReportingSettingsInput): Promise<RegionReportingSettingsModel> {
    return this.service.save(input);
  }

  @Query(() => [NotificationModel], { description: "The caller's notifications, newest first" })
  notifications(@Args() args: NotificationsArgs): Promise<NotificationModel[]> {
    return this.service.notifications(args.first ?? 50);
  }

  @Query(() => Int, { description: "How many of the caller's notifications are unread" })
  unreadNotificationCount(): Promise<number> {
    return this.service.unreadCount();
  }

  @Mutation(() => Int, { description: "Marks the caller's notifications read (all, or the given ones); returns how many changed" })
  markNotificationsRead(@Args() args: MarkNotificationsReadArgs): Promise<number> {
    return this.service.markRead(args.ids ?? null);
  }
}
