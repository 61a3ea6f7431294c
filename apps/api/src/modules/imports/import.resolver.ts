import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { ImportBatchService } from './import-batch.service';
import { ImportedCredentialType, ImportJobArgs, ImportOutcomeType } from './import.types';

@Resolver(() => ImportOutcomeType)
export class ImportResolver {
  constructor(private readonly service: ImportBatchService) {}

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Query(() => ImportOutcomeType, {
    description: 'What the job of an import’s real run wrote, in the caller’s scope (NOT_FOUND otherwise)',
  })
  importOutcome(@Args() args: ImportJobArgs): Promise<ImportOutcomeType> {
    return this.service.outcome(args.jobId);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => [ImportedCredentialType], {
    description:
      'The passwords an import generated, once, for the user who ran it: they are deleted as they are returned (NOT_FOUND afterwards)',
  })
  takeImportCredentials(@Args() args: ImportJobArgs): Promise<ImportedCredentialType[]> {
    return this.service.takeCredentials(args.jobId);
  }
}
