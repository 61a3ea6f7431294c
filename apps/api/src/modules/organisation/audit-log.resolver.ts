import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { AuditLogReader } from './audit-log-reader.service';
import { AuditLogArgs } from './organisation.inputs';
import { AuditLogEntryType, AuditLogPage, Page } from './organisation.types';

@Resolver(() => AuditLogEntryType)
export class AuditLogResolver {
  constructor(private readonly reader: AuditLogReader) {}

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Query(() => AuditLogPage, { description: 'Newest first; admins see all, authorities their region, coordinators their district' })
  auditLog(@Args() args: AuditLogArgs): Promise<Page<AuditLogEntryType>> {
    return this.reader.list(args);
  }
}
