import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { QuarterlyReportAction, QuarterlyReportStatus } from '@mm/domain';

registerEnumType(QuarterlyReportStatus, {
  name: 'QuarterlyReportStatus',
  description:
    'DRAFT → SUBMITTED → APPROVED, or SUBMITTED → RETURNED → SUBMITTED again; the district may reopen an approved report (→ RETURNED)',
});
registerEnumType(QuarterlyReportAction, { name: 'QuarterlyReportAction' });

/** A school's report status in a quarter, MISSING when it has none. */
export const SchoolReportStatus = { MISSING: 'MISSING', ...QuarterlyReportStatus } as const;
export type SchoolReportStatus = (typeof SchoolReportStatus)[keyof typeof SchoolReportStatus];
registerEnumType(SchoolReportStatus, {
  name: 'SchoolReportStatus',
  description: "The status of a school's report for a quarter; MISSING: none yet",
});

export const FigureMeasure = { YEAR_TO_DATE: 'YEAR_TO_DATE', ON_DATE: 'ON_DATE' } as const;
export type FigureMeasure = (typeof FigureMeasure)[keyof typeof FigureMeasure];
registerEnumType(FigureMeasure, {
  name: 'FigureMeasure',
  description: 'YEAR_TO_DATE: unique people since 1 January (never goes down within a year); ON_DATE: a head count on the report date',
});

@ObjectType('QuarterlyReportFigure')
export class FigureModel {
  @Field() code: string;
  @Field(() => Int) value: number;
}

@ObjectType('QuarterlyReportWarning', {
  description:
    'A soft rule: the figure is possible but suspicious; submitting needs a comment (REGISTRY_DIFFERS needs none: it only tells)',
})
export class WarningModel {
  @Field() code: string;
  @Field({
    description: "DECREASE or JUMP; REGISTRY_DIFFERS on a save's or submit's answer when the school's registry gives another value",
  })
  rule: string;
  @Field() message: string;
  @Field(() => Int, { nullable: true, description: 'REGISTRY_DIFFERS: the value the registry gives' }) registryValue?: number | null;
}

@ObjectType('QuarterlyReportFigureChange')
export class FigureChangeModel {
  @Field() code: string;
  @Field(() => Int, { nullable: true, description: 'null: the figure was added' }) from: number | null;
  @Field(() => Int, { nullable: true, description: 'null: the figure was removed' }) to: number | null;
}

@ObjectType('QuarterlyReportAuthor')
export class AuthorModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => String, { nullable: true }) displayName: string | null;
  @Field() role: string;
}

@ObjectType('QuarterlyReportRevision', { description: 'One change of a report (append-only): who, when, what' })
export class RevisionModel {
  @Field(() => Int) version: number;
  @Field(() => QuarterlyReportAction) action: QuarterlyReportAction;
  @Field(() => QuarterlyReportStatus, { description: 'The status after the change' }) status: QuarterlyReportStatus;
  @Field(() => [FigureModel], { description: 'All figures after the change' }) figures: FigureModel[];
  @Field(() => [FigureChangeModel], { description: 'Figures changed against the previous revision' }) changes: FigureChangeModel[];
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field() authorRole: string;
  @Field() createdAt: Date;
  // Resolved per request with a DataLoader (author field); null for changes made by the platform.
  authorId: string | null;
}

@ObjectType('QuarterlyReport')
export class QuarterlyReportModel {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => ID) districtId: string;
  @Field(() => ID) regionId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field(() => QuarterlyReportStatus) status: QuarterlyReportStatus;
  @Field(() => Int, { description: 'Incremented by every change; send it back as expectedVersion' }) version: number;
  @Field(() => Int, { description: 'The catalogue version the figures were filled against' }) catalogueVersion: number;
  @Field(() => [FigureModel], { description: 'In catalogue order' }) figures: FigureModel[];
  @Field(() => String, {
    nullable: true,
    description: "The latest comment given with a change (the school's explanation or the district's reason)",
  })
  comment: string | null;
  @Field(() => Date, { nullable: true }) submittedAt: Date | null;
  @Field({ description: "Submitted after the period's deadline" }) submittedLate: boolean;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  // Not fields: the warnings field resolver uses `warnings` when the mutation computed them;
  // allowedActions needs to know whether the period is closed.
  warnings?: WarningModel[];
  periodClosed: boolean;
}

@ObjectType('DistrictQuarterlyReport', { description: 'A school of the district and its report for the quarter' })
export class DistrictReportModel {
  @Field(() => ID) schoolId: string;
  @Field() schoolCode: string;
  @Field() schoolName: string;
  @Field(() => SchoolReportStatus) status: SchoolReportStatus;
  @Field(() => QuarterlyReportModel, { nullable: true }) report: QuarterlyReportModel | null;
}

@ObjectType('QuarterlyReportSection')
export class CatalogueSectionModel {
  @Field() code: string;
  @Field() labelRu: string;
}

@ObjectType('QuarterlyReportElement', { description: 'A figure of the data set' })
export class CatalogueElementModel {
  @Field() code: string;
  @Field() labelRu: string;
  @Field({ description: 'Code of the section it is shown in' }) section: string;
  @Field({ description: 'Must be given (even as 0) to submit' }) required: boolean;
  @Field(() => FigureMeasure) measure: FigureMeasure;
  @Field(() => String, { nullable: true, description: 'The mentoring form of a per-form figure' }) form: string | null;
  @Field(() => String, { nullable: true, description: 'The source of an external-mentor figure' }) source: string | null;
  @Field(() => String, { nullable: true, description: 'The mentee category of a per-category figure' }) category: string | null;
}

@ObjectType('QuarterlyReportCatalogue', { description: 'The quarterly report data set, to render the form' })
export class CatalogueModel {
  @Field(() => Int) version: number;
  @Field(() => [CatalogueSectionModel]) sections: CatalogueSectionModel[];
  @Field(() => [CatalogueElementModel]) elements: CatalogueElementModel[];
}

@ObjectType('ReportingPeriod', { description: 'A quarter of a region: its deadline and whether it is closed' })
export class ReportingPeriodModel {
  @Field(() => ID) regionId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) quarter: number;
  @Field({ description: 'YYYY-MM-DD, Moscow time; submissions after this day are flagged late' }) deadline: string;
  @Field({ description: 'No deadline was set for the region: the 10th day of the month after the quarter' })
  defaultDeadline: boolean;
  @Field() deadlinePassed: boolean;
  @Field({ description: 'A closed period accepts no changes to its reports' }) closed: boolean;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
}
