import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export enum StatFormCode {
  TARGET_PLAN = 'TARGET_PLAN',
  MONITORING_SUMMARY = 'MONITORING_SUMMARY',
  FEDERAL_FORM = 'FEDERAL_FORM',
  ROADMAP_MATRIX = 'ROADMAP_MATRIX',
}

export enum ExportFormat {
  XLSX = 'XLSX',
  CSV = 'CSV',
}

export enum CsvDelimiter {
  SEMICOLON = 'SEMICOLON',
  COMMA = 'COMMA',
}

export enum StatFormExportState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  EXPIRED = 'EXPIRED',
}

export enum StatFormScopeKind {
  DISTRICT = 'DISTRICT',
  REGION = 'REGION',
}

registerEnumType(StatFormCode, {
  name: 'StatFormCode',
  description:
    'TARGET_PLAN: the district plan; MONITORING_SUMMARY: the quarterly summary; FEDERAL_FORM: region totals by form and role; ROADMAP_MATRIX: the district roadmap, schools × stages',
});
registerEnumType(ExportFormat, { name: 'ExportFormat' });
registerEnumType(CsvDelimiter, {
  name: 'CsvDelimiter',
  description: 'SEMICOLON (default, for Russian-locale Excel; decimals with a comma) or COMMA',
});
registerEnumType(StatFormExportState, {
  name: 'StatFormExportState',
  description: "The job's state (QUEUED, RUNNING, COMPLETED, FAILED); EXPIRED once the file was removed",
});
registerEnumType(StatFormScopeKind, { name: 'StatFormScopeKind' });

export const CSV_DELIMITER_CHAR: Record<CsvDelimiter, ';' | ','> = { [CsvDelimiter.SEMICOLON]: ';', [CsvDelimiter.COMMA]: ',' };

@InputType()
export class ExportStatFormInput {
  @Field(() => StatFormCode) @IsEnum(StatFormCode) form: StatFormCode;

  @Field(() => ID, { nullable: true, description: 'A region-level export (MONITORING_SUMMARY by district, FEDERAL_FORM)' })
  @IsOptional()
  @IsUUID('loose')
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A district-level export (TARGET_PLAN, MONITORING_SUMMARY by school, ROADMAP_MATRIX)' })
  @IsOptional()
  @IsUUID('loose')
  districtId?: string | null;

  @Field(() => Int, {
    description:
      'The quarter’s year; for TARGET_PLAN the first plan year (the plan runs to the last year of the schedule); for ROADMAP_MATRIX the school year (2025 = 2025/2026)',
  })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => Int, { nullable: true, description: '1–4; required by MONITORING_SUMMARY and FEDERAL_FORM' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number | null;

  @Field(() => ExportFormat) @IsEnum(ExportFormat) format: ExportFormat;

  @Field(() => CsvDelimiter, { nullable: true, description: 'CSV only; SEMICOLON by default' })
  @IsOptional()
  @IsEnum(CsvDelimiter)
  csvDelimiter?: CsvDelimiter | null;

  @Field(() => Int, { nullable: true, description: 'A layout version of the form (see statForms); the latest by default' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  formVersion?: number | null;
}

@ArgsType()
export class StatFormExportArgs {
  @Field(() => ID) @IsUUID('loose') id: string;
}

@ArgsType()
export class StatFormExportsArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('loose') districtId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('loose') regionId?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  first?: number | null;
}

@ObjectType('StatFormExport', { description: 'A statistical form generated for a scope and period, and its file' })
export class StatFormExportType {
  @Field(() => ID) id: string;
  @Field(() => StatFormCode) form: StatFormCode;
  @Field(() => Int) formVersion: number;
  @Field(() => StatFormScopeKind) scopeKind: StatFormScopeKind;
  @Field(() => ID) regionId: string;
  @Field(() => ID, { nullable: true }) districtId: string | null;
  @Field(() => Int) year: number;
  @Field(() => Int, { nullable: true, description: 'TARGET_PLAN: the last plan year' }) toYear: number | null;
  @Field(() => Int, { nullable: true }) quarter: number | null;
  @Field(() => ExportFormat) format: ExportFormat;
  @Field(() => CsvDelimiter, { nullable: true }) csvDelimiter: CsvDelimiter | null;
  @Field(() => StatFormExportState) state: StatFormExportState;
  @Field(() => Int, { description: '0–100' }) progress: number;
  @Field(() => String, { description: 'Fingerprint of the data the export was made from; equal requests over equal data share an export' })
  dataVersion: string;
  @Field(() => String, { nullable: true, description: 'The title written in the form' }) title: string | null;
  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the file, once completed (kept after it expired)' }) sha256:
    string | null;
  @Field(() => Int, { nullable: true }) bytes: number | null;
  @Field(() => Int, { nullable: true, description: 'Data rows in the file (without header and ИТОГО)' }) rows: number | null;
  @Field(() => String, { nullable: true, description: 'The file name a download is saved as' }) fileName: string | null;
  @Field(() => String, { nullable: true, description: 'GET it on the API server with the same bearer token, while COMPLETED' })
  downloadUrl: string | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the file is removed; a new request then makes a fresh one' })
  expiresAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Monitoring forms: when the monitoring snapshot the figures come from was computed; null without one or for other forms',
  })
  snapshotComputedAt: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Monitoring forms: the plan (enrollment, schedule) or the quarter's reports changed after that snapshot, when the export was " +
      'requested — its figures are out of date until runMonitoring recomputes it; null for other forms',
  })
  snapshotStale: boolean | null;
}

@ObjectType('StatForm', { description: 'A form definition (kept as data under libs/reporting/forms)' })
export class StatFormType {
  @Field(() => StatFormCode) code: StatFormCode;
  @Field(() => Int) version: number;
  @Field(() => Boolean, { description: 'The version exportStatForm uses unless formVersion is given' }) latest: boolean;
  @Field({ description: 'Title template; {scopeName} and {period} are filled in per export' }) title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => [StatFormScopeKind], { description: 'Scopes the form can be made for' }) scopeKinds: StatFormScopeKind[];
  @Field(() => Boolean, { description: 'Whether an export needs a quarter' }) quarterly: boolean;
}
