import { Logger } from '@nestjs/common';
import {
  AppErrorCode,
  FieldProblem,
  moduleException,
  PG_INSUFFICIENT_PRIVILEGE,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from '../../engine/errors';

export enum RoadmapExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  /** A stage needs a document and the completion gives none. */
  EVIDENCE_REQUIRED = 'EVIDENCE_REQUIRED',
  ROADMAP_NOT_FOUND = 'ROADMAP_NOT_FOUND',
  STAGE_NOT_FOUND = 'STAGE_NOT_FOUND',
  /** The stage or school is outside the actor's scope, or the stage is of another district than the school. */
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  /** The district already has a roadmap for the school year. */
  ALREADY_PUBLISHED = 'ALREADY_PUBLISHED',
  /** expectedVersion is not the current version: someone changed it since it was read. */
  STALE_VERSION = 'STALE_VERSION',
  /** Completing a stage the school has already done (and the district has not rejected). */
  ALREADY_DONE = 'ALREADY_DONE',
  /** Rejecting a stage the school has not marked done. */
  NOT_COMPLETED = 'NOT_COMPLETED',
}

const CODES: Record<RoadmapExceptionCode, AppErrorCode> = {
  [RoadmapExceptionCode.INVALID_INPUT]: AppErrorCode.BAD_USER_INPUT,
  [RoadmapExceptionCode.EVIDENCE_REQUIRED]: AppErrorCode.BAD_USER_INPUT,
  [RoadmapExceptionCode.ROADMAP_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [RoadmapExceptionCode.STAGE_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [RoadmapExceptionCode.OUT_OF_SCOPE]: AppErrorCode.FORBIDDEN,
  [RoadmapExceptionCode.ALREADY_PUBLISHED]: AppErrorCode.CONFLICT,
  [RoadmapExceptionCode.STALE_VERSION]: AppErrorCode.CONFLICT,
  [RoadmapExceptionCode.ALREADY_DONE]: AppErrorCode.CONFLICT,
  [RoadmapExceptionCode.NOT_COMPLETED]: AppErrorCode.CONFLICT,
};

/** Expected errors of roadmaps, their stages and the schools' completions. */
export class RoadmapException extends moduleException<RoadmapExceptionCode>(CODES) {
  static invalid(problems: FieldProblem[], code = RoadmapExceptionCode.INVALID_INPUT): RoadmapException {
    return new RoadmapException(code, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }

  static stageNotFound(field = 'stageId'): RoadmapException {
    return new RoadmapException(RoadmapExceptionCode.STAGE_NOT_FOUND, 'Roadmap stage not found', [
      { field, message: 'roadmap stage not found' },
    ]);
  }

  static outOfScope(message: string, field?: string): RoadmapException {
    return new RoadmapException(RoadmapExceptionCode.OUT_OF_SCOPE, message, field ? [{ field, message }] : []);
  }

  static alreadyPublished(schoolYear: number): RoadmapException {
    const message = `the district already has a roadmap for the school year ${schoolYear}/${schoolYear + 1}; edit its stages instead`;
    return new RoadmapException(RoadmapExceptionCode.ALREADY_PUBLISHED, `schoolYear: ${message}`, [{ field: 'schoolYear', message }]);
  }

  static staleVersion(what: string, currentVersion: number): RoadmapException {
    return new RoadmapException(
      RoadmapExceptionCode.STALE_VERSION,
      `The ${what} was changed by someone else (now version ${currentVersion}); reload it and try again`,
      [{ field: 'expectedVersion', message: `the current version is ${currentVersion}` }],
      { currentVersion },
    );
  }
}

const UNIQUE_CONSTRAINTS: Record<string, () => RoadmapException> = {
  roadmap_stage_completions_stage_school_key: () =>
    new RoadmapException(RoadmapExceptionCode.ALREADY_DONE, 'The stage was completed for this school at the same time by another request'),
};

const logger = new Logger('Roadmap');

/**
 * The database's refusals as answers: a unique violation raced past the checks becomes CONFLICT;
 * an RLS refusal (the second lock caught what the guards let through) FORBIDDEN.
 */
export function translateRoadmapDatabaseError(error: unknown, context: { schoolYear?: number } = {}): unknown {
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION) {
    const constraint = pgConstraint(error) ?? '';
    if (constraint === 'roadmaps_district_year_key' && context.schoolYear !== undefined)
      return RoadmapException.alreadyPublished(context.schoolYear);
    const known = UNIQUE_CONSTRAINTS[constraint];
    if (known) return known();
  }
  if (code === PG_INSUFFICIENT_PRIVILEGE) {
    logger.warn(`row-level security refused a write the guards allowed: ${(error as Error).message}`);
    return RoadmapException.outOfScope('The target is outside your scope');
  }
  return error;
}
