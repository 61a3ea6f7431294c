import { Module } from '@nestjs/common';
import { RegistryImportService } from './registry-import.service';
import { RegistryRepository } from './registry.repository';
import { RegistryResolver } from './registry.resolver';
import { RegistryService } from './registry.service';

/** The school's registry of mentoring participants (DESIGN §9): people, consents, pairs and groups, and the figures they give. */
@Module({
  providers: [RegistryRepository, RegistryService, RegistryImportService, RegistryResolver],
  exports: [RegistryService],
})
export class RegistryModule {}
