import { Type } from '@nestjs/common';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { UserType } from '../../engine/auth/user.type';
import { JobType } from '../jobs/job.types';

@ObjectType('Region', { description: 'A subject of the federation (субъект РФ)' })
export class RegionType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'ОКАТО code' }) okato: string | null;
  @Field() active: boolean;
}

@ObjectType('District', { description: 'A municipal district (муниципальное образование)' })
export class DistrictType {
  @Field(() => ID) id: string;
  @Field(() => ID) regionId: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'ОКТМО code' }) oktmo: string | null;
  @Field() active: boolean;
}

@ObjectType('School', { description: 'A school (образовательная организация): the tenant' })
export class SchoolType {
  @Field(() => ID) id: string;
  @Field(() => ID) regionId: string;
  @Field(() => ID) districtId: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'ИНН' }) inn: string | null;
  @Field() active: boolean;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
}

/** `{ items, totalCount }` of one list; pages are taken with `first` and `offset`. */
function PageOf<T>(item: Type<T>, name: string): Type<Page<T>> {
  @ObjectType(name, { isAbstract: false })
  class PageClass implements Page<T> {
    @Field(() => [item]) items: T[];
    @Field(() => Int, { description: 'All items matching the filters, in your scope' }) totalCount: number;
  }
  return PageClass;
}

export const RegionPage = PageOf(RegionType, 'RegionPage');
export const DistrictPage = PageOf(DistrictType, 'DistrictPage');
export const SchoolPage = PageOf(SchoolType, 'SchoolPage');
export const UserPage = PageOf(UserType, 'UserPage');

@ObjectType('AuditLogEntry', { description: 'One mutation: who, with which role and scope, what, on which targets, when' })
export class AuditLogEntryType {
  @Field(() => ID) id: string;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field(() => ID, { nullable: true }) actorUserId: string | null;
  @Field() actorRole: string;
  @Field(() => ID, { nullable: true }) regionId: string | null;
  @Field(() => ID, { nullable: true }) districtId: string | null;
  @Field(() => ID, { nullable: true }) schoolId: string | null;
  @Field() operation: string;
  @Field(() => String, { nullable: true }) targetType: string | null;
  @Field(() => [String]) targetIds: string[];
  @Field({ description: 'What changed, as a JSON object (never passwords or tokens)' }) details: string;
}

export const AuditLogPage = PageOf(AuditLogEntryType, 'AuditLogPage');

@ObjectType('ImportRowError', { description: 'A problem with one cell of an imported file' })
export class ImportRowErrorType {
  @Field(() => Int, { description: 'Line (CSV) or row (XLSX) number, 1 being the header' }) line: number;
  @Field({ description: 'Column name' }) field: string;
  @Field() message: string;
}

@ObjectType('SchoolImportResult')
export class SchoolImportResultType {
  @Field() dryRun: boolean;
  @Field({ description: 'Always false in the answer: a real run creates the schools and accounts in its job' }) imported: boolean;
  @Field(() => Int, { description: 'Data rows in the file' }) rowCount: number;
  @Field(() => Int, { description: 'Rows with a curator account' }) curatorCount: number;
  @Field(() => Int) schoolsCreated: number;
  @Field(() => Int) curatorsCreated: number;
  @Field(() => [ImportRowErrorType], { description: 'Every problem found; when not empty nothing was created' })
  errors: ImportRowErrorType[];
  @Field(() => JobType, {
    nullable: true,
    description:
      'A real run: the job that hashes the passwords and creates everything (poll job(id); then importOutcome, takeImportCredentials)',
  })
  job: JobType | null;
}

@ObjectType({ description: 'A reset password: shown once here, never stored in clear; the account must replace it at its next login' })
export class PasswordResetType {
  @Field(() => UserType) user: UserType;
  @Field() temporaryPassword: string;
}
