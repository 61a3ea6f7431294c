import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_SCHOOL_YEAR, MIN_SCHOOL_YEAR } from '@mm/domain';

/** Seven stages in the template; a district adding its own has plenty of room. */
export const MAX_STAGES = 30;
const MAX_TITLE = 500;
const MAX_TEXT = 4000;
const MAX_LINK = 2000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Something other than whitespace. */
const NOT_BLANK = /\S/;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Optional text: blank is the same as absent. */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

const dateMessage = (field: string) => ({ message: `${field} must be a date written as YYYY-MM-DD` });

@InputType({ description: 'A stage of a roadmap being published' })
export class RoadmapStageInput {
  @Field(() => String, {
    nullable: true,
    description: "I, II, … or a code of the district's own; default: the Roman numeral of the position",
  })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @Length(1, 16)
  @Matches(/^[\p{L}\p{N}._-]+$/u, { message: 'code may contain letters, digits, ".", "_" and "-" only' })
  code?: string | null;

  @Field() @Transform(trim) @IsString() @Length(1, MAX_TITLE) title: string;

  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(MAX_TEXT) description?:
    string | null;

  @Field({ description: 'YYYY-MM-DD within the school year (1 September – 31 August)' })
  @IsString()
  @Matches(DATE, dateMessage('deadline'))
  deadline: string;

  @Field({ description: 'Completing the stage needs a document number and date' }) @IsBoolean() evidenceRequired: boolean;
}

@InputType()
export class PublishRoadmapInput {
  @Field(() => ID) @IsUUID() districtId: string;

  @Field(() => Int, { description: 'The first calendar year of the school year: 2025 means 2025/2026' })
  @IsInt()
  @Min(MIN_SCHOOL_YEAR)
  @Max(MAX_SCHOOL_YEAR)
  schoolYear: number;

  @Field(() => String, {
    nullable: true,
    description: 'Default: «Дорожная карта внедрения целевой модели наставничества на 2025/2026 учебный год»',
  })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @Length(1, MAX_TITLE)
  title?: string | null;

  @Field(() => [RoadmapStageInput], {
    nullable: true,
    description: 'In order; default: the seven stages of the template with its deadlines',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => RoadmapStageInput)
  stages?: RoadmapStageInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Template only: move every deadline by the days from 1 September to today, so a roadmap published mid-year ' +
      'opens with no stage overdue (deadlines past 31 August stay at 31 August); default false',
  })
  @IsOptional()
  @IsBoolean()
  shiftFromToday?: boolean | null;
}

@InputType({ description: 'Only the fields given change' })
export class UpdateRoadmapStageInput {
  @Field(() => ID) @IsUUID() stageId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trim) @IsString() @Length(1, MAX_TITLE) title?: string | null;
  @Field(() => String, { nullable: true, description: 'An empty string clears it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_TEXT)
  description?: string | null;
  @Field(() => String, { nullable: true, description: "YYYY-MM-DD within the roadmap's school year" })
  @IsOptional()
  @IsString()
  @Matches(DATE, dateMessage('deadline'))
  deadline?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Applies to completions from now on; existing ones stay' })
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean | null;
  @Field(() => Int, { description: 'The version of the stage being edited' }) @IsInt() @Min(1) expectedVersion: number;
}

@InputType({ description: 'A school marks a stage done; a stage requiring evidence needs documentNumber and documentDate' })
export class CompleteRoadmapStageInput {
  @Field(() => ID) @IsUUID() stageId: string;
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => String, { nullable: true, description: 'Number of the document (order, protocol) that proves the stage' })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(100)
  documentNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not later than today' })
  @IsOptional()
  @IsString()
  @Matches(DATE, dateMessage('documentDate'))
  documentDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trimToNull) @IsString() @MaxLength(MAX_TEXT) note?: string | null;
  @Field(() => String, { nullable: true, description: 'An http(s) link to the document, at most 2000 characters' })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(MAX_LINK)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'link must be an http(s) URL' })
  link?: string | null;
}

@InputType({ description: "The district rejects a school's completion; the school completes the stage again" })
export class RejectRoadmapStageInput {
  @Field(() => ID) @IsUUID() stageId: string;
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field({ description: 'What the school must correct' })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'comment must not be empty' })
  comment: string;
  @Field(() => Int, { nullable: true, description: 'The version of the completion being rejected; refused if it changed since' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@ArgsType()
export class DistrictRoadmapArgs {
  @Field(() => ID) @IsUUID() districtId: string;
  @Field(() => Int) @IsInt() @Min(MIN_SCHOOL_YEAR) @Max(MAX_SCHOOL_YEAR) schoolYear: number;
}

@ArgsType()
export class SchoolRoadmapArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_SCHOOL_YEAR) @Max(MAX_SCHOOL_YEAR) schoolYear: number;
}
