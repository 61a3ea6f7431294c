import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsNumber, IsUUID, Max, Min } from 'class-validator';
import { MONITORING_STATUSES } from '@mm/domain';

export enum MonitoringStatusEnum {
  ACHIEVED = 'ACHIEVED',
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  BEHIND = 'BEHIND',
  NO_DATA = 'NO_DATA',
}
// The GraphQL enum is the domain's list; a status added there must be added here.
if (MONITORING_STATUSES.some((s) => !(s in MonitoringStatusEnum))) throw new Error('MonitoringStatusEnum is behind MONITORING_STATUSES');

export enum MonitoringReportStatusEnum {
  MISSING = 'MISSING',
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  APPROVED = 'APPROVED',
}

registerEnumType(MonitoringStatusEnum, {
  name: 'MonitoringStatus',
  description:
    'NO_DATA: no submitted or approved report; ACHIEVED: mentees ≥ the year’s target; ON_TRACK: progress ≥ the expected progress ' +
    'of the quarter; AT_RISK: at most 15 percentage points below it; BEHIND: further below',
});
registerEnumType(MonitoringReportStatusEnum, {
  name: 'MonitoringReportStatus',
  description: 'The school’s report for the quarter: MISSING (none), or its current status. Only SUBMITTED and APPROVED figures count.',
});

@ObjectType('MonitoringSchool')
export class MonitoringSchoolType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType('MonitoringDistrict')
export class MonitoringDistrictType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

/** Figures shared by a school row, a district total and a region total. */
@ObjectType({ isAbstract: true })
export abstract class MonitoringFiguresType {
  @Field(() => Int, { nullable: true, description: 'Students on the report date, else the enrollment; a total sums its rows' }) students:
    number | null;
  @Field(() => Int, { nullable: true, description: 'The enrollment the mentee target is computed from (carried forward)' }) baseStudents:
    number | null;
  @Field(() => Int, { nullable: true, description: 'The base of the student-mentor target' }) mentorBase: number | null;
  @Field(() => Int, { nullable: true, description: 'Unique student mentees, year to date; null without a submitted or approved report' })
  mentees: number | null;
  @Field(() => Int, { nullable: true, description: 'Students acting as mentors' }) mentors: number | null;
  @Field(() => Int, { nullable: true, description: 'The year’s mentee target; a total’s comes from the total base' }) menteeTarget:
    number | null;
  @Field(() => Int, { nullable: true, description: 'The year’s student-mentor target; a total’s comes from the total base' }) mentorTarget:
    number | null;
  @Field(() => Float, { nullable: true, description: 'Mentees ÷ students, %, one decimal' }) coveragePercent: number | null;
  @Field(() => Float, { nullable: true, description: 'Mentees ÷ the mentee target, %, one decimal (may exceed 100)' }) progressPercent:
    number | null;
  @Field(() => Float, { description: 'The progress expected by the end of the quarter, %' }) expectedProgressPercent: number;
  @Field(() => MonitoringStatusEnum) status: MonitoringStatusEnum;
  @Field(() => Int, { nullable: true, description: 'Mentees of the previous quarter of the same year (null in Q1)' }) previousMentees:
    number | null;
  @Field(() => Int, { nullable: true, description: 'mentees − previousMentees' }) menteesDelta: number | null;
  @Field(() => Int, { nullable: true }) teachers: number | null;
  @Field(() => Int, { nullable: true, description: 'Student mentees in the form «ученик – ученик»' }) menteesStudentStudent: number | null;
  @Field(() => Int, { nullable: true, description: 'Student mentees in the form «учитель – ученик»' }) menteesTeacherStudent: number | null;
  @Field(() => Int, { nullable: true, description: 'Student mentees in the form «студент – ученик»' }) menteesUniversityStudentStudent:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Student mentees in the form «работодатель – ученик»' }) menteesEmployerStudent:
    number | null;
  @Field(() => Int, { nullable: true }) menteesTeachers: number | null;
  @Field(() => Int, { nullable: true }) menteesYoungSpecialists: number | null;
  @Field(() => Int, { nullable: true }) mentorsTeachers: number | null;
  @Field(() => Int, { nullable: true }) mentorsExternalEmployer: number | null;
  @Field(() => Int, { nullable: true }) mentorsExternalUniversityStudent: number | null;
  @Field(() => Int, { nullable: true }) mentorsExternalGraduate: number | null;
  @Field(() => Int, { nullable: true }) mentorsExternalParent: number | null;
  @Field(() => Int, { nullable: true }) mentorsExternalOther: number | null;
  @Field(() => Int, { nullable: true }) pairs: number | null;
  @Field(() => Int, { nullable: true }) groups: number | null;
}

@ObjectType('SchoolMonitoring', { description: 'A school’s monitoring row for a quarter' })
export class SchoolMonitoringType extends MonitoringFiguresType {
  @Field(() => MonitoringSchoolType) school: MonitoringSchoolType;
  @Field(() => MonitoringReportStatusEnum) reportStatus: MonitoringReportStatusEnum;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field() computedAt: Date;
}

@ObjectType('MonitoringTotals', { description: 'Totals of a district (or of a district within a region)' })
export class MonitoringTotalsType extends MonitoringFiguresType {
  @Field(() => Int) schoolCount: number;
  @Field(() => Int) reportedSchoolCount: number;
  @Field(() => Int) notReportedSchoolCount: number;
  @Field(() => Int, { nullable: true, description: 'Σ of the rounded school targets; may differ from menteeTarget by a few units' })
  sumOfSchoolMenteeTargets: number | null;
  @Field(() => Int, { nullable: true }) sumOfSchoolMentorTargets: number | null;
}

@ObjectType('DistrictMonitoring', { description: 'The latest monitoring snapshot of a district and quarter' })
export class DistrictMonitoringType {
  @Field(() => ID) districtId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'When the snapshot was computed' }) computedAt: Date;
  @Field(() => ID, { nullable: true, description: 'The job that computed it' }) jobId: string | null;
  @Field(() => Float) expectedProgressPercent: number;
  @Field(() => MonitoringTotalsType) totals: MonitoringTotalsType;
  @Field(() => [SchoolMonitoringType], { description: 'Every active school, by code' }) schools: SchoolMonitoringType[];
  @Field(() => [MonitoringSchoolType], { description: 'Schools without a submitted or approved report' })
  notReported: MonitoringSchoolType[];
}

@ObjectType('DistrictMonitoringRow', { description: 'A district’s totals within a region snapshot' })
export class DistrictMonitoringRowType extends MonitoringTotalsType {
  @Field(() => MonitoringDistrictType) district: MonitoringDistrictType;
}

@ObjectType('RegionMonitoringTotals')
export class RegionMonitoringTotalsType extends MonitoringTotalsType {
  @Field(() => Int) districtCount: number;
  @Field(() => Int, { nullable: true, description: 'Σ of the district targets (each from its total base)' }) sumOfDistrictMenteeTargets:
    number | null;
  @Field(() => Int, { nullable: true }) sumOfDistrictMentorTargets: number | null;
}

@ObjectType('RegionMonitoring', { description: 'The latest monitoring snapshot of a region and quarter, a row per district' })
export class RegionMonitoringType {
  @Field(() => ID) regionId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field() computedAt: Date;
  @Field(() => ID, { nullable: true }) jobId: string | null;
  @Field(() => Float) expectedProgressPercent: number;
  @Field(() => RegionMonitoringTotalsType) totals: RegionMonitoringTotalsType;
  @Field(() => [DistrictMonitoringRowType], { description: 'Every active district, by code' }) districts: DistrictMonitoringRowType[];
}

@ObjectType('MonitoringSettings', { description: 'The progress a region expects by the end of each quarter (year to date), %' })
export class MonitoringSettingsType {
  @Field(() => ID) regionId: string;
  @Field(() => Float) q1: number;
  @Field(() => Float) q2: number;
  @Field(() => Float) q3: number;
  @Field(() => Float) q4: number;
  @Field({ description: 'False: the default 25/50/75/100 % applies' }) custom: boolean;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

@ArgsType()
export class DistrictPeriodArgs {
  @Field(() => ID) @IsUUID() districtId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class RegionPeriodArgs {
  @Field(() => ID) @IsUUID() regionId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class SchoolPeriodArgs {
  @Field(() => ID) @IsUUID() schoolId: string;
  @Field(() => Int) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4) quarter: number;
}

@ArgsType()
export class RegionArgs {
  @Field(() => ID) @IsUUID() regionId: string;
}

const percent = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };

@InputType()
export class SetMonitoringExpectedProgressInput {
  @Field(() => ID) @IsUUID() regionId: string;
  @Field(() => Float, { description: 'Expected by the end of Q1, % (0–100, two decimals)' })
  @IsNumber(percent)
  @Min(0)
  @Max(100)
  q1: number;
  @Field(() => Float) @IsNumber(percent) @Min(0) @Max(100) q2: number;
  @Field(() => Float) @IsNumber(percent) @Min(0) @Max(100) q3: number;
  @Field(() => Float) @IsNumber(percent) @Min(0) @Max(100) q4: number;
}
