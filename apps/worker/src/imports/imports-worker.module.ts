import { Module } from '@nestjs/common';
import { Environment } from '@mm/config';
import { AuditLogService } from '@mm/database';
import { CredentialCipher, ImportBatchRepository } from '@mm/imports';
import { EnrollmentRepository } from '@mm/planning';
import { ImportCredentialsSweeper } from './import-credentials.sweeper';
import { ImportEnrollmentProcessor } from './import-enrollment.processor';
import { ImportSchoolsProcessor } from './import-schools.processor';

/** Real runs of imports (schools and curators, enrollment) and the sweep of untaken generated passwords. */
@Module({
  providers: [
    { provide: ImportBatchRepository, useFactory: () => new ImportBatchRepository() },
    { provide: EnrollmentRepository, useFactory: () => new EnrollmentRepository() },
    {
      provide: CredentialCipher,
      inject: [Environment],
      // The same server secret as the API's: what one seals the other opens.
      useFactory: (env: Environment) => new CredentialCipher(env.JWT_SECRET),
    },
    AuditLogService,
    ImportSchoolsProcessor,
    ImportEnrollmentProcessor,
    ImportCredentialsSweeper,
  ],
})
export class ImportsWorkerModule {}
