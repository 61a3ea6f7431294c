import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsBase64,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Role } from '@mm/database';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './account-policy';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const CODE_MAX_LENGTH = 32;
export const NAME_MAX_LENGTH = 255;
export const SCHOOL_NAME_MAX_LENGTH = 500;
/** ОКАТО of a region: 2 to 11 digits. */
export const OKATO = /^\d{2,11}$/;
/** ОКТМО: 8 or 11 digits. */
export const OKTMO = /^\d{8}(\d{3})?$/;
/** ИНН of an organisation: 10 digits (12 for an individual entrepreneur). */
export const INN = /^\d{10}(\d{2})?$/;

/** A required text field (a code, a name): trimmed, not blank, at most `max` characters. */
function RequiredText(max: number): PropertyDecorator {
  return applyDecorators(Field(), Transform(trim), IsString(), IsNotEmpty(), MaxLength(max));
}

/** The same field in an update: may be left out, but not blanked. */
function OptionalText(max: number): PropertyDecorator {
  return applyDecorators(
    Field(() => String, { nullable: true }),
    IsOptional(),
    Transform(trim),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
  );
}

@InputType()
export class CreateRegionInput {
  @RequiredText(CODE_MAX_LENGTH) code: string;
  @RequiredText(NAME_MAX_LENGTH) name: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(OKATO, { message: 'okato must be 2 to 11 digits' })
  okato?: string | null;
}

@InputType()
export class CreateDistrictInput {
  @Field(() => ID) @IsUUID() regionId: string;
  @RequiredText(CODE_MAX_LENGTH) code: string;
  @RequiredText(NAME_MAX_LENGTH) name: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(OKTMO, { message: 'oktmo must be 8 or 11 digits' })
  oktmo?: string | null;
}

@InputType()
export class CreateSchoolInput {
  @Field(() => ID) @IsUUID() districtId: string;
  @RequiredText(CODE_MAX_LENGTH) code: string;
  @RequiredText(SCHOOL_NAME_MAX_LENGTH) name: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(INN, { message: 'inn must be 10 or 12 digits' })
  inn?: string | null;
}

@InputType({ description: 'Only the fields given change; `inn: null` clears the INN' })
export class UpdateSchoolInput {
  @Field(() => ID) @IsUUID() id: string;
  @OptionalText(SCHOOL_NAME_MAX_LENGTH) name?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(INN, { message: 'inn must be 10 or 12 digits' })
  inn?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType({
  description:
    'Only the fields given change; `okato: null` clears it. An inactive region is hidden from monitoring and its accounts keep working',
})
export class UpdateRegionInput {
  @Field(() => ID) @IsUUID() id: string;
  @OptionalText(NAME_MAX_LENGTH) name?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(OKATO, { message: 'okato must be 2 to 11 digits' })
  okato?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType({ description: 'Only the fields given change; `oktmo: null` clears it. An inactive district is left out of region monitoring' })
export class UpdateDistrictInput {
  @Field(() => ID) @IsUUID() id: string;
  @OptionalText(NAME_MAX_LENGTH) name?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Matches(OKTMO, { message: 'oktmo must be 8 or 11 digits' })
  oktmo?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType({
  description: 'SCHOOL_CURATOR needs schoolId, DISTRICT_COORDINATOR districtId, AUTHORITY regionId (none: federal), ADMIN none',
})
export class CreateUserInput {
  @Field() @Transform(trim) @IsEmail({}, { message: 'email must be a valid e-mail address' }) @MaxLength(EMAIL_MAX_LENGTH) email: string;
  @Field() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
  @Field(() => Role) @IsEnum(Role) role: Role;
  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trim) @IsString() @MaxLength(NAME_MAX_LENGTH) displayName?:
    string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() regionId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() schoolId?: string | null;
}

@InputType({ description: 'The new role and place of an account, as for createUser; every token of the account is revoked' })
export class ChangeUserRoleInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Role) @IsEnum(Role) role: Role;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() regionId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() schoolId?: string | null;
}

/** 1 MiB of file as base64 (4/3 of the bytes) plus slack. */
const MAX_BASE64_LENGTH = 1_400_000;

@InputType({ description: 'A CSV or XLSX with columns code, name, inn?, curator_email?, curator_name?, curator_password?' })
export class ImportSchoolsInput {
  @Field(() => ID) @IsUUID() districtId: string;
  @Field({ description: 'Ends in .csv or .xlsx' })
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(/\.(csv|xlsx)$/i, { message: 'fileName must end in .csv or .xlsx' })
  fileName: string;
  @Field() @IsBase64({}, { message: 'contentBase64 must be base64' }) @MaxLength(MAX_BASE64_LENGTH) contentBase64: string;
  @Field({ defaultValue: false, description: 'Validate and report only; create nothing' }) @IsBoolean() dryRun: boolean;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most 200' }) @IsInt() @Min(0) @Max(200) first: number = 50;
  @Field(() => Int, { defaultValue: 0 }) @IsInt() @Min(0) @Max(1_000_000) offset: number = 0;
}

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name or code, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class DistrictsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() regionId?: string | null;
  @Field(() => String, { nullable: true, description: 'Part of the name or code, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class SchoolsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => String, { nullable: true, description: 'Part of the name or code, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() schoolId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() regionId?: string | null;
  @Field(() => Role, { nullable: true }) @IsOptional() @IsEnum(Role) role?: Role | null;
  @Field(() => String, { nullable: true, description: 'Part of the e-mail or name, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() regionId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() schoolId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only what this account did' }) @IsOptional() @IsUUID() actorUserId?: string | null;
  @Field(() => String, { nullable: true, description: 'The operation, e.g. createSchool or reportingPeriod.close' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z_.]{1,100}$/, { message: 'operation must be an operation name' })
  operation?: string | null;
  @Field(() => String, { nullable: true, description: 'From this moment on (ISO 8601)' })
  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO 8601 date or time' })
  from?: string | null;
  @Field(() => String, { nullable: true, description: 'Before this moment (ISO 8601)' })
  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO 8601 date or time' })
  to?: string | null;
}
