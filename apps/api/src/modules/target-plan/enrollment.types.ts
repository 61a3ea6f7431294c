import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBase64, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PLAN_MAX_YEAR, PLAN_MIN_YEAR } from '@mm/planning';
import { MAX_IMPORT_BYTES } from '../../engine/import/tabular-file.reader';
import { JobType } from '../jobs/job.types';

/** The largest 32-bit integer: what the enrollments table and GraphQL Int hold. */
const MAX_COUNT = 2_147_483_647;

@ObjectType({ description: "A school's enrollment (контингент) recorded for a year; later years without one carry it forward" })
export class Enrollment {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) students: number;
  @Field(() => Int, { nullable: true, description: 'Students eligible to mentor; null: the school keeps none and its students are used' })
  mentorBase: number | null;
  @Field(() => Int, { description: 'Increments with every change' }) version: number;
  @Field() updatedAt: Date;
}

@InputType()
export class SetEnrollmentInput {
  @Field(() => ID) @IsUUID('loose') schoolId: string;

  @Field(() => Int) @IsInt() @Min(PLAN_MIN_YEAR) @Max(PLAN_MAX_YEAR) year: number;

  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_COUNT) students: number;

  @Field(() => Int, { nullable: true, description: 'At most `students`; omitted or null: the school keeps no mentor base' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  mentorBase?: number | null;
}

@ArgsType()
export class EnrollmentHistoryArgs {
  @Field(() => ID) @IsUUID('loose') schoolId: string;
}

@InputType({ description: 'A CSV or XLSX table with the columns school_code, year, students, mentor_base (empty: none kept)' })
export class ImportEnrollmentInput {
  @Field(() => ID) @IsUUID('loose') districtId: string;

  @Field({ description: 'Ends with .csv or .xlsx' })
  @IsString()
  @Length(1, 255)
  @Matches(/\.(csv|xlsx)$/i, { message: 'fileName must end with .csv or .xlsx' })
  fileName: string;

  @Field({ description: `The file, base64-encoded (at most ${MAX_IMPORT_BYTES / 1024} KiB before encoding)` })
  @IsString()
  @IsBase64()
  @MaxLength(Math.ceil(MAX_IMPORT_BYTES / 3) * 4)
  contentBase64: string;

  @Field({ description: 'true: check the file and report what would change, store nothing' })
  @IsBoolean()
  dryRun: boolean;
}

@ObjectType()
export class EnrollmentImportError {
  @Field(() => Int, { description: 'Line of the CSV or row of the sheet (the header is line 1)' }) line: number;
  @Field({ description: 'Column: school_code, year, students or mentor_base' }) field: string;
  @Field() message: string;
}

export enum EnrollmentImportAction {
  INSERT = 'INSERT',
  UPDATE = 'UPDATE',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(EnrollmentImportAction, { name: 'EnrollmentImportAction' });

@ObjectType()
export class EnrollmentImportRow {
  @Field(() => Int) line: number;
  @Field(() => ID) schoolId: string;
  @Field() schoolCode: string;
  @Field(() => Int) year: number;
  @Field(() => Int) students: number;
  @Field(() => Int, { nullable: true }) mentorBase: number | null;
  @Field(() => Int, { nullable: true, description: 'Stored before the import (null: no record of that year)' })
  previousStudents: number | null;
  @Field(() => Int, { nullable: true }) previousMentorBase: number | null;
  @Field(() => EnrollmentImportAction) action: EnrollmentImportAction;
}

@ObjectType({ description: 'What an import did (or, in a dry run, would do). All or nothing: with any error nothing is stored.' })
export class EnrollmentImportResult {
  @Field() dryRun: boolean;
  @Field({ description: 'Always false in the answer: a real run stores the rows in its job (see job)' }) applied: boolean;
  @Field(() => Int) rowCount: number;
  @Field(() => Int) inserted: number;
  @Field(() => Int) updated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => [EnrollmentImportError]) errors: EnrollmentImportError[];
  @Field(() => [EnrollmentImportRow], { description: 'The rows read without error, in file order' }) rows: EnrollmentImportRow[];
  @Field(() => JobType, { nullable: true, description: 'A real run: the job that writes the rows (poll job(id); then importOutcome)' })
  job: JobType | null;
}
