import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_TEXT = 4000;

@ArgsType()
export class DistrictQuarterArgs {
  @Field(() => ID) @IsUUID() districtId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class SendBackArgs extends DistrictQuarterArgs {
  @Field({ description: 'What the district must correct' }) @IsString() @MaxLength(MAX_TEXT) comment: string;
}

@ArgsType()
export class RegionQuarterArgs {
  @Field(() => ID) @IsUUID() regionId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class DistrictTrendArgs extends DistrictQuarterArgs {
  @Field(() => Int, { nullable: true, description: 'How many quarters up to the given one (default 4)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  quarters?: number | null;
}

@ArgsType()
export class SchoolQuarterArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@InputType()
export class GrantReportingExtensionInput {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
  @Field({ description: 'YYYY-MM-DD: the last day the school may work in the quarter' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be a date written as YYYY-MM-DD' })
  until: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

@ArgsType()
export class ExtensionListArgs {
  @Field(() => ID, { nullable: true, description: 'The district (or give regionId)' }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The whole region (or give districtId)' }) @IsOptional() @IsUUID() regionId?:
    string | null;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@InputType()
export class SetRegionReportingSettingsInput {
  @Field(() => ID) @IsUUID() regionId: string;
  @Field(() => Int, { nullable: true, description: 'Days after the deadline; null: close only by hand' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  autoCloseDays?: number | null;
  @Field(() => Int, { description: 'Days before the deadline the first reminder goes out' })
  @IsInt()
  @Min(1)
  @Max(90)
  reminderDaysBefore: number;
  @Field(() => Int, { description: 'The version read (0 for a region without settings yet)' }) @IsInt() @Min(0) expectedVersion: number;
}

@ArgsType()
export class NotificationsArgs {
  @Field(() => Int, { nullable: true, description: 'Newest first; default 50' }) @IsOptional() @IsInt() @Min(1) @Max(200) first?:
    number | null;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: 'Default: every unread notification of the caller' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  ids?: string[] | null;
}

@ArgsType()
export class RegionIdArgs {
  @Field(() => ID) @IsUUID() regionId: string;
}
