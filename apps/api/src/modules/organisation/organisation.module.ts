import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { AuditLogReader } from './audit-log-reader.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogResolver } from './audit-log.resolver';
import { DistrictResolver } from './district.resolver';
import { OrganisationLoaderFactory } from './organisation.loaders';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationScope } from './organisation-scope';
import { OrganisationService } from './organisation.service';
import { RegionResolver } from './region.resolver';
import { SchoolImportService } from './school-import.service';
import { SchoolResolver } from './school.resolver';
import { UserAccountRepository } from './user-account.repository';
import { UserAccountResolver } from './user-account.resolver';
import { UserAccountService } from './user-account.service';

/** Region → District → School, accounts, the audit log's reads and the bulk import of schools. */
@Module({
  imports: [ImportsModule],
  providers: [
    OrganisationRepository,
    UserAccountRepository,
    AuditLogRepository,
    OrganisationScope,
    OrganisationService,
    UserAccountService,
    SchoolImportService,
    AuditLogReader,
    OrganisationLoaderFactory,
    RegionResolver,
    DistrictResolver,
    SchoolResolver,
    UserAccountResolver,
    AuditLogResolver,
  ],
  exports: [OrganisationLoaderFactory, OrganisationRepository],
})
export class OrganisationModule {}
