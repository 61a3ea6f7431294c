import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useId, useState } from 'react';
import { formatDateTime, t } from '../../i18n';
import { ExportFormat, StatFormCode } from '../../shared/api/enums';
import { downloadWithToken } from '../../shared/api/graphql-client';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { isFinished } from '../../shared/lib/job-run';
import { selectableYears, usePeriod } from '../../shared/lib/period';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { JobProgress } from '../../shared/ui/JobProgress';
import { Notice } from '../../shared/ui/Notice';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession } from '../auth/session';
import { RUN_MONITORING, RUN_REGION_MONITORING } from '../monitoring/monitoring-operations';
import { EXPORT_STAT_FORM, STAT_FORM_EXPORT, STAT_FORM_EXPORTS, StatFormExport } from './export-operations';

const QUARTERLY: Record<StatFormCode, boolean> = {
  TARGET_PLAN: false,
  MONITORING_SUMMARY: true,
  FEDERAL_FORM: true,
  ROADMAP_MATRIX: false,
};

/** The first year a form asks for by default: the plan from its start, the roadmap's current school year (from 1 September), else the page's year. */
function defaultYear(form: StatFormCode, now: { year: number }): number {
  if (form === 'TARGET_PLAN') return 2020;
  if (form === 'ROADMAP_MATRIX') {
    const today = new Date();
    return today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
  }
  return now.year;
}

export type ExportScope = { districtId: string; regionId?: undefined } | { regionId: string; districtId?: undefined };

function periodText(item: Pick<StatFormExport, 'form' | 'year' | 'toYear' | 'quarter'>): string {
  if (item.quarter) return t.period.short(item.year, item.quarter);
  return item.toYear ? `${item.year}–${item.toYear}` : String(item.year);
}

/**
 * A monitoring export made from a snapshot older than the plan or the quarter's reports: says when
 * its figures were computed and offers the recompute (the export itself does not start one).
 */
function StaleSnapshot({ scope, item }: { scope: ExportScope; item: StatFormExport }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const district = useApiMutation(RUN_MONITORING, { onSuccess: (data) => setJobId(data.runMonitoring.id) });
  const region = useApiMutation(RUN_REGION_MONITORING, { onSuccess: (data) => setJobId(data.runRegionMonitoring.id) });
  const pending = district.isPending || region.isPending || (!!jobId && !done);
  const period = { year: item.year, quarter: item.quarter ?? 1 };
  return (
    <div data-testid="stale-snapshot">
      <Notice kind="warning">{t.exports.staleSnapshot(formatDateTime(item.snapshotComputedAt))}</Notice>
      {!done && (
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() =>
            scope.districtId
              ? district.mutate({ districtId: scope.districtId, ...period })
              : region.mutate({ regionId: scope.regionId!, ...period })
          }
        >
          {t.exports.recompute}
        </button>
      )}
      {jobId && <JobProgress jobId={jobId} label={t.exports.recompute} onDone={(job) => setDone(job.state === 'COMPLETED')} />}
      {done && <Notice>{t.exports.recomputed}</Notice>}
      {district.error && <ErrorMessage error={district.error} />}
      {region.error && <ErrorMessage error={region.error} />}
    </div>
  );
}

/** Downloads a finished export with the session's token (the link needs it, so a plain <a> cannot). */
function useDownload() {
  const session = useSession();
  const [state, setState] = useState<{ saved?: string; error?: unknown }>({});
  const download = async (item: StatFormExport) => {
    const token = session.token();
    if (!item.downloadUrl || !token) return;
    setState({});
    try {
      const name = await downloadWithToken(item.downloadUrl, token, item.fileName ?? `${item.form}.${item.format.toLowerCase()}`);
      setState({ saved: name });
    } catch (error) {
      setState({ error });
    }
  };
  return { download, clear: () => setState({}), ...state };
}

/**
 * Statistical forms of a district or a region: choose the form, format and period, follow the
 * background job, download the file. Earlier exports of the scope are listed below.
 */
export function ExportPanel({ scope, forms }: { scope: ExportScope; forms: StatFormCode[] }) {
  const id = useId();
  // A quarterly form starts at the period the page shows (?year=&quarter=), else the current one.
  const [now] = usePeriod();
  const [form, setForm] = useState<StatFormCode>(forms[0]!);
  const [format, setFormat] = useState<ExportFormat>('XLSX');
  const [year, setYear] = useState(defaultYear(form, now));
  const [quarter, setQuarter] = useState(now.quarter);
  const [exportId, setExportId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { download, clear: clearDownload, saved, error: downloadError } = useDownload();
  const create = useApiMutation(EXPORT_STAT_FORM, { onSuccess: (data) => setExportId(data.exportStatForm.id) });
  const current = useApiQuery(
    STAT_FORM_EXPORT,
    { id: exportId ?? '' },
    {
      enabled: !!exportId,
      refetchInterval: (q) => (isFinished(q.state.data?.statFormExport.state) ? false : 800),
      refetchIntervalInBackground: true,
    },
  );
  const history = useApiQuery(STAT_FORM_EXPORTS, { districtId: scope.districtId ?? null, regionId: scope.regionId ?? null });
  const item = current.data?.statFormExport;
  const finished = item && isFinished(item.state);
  const finishedId = finished ? item.id : null;
  // A finished export joins the list below.
  useEffect(() => {
    if (finishedId) void queryClient.invalidateQueries({ queryKey: operationKey(STAT_FORM_EXPORTS) });
  }, [finishedId, queryClient]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setExportId(null);
    // A new export: the notice about an earlier file no longer applies.
    clearDownload();
    create.mutate({
      input: {
        form,
        format,
        year,
        quarter: QUARTERLY[form] ? quarter : null,
        districtId: scope.districtId ?? null,
        regionId: scope.regionId ?? null,
      },
    });
  }

  return (
    <>
      <p className="muted">{t.exports.intro}</p>
      <form className="panel export-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-form`}>{t.exports.form}</label>
          <select
            id={`${id}-form`}
            value={form}
            onChange={(e) => {
              const next = e.target.value as StatFormCode;
              setForm(next);
              setYear(defaultYear(next, now));
            }}
          >
            {forms.map((code) => (
              <option key={code} value={code}>
                {t.exports.forms[code]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="radio-group">
          <legend>{t.exports.format}</legend>
          {(['XLSX', 'CSV'] as ExportFormat[]).map((value) => (
            <label key={value} className="radio">
              <input type="radio" name={`${id}-format`} value={value} checked={format === value} onChange={() => setFormat(value)} />
              {t.exports.formats[value]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-year`}>{QUARTERLY[form] ? t.exports.year : t.exports.firstYear}</label>
          <select id={`${id}-year`} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {selectableYears().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {QUARTERLY[form] && (
          <div className="field">
            <label htmlFor={`${id}-quarter`}>{t.exports.quarter}</label>
            <select id={`${id}-quarter`} value={quarter} onChange={(e) => setQuarter(Number(e.target.value))}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t.period.quarterOption(q)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={create.isPending || (!!exportId && !finished)}>
            {create.isPending || (exportId && !finished) ? t.exports.creating : t.exports.create}
          </button>
        </div>
      </form>
      {create.error && <ErrorMessage error={create.error} />}
      {current.error && <ErrorMessage error={current.error} />}
      {item && (
        <div className="panel export-result" data-testid="export-result">
          <p>
            <strong>{t.exports.forms[item.form]}</strong> · {periodText(item)} · {t.exports.formats[item.format] ?? item.format}
          </p>
          <ProgressBar label={t.exports.forms[item.form] ?? item.form} state={item.state} progress={item.progress} error={item.error} />
          {item.snapshotStale && <StaleSnapshot key={item.id} scope={scope} item={item} />}
          {item.state === 'COMPLETED' && item.downloadUrl && (
            <button type="button" className="button primary" onClick={() => void download(item)}>
              {t.exports.download} {item.fileName ? `(${item.fileName})` : ''}
            </button>
          )}
        </div>
      )}
      {saved && <Notice>{t.exports.downloaded(saved)}</Notice>}
      {downloadError !== undefined && <ErrorMessage error={downloadError} />}
      <section aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>{t.exports.historyCaption}</h2>
        <QueryState query={history} isEmpty={(answer) => answer.statFormExports.length === 0} empty={t.exports.noHistory}>
          {(answer) => (
            <TableScroll label={t.exports.historyCaption}>
              <table className="data-table">
                <caption className="visually-hidden">{t.exports.historyCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.exports.form}</th>
                    <th scope="col">{t.period.legend}</th>
                    <th scope="col">{t.exports.format}</th>
                    <th scope="col">{t.exports.createdAt}</th>
                    <th scope="col">{t.exports.state}</th>
                    <th scope="col">{t.exports.download}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.statFormExports.map((entry) => (
                    <tr key={entry.id}>
                      <th scope="row">{t.exports.forms[entry.form] ?? entry.form}</th>
                      <td>{periodText(entry)}</td>
                      <td>{entry.format}</td>
                      <td>{formatDateTime(entry.createdAt)}</td>
                      <td>{t.jobState[entry.state] ?? entry.state}</td>
                      <td>
                        {entry.state === 'COMPLETED' && entry.downloadUrl ? (
                          <button
                            type="button"
                            className="button ghost small"
                            onClick={() => void download(entry)}
                            aria-label={`${t.exports.download}: ${t.exports.forms[entry.form]}, ${periodText(entry)}, ${entry.format}`}
                          >
                            {t.exports.download}
                          </button>
                        ) : (
                          t.app.notAvailable
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryState>
      </section>
    </>
  );
}
