import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { DistrictType } from '../organisation/organisation.types';

@ObjectType('MissingSchool', { description: 'An expected school without an approved report when the quarter was signed off' })
export class MissingSchoolModel {
  @Field(() => ID) schoolId: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType('DistrictQuarterRevision', { description: 'One step of a district quarter: sign-off, acceptance or sending back' })
export class DistrictQuarterRevisionModel {
  @Field(() => Int) version: number;
  @Field({ description: 'SIGN_OFF, ACCEPT or SEND_BACK' }) action: string;
  @Field({ description: 'The state after the step' }) state: string;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field() authorRole: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('DistrictQuarter', { description: "A district's quarter as signed off to the region" })
export class DistrictQuarterModel {
  @Field(() => ID) districtId: string;
  @Field(() => ID) regionId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'OPEN, SIGNED_OFF or ACCEPTED' }) state: string;
  @Field(() => Int, { description: 'Every step is a revision (0: never signed off)' }) version: number;
  @Field(() => [MissingSchoolModel], { description: 'Recorded by the latest sign-off' }) missingSchools: MissingSchoolModel[];
  @Field(() => String, { nullable: true, description: "The region's comment when it sent the quarter back" }) comment: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) signedOffAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the region accepted or sent it back' }) decidedAt: Date | null;
  @Field(() => [DistrictQuarterRevisionModel]) revisions: DistrictQuarterRevisionModel[];
}

@ObjectType('ReportingExtension', { description: 'One school let into a closed quarter until a day' })
export class ReportingExtensionModel {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field() schoolCode: string;
  @Field() schoolName: string;
  @Field(() => ID) districtId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'YYYY-MM-DD, the last day included' }) until: string;
  @Field() reason: string;
  @Field(() => GraphQLISODateTime) grantedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt: Date | null;
  @Field({ description: 'Not revoked and its last day not over' }) inForce: boolean;
}

@ObjectType('CompletenessFigures')
export class CompletenessFiguresModel {
  @Field(() => Int, { description: 'Schools active during the quarter' }) expected: number;
  @Field(() => Int, { description: 'Expected schools whose report is SUBMITTED or APPROVED' }) submitted: number;
  @Field(() => Int, { description: 'Of them, first submitted on or before the deadline' }) onTime: number;
  @Field(() => Int, { description: 'Of them, APPROVED' }) approved: number;
  @Field(() => Float, { nullable: true, description: 'submitted / expected, % rounded half-up to 0.1; null when nothing is expected' })
  submittedRate: number | null;
  @Field(() => Float, { nullable: true, description: 'onTime / expected, % rounded half-up to 0.1; null when nothing is expected' })
  onTimeRate: number | null;
}

@ObjectType('DistrictCompleteness')
export class DistrictCompletenessModel extends CompletenessFiguresModel {
  @Field(() => DistrictType) district: DistrictType;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'The deadline on-time submissions are measured against' }) deadline: string;
  @Field({ description: "The district quarter's sign-off: OPEN, SIGNED_OFF or ACCEPTED" }) signOffState: string;
}

@ObjectType('ReportingCompleteness', { description: 'Completeness and timeliness of a quarter for a region and each of its districts' })
export class ReportingCompletenessModel extends CompletenessFiguresModel {
  @Field(() => ID) regionId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field() deadline: string;
  @Field(() => [DistrictCompletenessModel]) districts: DistrictCompletenessModel[];
}

@ObjectType('RegionReportingSettings', { description: "A region's automatic closing of quarters and reminder lead time" })
export class RegionReportingSettingsModel {
  @Field(() => ID) regionId: string;
  @Field(() => Int, { nullable: true, description: 'Close a quarter automatically this many days after its deadline; null: only by hand' })
  autoCloseDays: number | null;
  @Field(() => Int, { description: 'Remind curators this many days before a deadline (and on the day after it)' })
  reminderDaysBefore: number;
  @Field(() => Int, { description: '0 until the region saves its settings' }) version: number;
}

@ObjectType('Notification', { description: "A reminder to a school's curator" })
export class NotificationModel {
  @Field(() => ID) id: string;
  @Field({ description: 'DEADLINE_SOON or DEADLINE_PASSED' }) kind: string;
  @Field(() => ID) schoolId: string;
  @Field() schoolName: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'YYYY-MM-DD' }) deadline: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) readAt: Date | null;
}
