import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ExternalMentorSource, MentoringForm, StudentMenteeCategory } from '@mm/domain';
import { ImportRowErrorType } from '../organisation/organisation.types';

export const ParticipantKind = { STUDENT: 'STUDENT', TEACHER: 'TEACHER', EXTERNAL: 'EXTERNAL' } as const;
export type ParticipantKind = (typeof ParticipantKind)[keyof typeof ParticipantKind];

export const MentoringRole = { MENTOR: 'MENTOR', MENTEE: 'MENTEE' } as const;
export type MentoringRole = (typeof MentoringRole)[keyof typeof MentoringRole];

registerEnumType(ParticipantKind, {
  name: 'ParticipantKind',
  description: 'STUDENT (обучающийся), TEACHER (педагог), EXTERNAL (внешний наставник)',
});
registerEnumType(MentoringRole, { name: 'MentoringRole' });
registerEnumType(MentoringForm, { name: 'MentoringForm', description: 'The form of mentoring (форма наставничества)' });
registerEnumType(ExternalMentorSource, { name: 'ExternalMentorSource', description: 'Where an external mentor comes from' });
registerEnumType(StudentMenteeCategory, { name: 'StudentMenteeCategory', description: 'Categories of student mentees' });

@ObjectType({ description: 'A consent to the processing of personal data (согласие на обработку персональных данных)' })
export class ParticipantConsent {
  @Field({ description: 'YYYY-MM-DD' }) signedOn: string;
  @Field(() => String, {
    nullable: true,
    description: 'Who signed: the person, or for a student the parent or legal representative; null once withdrawn',
  })
  signedBy: string | null;
  @Field(() => String, { nullable: true }) documentNumber: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD of the withdrawal' }) withdrawnOn: string | null;
}

@ObjectType({ description: "A participant of the school's mentoring programme. After a withdrawal only an anonymous record remains." })
export class Participant {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => ParticipantKind) kind: ParticipantKind;
  @Field(() => String, { nullable: true, description: 'Full name; null once consent is withdrawn (destroyed, not hidden)' }) fullName:
    string | null;
  @Field(() => Int, { nullable: true, description: 'STUDENT: grade 1–11' }) grade: number | null;
  @Field({ description: 'TEACHER: a young specialist (first three years)' }) youngSpecialist: boolean;
  @Field(() => ExternalMentorSource, { nullable: true, description: 'EXTERNAL: where the mentor comes from' })
  externalSource: ExternalMentorSource | null;
  @Field(() => [StudentMenteeCategory], { description: 'STUDENT: mentee categories' }) categories: StudentMenteeCategory[];
  @Field({ description: 'Holds a consent in force: may join a pair or group' }) hasConsent: boolean;
  @Field(() => ParticipantConsent, { nullable: true, description: 'The latest consent' }) consent: ParticipantConsent | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD of the withdrawal; the record is anonymous since' }) withdrawnOn:
    string | null;
  @Field(() => Int) version: number;
}

@ObjectType()
export class ParticipantPage {
  @Field(() => Int) totalCount: number;
  @Field(() => [Participant]) items: Participant[];
}

@ObjectType({ description: 'A mentor or mentee of a pair or group' })
export class MentoringMember {
  @Field(() => ID) participantId: string;
  @Field(() => MentoringRole) role: MentoringRole;
  @Field(() => ParticipantKind) kind: ParticipantKind;
  @Field(() => String, { nullable: true, description: 'null once the participant withdrew' }) fullName: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the member left (a withdrawal)' }) leftOn: string | null;
}

@ObjectType({ description: 'A mentoring: a pair (one mentor, one mentee) or a group (more)' })
export class Mentoring {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => MentoringForm) form: MentoringForm;
  @Field({ description: 'More than one mentor or mentee' }) isGroup: boolean;
  @Field({ description: 'YYYY-MM-DD' }) startedOn: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while at work' }) endedOn: string | null;
  @Field(() => [MentoringMember]) members: MentoringMember[];
  @Field(() => Int) version: number;
}

@ObjectType()
export class MentoringPage {
  @Field(() => Int) totalCount: number;
  @Field(() => [Mentoring]) items: Mentoring[];
}

@ObjectType({ description: "A figure of the quarterly report as the school's registry gives it" })
export class RegistryFigure {
  @Field() code: string;
  @Field(() => Int) value: number;
}

@ObjectType({ description: "The result of a registry import: a dry run lists every row's problems; a real run creates all or nothing" })
export class RegistryImportResult {
  @Field() dryRun: boolean;
  @Field({ description: 'Whether the rows were written (a real run with no errors)' }) imported: boolean;
  @Field(() => Int, { description: 'Data rows in the file' }) rowCount: number;
  @Field(() => Int) participants: number;
  @Field(() => Int) consents: number;
  @Field(() => Int) mentorings: number;
  @Field(() => [ImportRowErrorType], { description: 'Every problem found; when not empty nothing was written' })
  errors: ImportRowErrorType[];
}

@ObjectType({ description: "The school's own registry as a file (CSV, the import's columns)" })
export class RegistryExportFile {
  @Field() fileName: string;
  @Field() contentBase64: string;
  @Field(() => Int) rowCount: number;
}
