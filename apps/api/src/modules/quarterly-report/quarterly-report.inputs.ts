import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** Comments explain a figure or a decision; a page of text is plenty. */
const MAX_COMMENT = 4000;

// Values are checked by the hard rules of the data set (validateFigures), which name the
// figure in the error: a negative value is "STUDENTS must not be negative", not "figures.3.value".
@InputType('QuarterlyReportFigureInput')
export class FigureInput {
  @Field() @IsString() @Length(1, 100) code: string;
  @Field(() => Int) @IsInt() value: number;
}

@InputType()
export class SaveQuarterlyReportInput {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;

  @Field(() => [FigureInput], { description: 'The whole form: replaces every figure of the report' })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FigureInput)
  figures: FigureInput[];

  @Field(() => Int, { nullable: true, description: 'The version being edited; required once the report exists' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Repeating a request with the same key returns the first result and writes nothing' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_COMMENT) comment?: string | null;
}

@ArgsType()
export class ReportPeriodArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class SchoolReportsArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number | null;
}

@ArgsType()
export class DistrictReportsArgs {
  @Field(() => ID) @IsUUID() districtId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class ReportVersionArgs {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version the decision was made on' }) @IsInt() @Min(1) expectedVersion: number;
}

@ArgsType()
export class SubmitReportArgs extends ReportVersionArgs {
  @Field(() => String, { nullable: true, description: 'Required when the figures raise warnings' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_COMMENT)
  comment?: string | null;
}

@ArgsType()
export class ReportDecisionArgs extends ReportVersionArgs {
  @Field({ description: 'What the school must correct' }) @IsString() @MaxLength(MAX_COMMENT) comment: string;
}

@ArgsType()
export class CatalogueArgs {
  @Field(() => Int, { nullable: true, description: 'Default: the current catalogue' }) @IsOptional() @IsInt() @Min(1) version?:
    number | null;
}

@ArgsType()
export class PeriodArgs {
  @Field(() => ID) @IsUUID() regionId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class SetDeadlineArgs extends PeriodArgs {
  @Field({ description: "YYYY-MM-DD, not before the quarter's last day" })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'deadline must be a date written as YYYY-MM-DD' })
  deadline: string;
}
