import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsBase64,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EXTERNAL_MENTOR_SOURCES, ExternalMentorSource, MentoringForm, STUDENT_MENTEE_CATEGORIES, StudentMenteeCategory } from '@mm/domain';
import { ParticipantKind } from './registry.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => ({ message: `${field} must be a date written as YYYY-MM-DD` });
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
/** A group is a class or a club at most; a larger list is a mistake. */
export const MAX_MEMBERS = 60;

@InputType()
export class AddParticipantInput {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => ParticipantKind) @IsIn(Object.values(ParticipantKind)) kind: ParticipantKind;
  @Field() @Transform(trim) @IsString() @Length(1, 300) @Matches(/\S/, { message: 'fullName must not be blank' }) fullName: string;
  @Field(() => Int, { nullable: true, description: 'STUDENT only, 1–11' }) @IsOptional() @IsInt() @Min(1) @Max(11) grade?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'TEACHER only' }) @IsOptional() @IsBoolean() youngSpecialist?: boolean | null;
  @Field(() => ExternalMentorSource, { nullable: true, description: 'EXTERNAL only, and required there' })
  @IsOptional()
  @IsIn(EXTERNAL_MENTOR_SOURCES)
  externalSource?: ExternalMentorSource | null;
  @Field(() => [StudentMenteeCategory], { nullable: true, description: 'STUDENT only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STUDENT_MENTEE_CATEGORIES.length)
  @IsIn(STUDENT_MENTEE_CATEGORIES, { each: true })
  categories?: StudentMenteeCategory[] | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID) @IsUUID() participantId: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() @Matches(DATE, dateMessage('signedOn')) signedOn: string;
  @Field({ description: 'The person, or for a student the parent or legal representative' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'signedBy must not be blank' })
  signedBy: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(100) documentNumber?: string | null;
}

@InputType()
export class StartMentoringInput {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => MentoringForm) @IsIn(Object.values(MentoringForm)) form: MentoringForm;
  @Field(() => [ID]) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_MEMBERS) @IsUUID('all', { each: true }) mentorIds: string[];
  @Field(() => [ID]) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_MEMBERS) @IsUUID('all', { each: true }) menteeIds: string[];
  @Field({ description: 'YYYY-MM-DD' }) @IsString() @Matches(DATE, dateMessage('startedOn')) startedOn: string;
}

@ArgsType()
export class WithdrawConsentArgs {
  @Field(() => ID) @IsUUID() participantId: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() @Matches(DATE, dateMessage('withdrawnOn')) withdrawnOn: string;
}

@ArgsType()
export class EndMentoringArgs {
  @Field(() => ID) @IsUUID() id: string;
  @Field({ description: 'YYYY-MM-DD, not before the start' }) @IsString() @Matches(DATE, dateMessage('endedOn')) endedOn: string;
}

@ArgsType()
export class ParticipantsArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(500) first: number;
  @Field(() => Int) @IsInt() @Min(0) offset: number;
  @Field(() => ParticipantKind, { nullable: true }) @IsOptional() @IsIn(Object.values(ParticipantKind)) kind?: ParticipantKind | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only those without a consent in force (withdrawn ones excluded)' })
  @IsOptional()
  @IsBoolean()
  withoutConsent?: boolean | null;
}

@ArgsType()
export class MentoringsArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(500) first: number;
  @Field(() => Int) @IsInt() @Min(0) offset: number;
}

@ArgsType()
export class RegistryFiguresArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

/** 1 MiB of file (the reader's limit) in base64. */
const MAX_BASE64_LENGTH = Math.ceil((1024 * 1024) / 3) * 4;

@InputType()
export class ImportRegistryInput {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field({ description: 'Ends in .csv or .xlsx' })
  @IsString()
  @MaxLength(300)
  @Matches(/\.(csv|xlsx)$/i, { message: 'fileName must end in .csv or .xlsx' })
  fileName: string;
  @Field() @IsBase64({}, { message: 'contentBase64 must be base64' }) @MaxLength(MAX_BASE64_LENGTH) contentBase64: string;
  @Field({ defaultValue: false, description: 'Validate and report only; write nothing' }) @IsBoolean() dryRun: boolean;
}

@ArgsType()
export class RegistrySchoolArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
}
