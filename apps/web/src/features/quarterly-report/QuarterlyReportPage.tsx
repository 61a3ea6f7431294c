import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, t } from '../../i18n';
import { ApiError, FieldProblem } from '../../shared/api/graphql-client';
import { operationKey, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { usePeriod } from '../../shared/lib/period';
import { problemLine, problemMessage } from '../../shared/lib/problems';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { ReportStatusBadge } from '../../shared/ui/ReportStatusBadge';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession, useUser } from '../auth/session';
import { fillFromRegistry, registryDifferences } from '../registry/registry';
import { REGISTRY_FIGURES } from '../registry/registry-operations';
import { REPORTING_PERIOD, SCHOOL_REPORTING_EXTENSION } from '../reporting-workflow/reporting-workflow-operations';
import { randomId } from './ids';
import {
  Catalogue,
  CatalogueElement,
  Figure,
  FigureWarning,
  QUARTERLY_REPORT,
  QUARTERLY_REPORT_CATALOGUE,
  QuarterlyReport,
  SAVE_QUARTERLY_REPORT,
  SUBMIT_QUARTERLY_REPORT,
} from './quarterly-report-operations';
import { figuresOf, FormValues, problemsByField, sameFigures, valuesOf, warningsByCode } from './report-form';

type Outcome = { kind: 'saved' | 'submitted' } | { kind: 'error'; error: unknown } | { kind: 'conflict' } | null;

export function QuarterlyReportPage() {
  const { schoolId = '' } = useParams();
  const user = useUser();
  const [period, setPeriod] = usePeriod();
  const school = useSchool(schoolId);
  const catalogue = useApiQuery(QUARTERLY_REPORT_CATALOGUE, {}, { staleTime: Infinity });
  const reportVariables = { schoolId, year: period.year, quarter: period.quarter };
  const report = useApiQuery(QUARTERLY_REPORT, reportVariables);
  const regionId = school?.regionId ?? user.regionId;
  const reportingPeriod = useApiQuery(
    REPORTING_PERIOD,
    { regionId: regionId ?? '', year: period.year, quarter: period.quarter },
    { enabled: !!regionId, retry: false },
  );

  // An extension lets this school into a closed quarter until its last day.
  const extension = useApiQuery(SCHOOL_REPORTING_EXTENSION, reportVariables, { enabled: !!reportingPeriod.data?.reportingPeriod.closed });

  return (
    <section>
      <PageHeader title={t.form.title} scope={school ? `${school.code} — ${school.name}` : null} />
      <PeriodPicker value={period} onChange={setPeriod} />
      {reportingPeriod.data && (
        <p className="muted period-info">
          {t.periods.deadline}: {formatDate(reportingPeriod.data.reportingPeriod.deadline)}
          {reportingPeriod.data.reportingPeriod.closed && !extension.data?.schoolReportingExtension?.inForce && (
            <strong> · {t.form.periodClosed}</strong>
          )}
          {extension.data?.schoolReportingExtension?.inForce && (
            <strong> · {t.form.extendedUntil(formatDate(extension.data.schoolReportingExtension.until))}</strong>
          )}
        </p>
      )}
      <QueryState
        query={{
          isPending: catalogue.isPending || report.isPending,
          error: catalogue.error ?? report.error,
          data: catalogue.data &&
            report.data && { catalogue: catalogue.data.quarterlyReportCatalogue, report: report.data.quarterlyReport },
          refetch: () => (catalogue.error ? catalogue.refetch() : report.refetch()),
        }}
        retry
      >
        {(loaded) => (
          <ReportForm
            key={`${schoolId}-${period.year}-${period.quarter}`}
            catalogue={loaded.catalogue}
            report={loaded.report}
            schoolId={schoolId}
            year={period.year}
            quarter={period.quarter}
            reload={() => report.refetch()}
          />
        )}
      </QueryState>
    </section>
  );
}

interface ReportFormProps {
  catalogue: Catalogue;
  report: QuarterlyReport | null;
  schoolId: string;
  year: number;
  quarter: number;
  reload: () => Promise<unknown>;
}

function ReportForm({ catalogue, report, schoolId, year, quarter, reload }: ReportFormProps) {
  const session = useSession();
  const queryClient = useQueryClient();
  const formId = useId();
  const order = useMemo(() => catalogue.elements.map((e) => e.code), [catalogue]);
  const knownCodes = useMemo(() => new Set(order), [order]);
  // Problems name figures by their Russian labels, not their codes.
  const figureLabels = useMemo(() => Object.fromEntries(catalogue.elements.map((e) => [e.code, e.labelRu])), [catalogue]);
  const draftKey = `mm.reportDraft.${schoolId}.${year}.${quarter}`;
  // Unsaved figures survive a reload, a change of quarter or leaving the page: kept in the tab's storage.
  const [restored] = useState(() => readDraft(draftKey));
  const [values, setValues] = useState<FormValues>(() => restored ?? valuesOf(report?.figures ?? []));
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [localErrors, setLocalErrors] = useState<string[]>([]);
  const [extraWarnings, setExtraWarnings] = useState<FigureWarning[] | null>(null);
  // The registry's figures, once the curator asked to fill from it: shown beside the typed ones.
  const [registry, setRegistry] = useState<Figure[] | null>(null);
  const [registryError, setRegistryError] = useState<unknown>(null);
  const loadedVersion = useRef(report?.version ?? 0);
  // A retried save of the same figures reuses its key, so a save that reached the server but whose
  // answer was lost is not stored twice.
  const pendingSave = useRef<{ payload: string; key: string } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const saveButtonRef = useRef<HTMLButtonElement>(null);
  const submitButtonRef = useRef<HTMLButtonElement>(null);
  // The pressed button is disabled while its request runs, which drops the browser's focus to the
  // page's top; once the request is done, focus returns to that button, or to the status message
  // when the button is gone (a submitted report is read-only).
  const refocus = useRef<'save' | 'submit' | null>(null);
  useEffect(() => {
    if (busy !== null || refocus.current === null) return;
    const button = refocus.current === 'save' ? saveButtonRef.current : submitButtonRef.current;
    refocus.current = null;
    (button ?? summaryRef.current)?.focus();
  }, [busy]);

  // A newer version from the server (after reload or our own save) replaces the form's values.
  useEffect(() => {
    if (report && report.version !== loadedVersion.current) {
      loadedVersion.current = report.version;
      setValues(valuesOf(report.figures));
    }
  }, [report]);

  const editable = !report || report.allowedActions.includes('SAVE');
  // Submitting saves unsaved figures first, so it is offered wherever saving is.
  const canSubmit = editable;
  const parsed = figuresOf(values, order);
  const dirty = !sameFigures(parsed.figures, report?.figures ?? []) || parsed.notIntegers.length > 0;
  useEffect(() => {
    if (dirty) writeDraft(draftKey, values);
    else writeDraft(draftKey, null);
  }, [dirty, draftKey, values]);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const warnings = extraWarnings ?? report?.warnings ?? [];
  const warningMap = warningsByCode(warnings);
  const apiError = outcome?.kind === 'error' && outcome.error instanceof ApiError ? outcome.error : null;
  const problems = problemsByField(apiError?.fields ?? [], knownCodes);
  const commentProblems = problems.get('comment') ?? [];
  // A difference from the registry only tells; the soft rules need the school's comment.
  const commentNeeded = warnings.some((w) => w.rule !== 'REGISTRY_DIFFERS');
  const registryValues = useMemo(() => new Map((registry ?? []).map((f) => [f.code, f.value])), [registry]);
  const differing = registry ? registryDifferences(values, registry) : new Set<string>();

  async function onFillFromRegistry() {
    setRegistryError(null);
    try {
      const { registryFigures } = await session.request(REGISTRY_FIGURES, { schoolId, year, quarter });
      setRegistry(registryFigures);
      setValues((current) => fillFromRegistry(current, registryFigures));
    } catch (error) {
      setRegistryError(error);
    }
  }

  function setCached(next: QuarterlyReport) {
    queryClient.setQueryData(operationKey(QUARTERLY_REPORT, { schoolId, year, quarter }), { quarterlyReport: next });
  }

  async function save(): Promise<QuarterlyReport | null> {
    const { figures, notIntegers } = figuresOf(values, order);
    setLocalErrors(notIntegers);
    if (notIntegers.length) {
      setOutcome(null);
      return null;
    }
    const payload = JSON.stringify({ figures, expectedVersion: report?.version ?? null, comment });
    if (pendingSave.current?.payload !== payload) pendingSave.current = { payload, key: randomId() };
    const { saveQuarterlyReport } = await session.request(SAVE_QUARTERLY_REPORT, {
      input: {
        schoolId,
        year,
        quarter,
        figures: figures as Figure[],
        expectedVersion: report?.version ?? null,
        idempotencyKey: pendingSave.current.key,
        comment: comment.trim() || null,
      },
    });
    pendingSave.current = null;
    loadedVersion.current = saveQuarterlyReport.version;
    setValues(valuesOf(saveQuarterlyReport.figures));
    setCached(saveQuarterlyReport);
    return saveQuarterlyReport;
  }

  function fail(error: unknown) {
    if (
      error instanceof ApiError &&
      error.code === 'CONFLICT' &&
      (error.reason === 'STALE_VERSION' || error.reason === 'VERSION_REQUIRED')
    ) {
      setOutcome({ kind: 'conflict' });
    } else {
      setOutcome({ kind: 'error', error });
      if (error instanceof ApiError && Array.isArray(error.extensions.warnings))
        setExtraWarnings(error.extensions.warnings as FigureWarning[]);
    }
    queueMicrotask(() => summaryRef.current?.focus());
  }

  async function onSave(event?: FormEvent) {
    event?.preventDefault();
    setBusy('save');
    setOutcome(null);
    setExtraWarnings(null);
    try {
      const saved = await save();
      if (saved) {
        setOutcome({ kind: 'saved' });
        refocus.current = 'save';
      } else queueMicrotask(() => summaryRef.current?.focus());
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setBusy('submit');
    setOutcome(null);
    setExtraWarnings(null);
    try {
      let current = report;
      if (!current || dirty) {
        current = await save();
        if (!current) {
          queueMicrotask(() => summaryRef.current?.focus());
          return;
        }
      }
      const { submitQuarterlyReport } = await session.request(SUBMIT_QUARTERLY_REPORT, {
        id: current.id,
        expectedVersion: current.version,
        comment: comment.trim() || null,
      });
      loadedVersion.current = submitQuarterlyReport.version;
      setCached(submitQuarterlyReport);
      setComment('');
      setOutcome({ kind: 'submitted' });
      refocus.current = 'submit';
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  }

  async function onReload() {
    setOutcome(null);
    setExtraWarnings(null);
    loadedVersion.current = -1;
    await reload();
  }

  const errorCount = localErrors.length + (apiError?.fields.filter((p) => p.field !== 'comment').length ?? 0);
  const sections = catalogue.sections.filter((section) => catalogue.elements.some((e) => e.section === section.code));

  return (
    <>
      <div className="report-status">
        <span>{t.form.status}: </span>
        <ReportStatusBadge status={report?.status ?? 'MISSING'} />
        {report && <span className="muted"> · {t.form.version(report.version)}</span>}
        <span className="muted"> · {t.form.catalogueVersion(catalogue.version)}</span>
      </div>
      {!report && <p>{t.form.notStarted}</p>}
      {restored && dirty && editable && (
        <div className="alert alert-info" role="status">
          <p>{t.form.draftRestored}</p>
          <button type="button" className="button secondary small" onClick={() => setValues(valuesOf(report?.figures ?? []))}>
            {t.form.discardDraft}
          </button>
        </div>
      )}
      {report?.status === 'RETURNED' && report.comment && (
        <div className="alert alert-warning" role="note">
          <p className="alert-title">{t.form.returnedWithComment}</p>
          <p>{report.comment}</p>
        </div>
      )}
      {report && !editable && <Notice kind="info">{t.form.readOnly[report.status] ?? t.form.periodClosed}</Notice>}

      <div ref={summaryRef} tabIndex={-1} className="form-summary">
        {outcome?.kind === 'saved' && <Notice>{t.form.saved}</Notice>}
        {outcome?.kind === 'submitted' && <Notice>{t.form.submitted}</Notice>}
        {outcome?.kind === 'conflict' && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t.form.conflictTitle}</p>
            <p>{t.form.conflictText}</p>
            <button type="button" className="button secondary" onClick={() => void onReload()}>
              {t.form.reload}
            </button>
          </div>
        )}
        {errorCount > 0 && (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t.form.errorsSummary(errorCount)}</p>
            {/* Each error links to its figure, so the keyboard goes straight to what must be fixed. */}
            <ul>
              {localErrors.map((code) => (
                <li key={`local-${code}`}>
                  <a href={`#figure-${code}`}>
                    {figureLabels[code] ?? code}: {t.errors.rules.NOT_INTEGER}
                  </a>
                </li>
              ))}
              {(apiError?.fields ?? [])
                .filter((p) => p.field !== 'comment')
                .map((p, i) => {
                  const code = [...knownCodes].find((c) => p.field === c || p.field.endsWith(`.${c}`));
                  return (
                    <li key={`server-${i}`}>
                      {code ? (
                        <a href={`#figure-${code}`}>{problemLine({ ...p, field: code }, figureLabels)}</a>
                      ) : (
                        problemLine(p, figureLabels)
                      )}
                    </li>
                  );
                })}
            </ul>
          </div>
        )}
        {outcome?.kind === 'error' && errorCount === 0 && <ErrorMessage error={outcome.error} labels={figureLabels} />}
        {warnings.length > 0 && (
          <div className="alert alert-warning" role="status">
            {t.form.warningsSummary(warnings.length)}
          </div>
        )}
      </div>

      {editable && (
        <div className="registry-fill">
          <button type="button" className="button secondary" onClick={() => void onFillFromRegistry()} disabled={busy !== null}>
            {t.registry.fillFromRegistry}
          </button>
          {registry && (
            <p className="muted small" role="status">
              {t.registry.fillHint} {t.registry.differences(differing.size)}
            </p>
          )}
          {registryError !== null && <ErrorMessage error={registryError} />}
        </div>
      )}

      <form id={formId} className="report-form" onSubmit={onSave} noValidate aria-describedby={`${formId}-legend`}>
        <p id={`${formId}-legend`} className="muted small">
          {t.app.requiredLegend}
        </p>
        {sections.map((section) => (
          <fieldset key={section.code} className="form-section">
            <legend>{section.labelRu}</legend>
            {catalogue.elements
              .filter((element) => element.section === section.code)
              .map((element) => (
                <FigureField
                  key={element.code}
                  element={element}
                  value={values[element.code] ?? ''}
                  disabled={!editable || busy !== null}
                  onChange={(value) => setValues((current) => ({ ...current, [element.code]: value }))}
                  problems={problems.get(element.code) ?? []}
                  notInteger={localErrors.includes(element.code)}
                  warnings={warningMap.get(element.code) ?? []}
                  registryValue={registryValues.get(element.code)}
                  differs={differing.has(element.code)}
                />
              ))}
          </fieldset>
        ))}
        {problems.get('') && (
          <div className="alert alert-error" role="alert">
            <ul>
              {problems.get('')!.map((p, i) => (
                <li key={i}>{problemLine(p, figureLabels)}</li>
              ))}
            </ul>
          </div>
        )}
        {editable && (
          <div className="field comment-field">
            <label htmlFor={`${formId}-comment`}>
              {t.form.comment}
              {commentNeeded && (
                <>
                  <span className="required" aria-hidden="true">
                    {' '}
                    {t.app.requiredMark}
                  </span>
                  <span className="visually-hidden"> ({t.app.required})</span>
                </>
              )}
            </label>
            <textarea
              id={`${formId}-comment`}
              rows={3}
              maxLength={4000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-invalid={commentProblems.length > 0 || undefined}
              aria-describedby={`${formId}-comment-hint${commentProblems.length ? ` ${formId}-comment-error` : ''}`}
              disabled={busy !== null}
            />
            <p id={`${formId}-comment-hint`} className="hint">
              {commentNeeded ? t.form.commentRequired : t.form.commentHint}
            </p>
            {commentProblems.length > 0 && (
              <p id={`${formId}-comment-error`} className="error-text">
                <span className="visually-hidden">{t.form.errorLabel}: </span>
                {commentProblems.map((p) => problemMessage(p)).join('; ')}
              </p>
            )}
          </div>
        )}
        {editable && (
          <div className="form-actions">
            {dirty && <span className="muted">{t.form.unsaved}</span>}
            <button ref={saveButtonRef} type="submit" className="button secondary" disabled={busy !== null}>
              {busy === 'save' ? t.form.saving : t.form.save}
            </button>
            {canSubmit && (
              <button
                ref={submitButtonRef}
                type="button"
                className="button primary"
                disabled={busy !== null}
                onClick={() => void onSubmit()}
              >
                {busy === 'submit' ? t.form.submitting : t.form.submit}
              </button>
            )}
          </div>
        )}
      </form>
      {report && <RevisionHistory report={report} catalogue={catalogue} />}
    </>
  );
}

interface FigureFieldProps {
  element: CatalogueElement;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  problems: FieldProblem[];
  notInteger: boolean;
  warnings: FigureWarning[];
  registryValue?: number;
  differs: boolean;
}

/** One figure: label with the required mark, the number, and the server's errors and warnings under it. */
function FigureField({ element, value, disabled, onChange, problems, notInteger, warnings, registryValue, differs }: FigureFieldProps) {
  const id = `figure-${element.code}`;
  const invalid = problems.length > 0 || notInteger;
  const describedBy = [invalid ? `${id}-error` : null, warnings.length ? `${id}-warning` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={`figure-field${invalid ? ' has-error' : ''}${warnings.length ? ' has-warning' : ''}${differs ? ' differs-from-registry' : ''}`}
      data-code={element.code}
    >
      <label htmlFor={id}>
        {element.labelRu}
        {element.required && (
          <>
            <span className="required" aria-hidden="true">
              {' '}
              {t.app.requiredMark}
            </span>
            <span className="visually-hidden"> ({t.app.required})</span>
          </>
        )}
      </label>
      <input
        id={id}
        name={element.code}
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        value={value}
        disabled={disabled}
        aria-required={element.required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {registryValue !== undefined && (
        <span className={`registry-value${differs ? ' differs' : ''}`} data-registry-value={registryValue}>
          {t.registry.registryValue(registryValue)}
        </span>
      )}
      {invalid && (
        <div id={`${id}-error`} className="error-text">
          <span className="visually-hidden">{t.form.errorLabel}: </span>
          {notInteger && <p>{t.errors.rules.NOT_INTEGER}</p>}
          {problems.map((problem, i) => (
            <p key={i}>{problemMessage(problem)}</p>
          ))}
        </div>
      )}
      {warnings.length > 0 && (
        <div id={`${id}-warning`} className="warning-text">
          <span className="visually-hidden">{t.form.warningLabel}: </span>
          {warnings.map((warning, i) => (
            <p key={i}>{t.warnings[warning.rule] ?? t.problems.warning}</p>
          ))}
        </div>
      )}
    </div>
  );
}

function RevisionHistory({ report, catalogue }: { report: QuarterlyReport; catalogue: Catalogue }) {
  const labels = new Map(catalogue.elements.map((e) => [e.code, e.labelRu]));
  const revisions = [...report.revisions].sort((a, b) => b.version - a.version);
  return (
    <section aria-labelledby="history-title" className="history">
      <h2 id="history-title">{t.form.historyTitle}</h2>
      {revisions.length === 0 ? (
        <p>{t.form.historyEmpty}</p>
      ) : (
        <TableScroll label={t.form.historyCaption}>
          <table className="data-table history-table">
            <caption className="visually-hidden">{t.form.historyCaption}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t.form.historyVersion}
                </th>
                <th scope="col">{t.form.historyWhen}</th>
                <th scope="col">{t.form.historyAction}</th>
                <th scope="col">{t.form.historyStatus}</th>
                <th scope="col">{t.form.historyAuthor}</th>
                <th scope="col">{t.form.historyComment}</th>
                <th scope="col">{t.form.historyChanges}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((revision) => (
                <tr key={revision.version}>
                  <td className="num" data-label={t.form.historyVersion}>
                    {revision.version}
                  </td>
                  <td data-label={t.form.historyWhen}>{formatDateTime(revision.createdAt)}</td>
                  <td data-label={t.form.historyAction}>{t.reportAction[revision.action] ?? revision.action}</td>
                  <td data-label={t.form.historyStatus}>
                    <ReportStatusBadge status={revision.status} />
                  </td>
                  <td data-label={t.form.historyAuthor}>
                    {revision.author ? (revision.author.displayName ?? revision.author.email) : t.app.notAvailable}
                  </td>
                  <td data-label={t.form.historyComment}>{revision.comment ?? ''}</td>
                  <td data-label={t.form.historyChanges}>
                    {revision.changes.length === 0 ? (
                      t.app.notAvailable
                    ) : (
                      <ul className="changes">
                        {revision.changes.map((change) => (
                          <li key={change.code}>
                            <span title={change.code}>{labels.get(change.code) ?? change.code}</span>
                            {t.form.changeFromTo(
                              change.from === null ? '—' : String(change.from),
                              change.to === null ? '—' : String(change.to),
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function readDraft(key: string): FormValues | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as FormValues) : null;
  } catch {
    return null;
  }
}

function writeDraft(key: string, values: FormValues | null): void {
  try {
    if (values) sessionStorage.setItem(key, JSON.stringify(values));
    else sessionStorage.removeItem(key);
  } catch {
    // Storage disabled or full: the draft lives only as long as the page.
  }
}
