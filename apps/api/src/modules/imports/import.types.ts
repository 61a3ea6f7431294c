import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@ArgsType()
export class ImportJobArgs {
  @Field(() => ID, { description: 'The job the import’s real run returned' }) @IsUUID() jobId: string;
}

@ObjectType('ImportOutcome', { description: 'What the job of an import’s real run wrote (counts are 0 until it is done)' })
export class ImportOutcomeType {
  @Field(() => ID) jobId: string;
  @Field({ description: 'SCHOOLS or ENROLLMENT' }) kind: string;
  @Field({ description: 'Whether the rows were written (all of them, in one transaction)' }) done: boolean;
  @Field(() => Int) rowCount: number;
  @Field(() => Int) schoolsCreated: number;
  @Field(() => Int) curatorsCreated: number;
  @Field(() => Int, { description: 'Passwords generated for rows without one' }) passwordsGenerated: number;
  @Field(() => Int) enrollmentInserted: number;
  @Field(() => Int) enrollmentUpdated: number;
  @Field(() => Int) enrollmentUnchanged: number;
  @Field({ description: 'Generated passwords wait for the caller (only the user who ran the import), until taken or 24 h' })
  credentialsWaiting: boolean;
}

@ObjectType('ImportedCredential', {
  description: 'A password generated for a curator account by an import; given once, to the user who ran it',
})
export class ImportedCredentialType {
  @Field(() => Int) line: number;
  @Field() schoolCode: string;
  @Field() email: string;
  @Field() password: string;
}
