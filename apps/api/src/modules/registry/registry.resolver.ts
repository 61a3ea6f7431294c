import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import {
  AddParticipantInput,
  EndMentoringArgs,
  MentoringsArgs,
  ParticipantsArgs,
  RecordConsentInput,
  RegistryFiguresArgs,
  ImportRegistryInput,
  RegistrySchoolArgs,
  StartMentoringInput,
  WithdrawConsentArgs,
} from './registry.inputs';
import { RegistryImportService } from './registry-import.service';
import { RegistryService } from './registry.service';
import {
  Mentoring,
  MentoringPage,
  Participant,
  ParticipantPage,
  RegistryExportFile,
  RegistryFigure,
  RegistryImportResult,
} from './registry.types';

/** Names are the school's: its curator and ADMIN only. A district or an authority reads registryFigures (counts). */
const NAME_ROLES = [Role.SCHOOL_CURATOR, Role.ADMIN] as const;

@Resolver()
export class RegistryResolver {
  constructor(
    private readonly registry: RegistryService,
    private readonly files: RegistryImportService,
  ) {}

  @Roles(...NAME_ROLES)
  @Mutation(() => RegistryImportResult, {
    description: "Imports the school's spreadsheet of participants and pairs (CSV/XLSX): dry run, then all or nothing",
  })
  importRegistry(@Args('input') input: ImportRegistryInput): Promise<RegistryImportResult> {
    return this.files.importRegistry(input);
  }

  @Roles(...NAME_ROLES)
  @Query(() => RegistryExportFile, {
    description: "The school's own registry as CSV, in the import's columns; the read is written to the access log",
  })
  registryExport(@Args() args: RegistrySchoolArgs): Promise<RegistryExportFile> {
    return this.files.exportRegistry(args.schoolId);
  }

  @Roles(...NAME_ROLES)
  @Mutation(() => Participant, {
    description: "Adds a person to the school's registry (minimal personal data: name, grade or role, categories)",
  })
  addParticipant(@Args('input') input: AddParticipantInput): Promise<Participant> {
    return this.registry.addParticipant(input);
  }

  @Roles(...NAME_ROLES)
  @Mutation(() => Participant, { description: 'Records a signed consent to the processing of personal data' })
  recordConsent(@Args('input') input: RecordConsentInput): Promise<Participant> {
    return this.registry.recordConsent(input);
  }

  @Roles(...NAME_ROLES)
  @Mutation(() => Participant, {
    description: 'Withdrawal: destroys the personal fields at once, keeps an anonymous record for past figures',
  })
  withdrawConsent(@Args() args: WithdrawConsentArgs): Promise<Participant> {
    return this.registry.withdrawConsent(args);
  }

  @Roles(...NAME_ROLES)
  @Mutation(() => Mentoring, { description: 'Starts a pair (one mentor, one mentee) or a group; everyone needs a consent in force' })
  startMentoring(@Args('input') input: StartMentoringInput): Promise<Mentoring> {
    return this.registry.startMentoring(input);
  }

  @Roles(...NAME_ROLES)
  @Mutation(() => Mentoring, { description: 'Ends a pair or group on a day not before its start' })
  endMentoring(@Args() args: EndMentoringArgs): Promise<Mentoring> {
    return this.registry.endMentoring(args);
  }

  @Roles(...NAME_ROLES)
  @Query(() => ParticipantPage, { description: "The school's participants; every read is written to the access log" })
  participants(@Args() args: ParticipantsArgs): Promise<ParticipantPage> {
    return this.registry.participants(args);
  }

  @Roles(...NAME_ROLES)
  @Query(() => MentoringPage, { description: "The school's pairs and groups with their members; every read is written to the access log" })
  mentorings(@Args() args: MentoringsArgs): Promise<MentoringPage> {
    return this.registry.mentorings(args);
  }

  @Query(() => [RegistryFigure], {
    description:
      "The quarterly report's registry-derived figures (counts only): year-to-date unique people or head counts on the quarter's last day",
  })
  registryFigures(@Args() args: RegistryFiguresArgs): Promise<RegistryFigure[]> {
    return this.registry.figures(args.schoolId, args.year, args.quarter);
  }
}
