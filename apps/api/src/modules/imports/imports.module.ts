import { Module } from '@nestjs/common';
import { Environment } from '@mm/config';
import { CredentialCipher, ImportBatchRepository } from '@mm/imports';
import { ImportBatchService } from './import-batch.service';
import { ImportResolver } from './import.resolver';

/** Real runs of imports as jobs (schools and curators, enrollment): batches, outcomes, generated passwords. */
@Module({
  providers: [
    { provide: ImportBatchRepository, useFactory: () => new ImportBatchRepository() },
    { provide: CredentialCipher, inject: [Environment], useFactory: (env: Environment) => new CredentialCipher(env.JWT_SECRET) },
    ImportBatchService,
    ImportResolver,
  ],
  exports: [ImportBatchService],
})
export class ImportsModule {}
