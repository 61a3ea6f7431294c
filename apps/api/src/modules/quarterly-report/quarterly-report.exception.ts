import { FigureError, FigureWarning } from '@mm/domain';
import { AppErrorCode, moduleException } from '../../engine/errors';

export enum QuarterlyReportExceptionCode {
  /** Hard rules refused the figures (each failing figure is a problem). */
  INVALID_FIGURES = 'INVALID_FIGURES',
  /** A submit with soft warnings, a return or a reopen without a comment. */
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  INVALID_DEADLINE = 'INVALID_DEADLINE',
  /** An update without expectedVersion. */
  VERSION_REQUIRED = 'VERSION_REQUIRED',
  /** expectedVersion is not the report's current version (someone changed it since it was read). */
  STALE_VERSION = 'STALE_VERSION',
  /** The action is not possible in the report's status (e.g. saving an approved report). */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  PERIOD_CLOSED = 'PERIOD_CLOSED',
  /** The district signed the quarter off to the region (or the region accepted it). */
  DISTRICT_QUARTER_SIGNED_OFF = 'DISTRICT_QUARTER_SIGNED_OFF',
  PERIOD_NOT_CLOSED = 'PERIOD_NOT_CLOSED',
  /** Closing a period whose deadline has not passed yet. */
  PERIOD_NOT_DUE = 'PERIOD_NOT_DUE',
  /** The idempotency key was used before for a different request. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  ACTION_NOT_ALLOWED = 'ACTION_NOT_ALLOWED',
  REPORT_NOT_FOUND = 'REPORT_NOT_FOUND',
  CATALOGUE_NOT_FOUND = 'CATALOGUE_NOT_FOUND',
}

const CODES: Record<QuarterlyReportExceptionCode, AppErrorCode> = {
  [QuarterlyReportExceptionCode.INVALID_FIGURES]: AppErrorCode.BAD_USER_INPUT,
  [QuarterlyReportExceptionCode.COMMENT_REQUIRED]: AppErrorCode.BAD_USER_INPUT,
  [QuarterlyReportExceptionCode.INVALID_DEADLINE]: AppErrorCode.BAD_USER_INPUT,
  [QuarterlyReportExceptionCode.VERSION_REQUIRED]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.STALE_VERSION]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.INVALID_TRANSITION]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.PERIOD_CLOSED]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.DISTRICT_QUARTER_SIGNED_OFF]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.PERIOD_NOT_CLOSED]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.PERIOD_NOT_DUE]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.IDEMPOTENCY_KEY_REUSED]: AppErrorCode.CONFLICT,
  [QuarterlyReportExceptionCode.ACTION_NOT_ALLOWED]: AppErrorCode.FORBIDDEN,
  [QuarterlyReportExceptionCode.REPORT_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [QuarterlyReportExceptionCode.CATALOGUE_NOT_FOUND]: AppErrorCode.NOT_FOUND,
};

export interface PeriodRef {
  regionId: string;
  year: number;
  quarter: number;
}

/** Expected errors of quarterly reports and reporting periods. */
export class QuarterlyReportException extends moduleException<QuarterlyReportExceptionCode>(CODES) {
  static invalidFigures(errors: readonly FigureError[]): QuarterlyReportException {
    return new QuarterlyReportException(
      QuarterlyReportExceptionCode.INVALID_FIGURES,
      `The report has ${errors.length} invalid figure(s): ${errors.map((e) => e.message).join('; ')}`,
      errors.map((e) => ({ field: e.code, message: e.message, rule: e.rule })),
    );
  }

  static commentRequired(message: string, warnings: readonly FigureWarning[] = []): QuarterlyReportException {
    return new QuarterlyReportException(
      QuarterlyReportExceptionCode.COMMENT_REQUIRED,
      message,
      [{ field: 'comment', message, rule: 'COMMENT_REQUIRED' }],
      warnings.length ? { warnings: warnings.map((w) => ({ code: w.code, rule: w.rule, message: w.message })) } : {},
    );
  }

  static versionRequired(currentVersion: number): QuarterlyReportException {
    return new QuarterlyReportException(
      QuarterlyReportExceptionCode.VERSION_REQUIRED,
      `The report already exists (version ${currentVersion}): send expectedVersion with the version you edited`,
      [{ field: 'expectedVersion', message: 'required to change an existing report' }],
      { currentVersion },
    );
  }

  static staleVersion(expected: number | null, currentVersion: number | null, status?: string | null): QuarterlyReportException {
    const message =
      currentVersion === null
        ? `There is no such report yet, but expectedVersion ${expected} was sent: reload the report`
        : `The report changed since it was read: expected version ${expected ?? 'none'}, current version ${currentVersion}; reload it and apply your change again`;
    return new QuarterlyReportException(QuarterlyReportExceptionCode.STALE_VERSION, message, [], {
      currentVersion,
      ...(status ? { currentStatus: status } : {}),
    });
  }

  static invalidTransition(message: string, status: string | null, currentVersion: number | null): QuarterlyReportException {
    return new QuarterlyReportException(QuarterlyReportExceptionCode.INVALID_TRANSITION, message, [], {
      currentStatus: status,
      currentVersion,
    });
  }

  static periodClosed(period: PeriodRef): QuarterlyReportException {
    return new QuarterlyReportException(
      QuarterlyReportExceptionCode.PERIOD_CLOSED,
      `The reporting period ${period.year} Q${period.quarter} is closed for the region: its reports accept no changes`,
      [],
      { period },
    );
  }

  static districtQuarterSignedOff(period: PeriodRef, state: string): QuarterlyReportException {
    return new QuarterlyReportException(
      QuarterlyReportExceptionCode.DISTRICT_QUARTER_SIGNED_OFF,
      `The district's quarter ${period.year} Q${period.quarter} is ${state === 'ACCEPTED' ? 'accepted by the region' : 'signed off'}: its reports accept no changes`,
      [],
      { period: { year: period.year, quarter: period.quarter }, state },
    );
  }

  static notAllowed(message: string): QuarterlyReportException {
    return new QuarterlyReportException(QuarterlyReportExceptionCode.ACTION_NOT_ALLOWED, message);
  }

  static reportNotFound(field = 'id'): QuarterlyReportException {
    return new QuarterlyReportException(QuarterlyReportExceptionCode.REPORT_NOT_FOUND, 'Quarterly report not found', [
      { field, message: 'Quarterly report not found' },
    ]);
  }
}
