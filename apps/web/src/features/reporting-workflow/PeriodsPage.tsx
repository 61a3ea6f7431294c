import { useQueries, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useRegionName } from '../../shared/api/organisation-lookups';
import { usePeriod } from '../../shared/lib/period';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { ADMIN_DISTRICTS, SET_REPORTING_DEADLINE } from '../administration/admin-operations';
import { useSession } from '../auth/session';
import { DISTRICT_QUARTERLY_REPORTS } from '../quarterly-report/quarterly-report-operations';
import { CLOSE_REPORTING_PERIOD, REOPEN_REPORTING_PERIOD, REPORTING_PERIOD } from './reporting-workflow-operations';
import { ReportingSettingsForm } from './ReportingSettingsForm';

const QUARTERS = [1, 2, 3, 4];

/** The region's four quarters of a year: deadlines, and closing a period once its deadline passed. */
export function PeriodsPage() {
  const { regionId = '' } = useParams();
  const session = useSession();
  const regionName = useRegionName(regionId);
  const [period, setPeriod] = usePeriod();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const year = period.year;
  const periods = useQueries({
    queries: QUARTERS.map((quarter) => {
      const variables = { regionId, year, quarter };
      return {
        queryKey: operationKey(REPORTING_PERIOD, variables),
        queryFn: ({ signal }: { signal: AbortSignal }) => session.request(REPORTING_PERIOD, variables, signal),
      };
    }),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: operationKey(REPORTING_PERIOD) });
  const close = useApiMutation(CLOSE_REPORTING_PERIOD, {
    onSuccess: (data) => {
      setMessage(t.periods.closedOk(t.period.long(data.closeReportingPeriod.year, data.closeReportingPeriod.quarter)));
      refresh();
    },
  });
  const reopen = useApiMutation(REOPEN_REPORTING_PERIOD, {
    onSuccess: (data) => {
      setMessage(t.periods.reopenedOk(t.period.long(data.reopenReportingPeriod.year, data.reopenReportingPeriod.quarter)));
      refresh();
    },
  });
  const error = close.error ?? reopen.error;
  const [closing, setClosing] = useState<number | null>(null);
  const [editingDeadline, setEditingDeadline] = useState<number | null>(null);
  const caption = t.periods.caption(year);

  return (
    <section>
      <PageHeader title={t.periods.title} scope={regionName} />
      <PeriodPicker
        value={period}
        onChange={(next) => {
          setMessage(null);
          setPeriod(next);
        }}
        quarter={false}
      />
      {message && <Notice>{message}</Notice>}
      {error && <ErrorMessage error={error} />}
      <QueryState query={{ isPending: periods.some((p) => p.isPending), error: periods.find((p) => p.error)?.error, data: periods }}>
        {() => (
          <TableScroll label={caption}>
            <table className="data-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.periods.quarter}</th>
                  <th scope="col">{t.periods.deadline}</th>
                  <th scope="col">{t.periods.state}</th>
                  <th scope="col">{t.reports.actions}</th>
                </tr>
              </thead>
              <tbody>
                {periods.map((query, index) => {
                  const p = query.data!.reportingPeriod;
                  const label = t.period.long(year, QUARTERS[index]!);
                  return (
                    <tr key={index}>
                      <th scope="row">{t.period.quarterOption(QUARTERS[index]!)}</th>
                      <td>
                        {editingDeadline === p.quarter ? (
                          <DeadlineForm
                            regionId={regionId}
                            year={year}
                            quarter={p.quarter}
                            current={p.deadline}
                            label={label}
                            onDone={(saved) => {
                              setEditingDeadline(null);
                              if (saved) {
                                setMessage(t.admin.deadline.saved(label));
                                refresh();
                              }
                            }}
                          />
                        ) : (
                          <>
                            {formatDate(p.deadline)}
                            {p.defaultDeadline && <span className="muted"> ({t.periods.defaultDeadline})</span>}
                            {!p.closed && (
                              <>
                                {' '}
                                <button
                                  type="button"
                                  className="button ghost small"
                                  aria-label={t.admin.deadline.label(label)}
                                  onClick={() => {
                                    setMessage(null);
                                    setEditingDeadline(p.quarter);
                                  }}
                                >
                                  {t.admin.deadline.edit}
                                </button>
                              </>
                            )}
                          </>
                        )}
                      </td>
                      <td>
                        {p.closed
                          ? t.periods.closed(formatDateTime(p.closedAt))
                          : p.deadlinePassed
                            ? t.periods.open
                            : `${t.periods.open}, ${t.periods.notDue}`}
                      </td>
                      <td>
                        {p.closed ? (
                          <button
                            type="button"
                            className="button secondary small"
                            disabled={reopen.isPending}
                            onClick={() => reopen.mutate({ regionId, year, quarter: p.quarter })}
                            aria-label={`${t.periods.reopen}: ${label}`}
                          >
                            {t.periods.reopen}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button primary small"
                            disabled={close.isPending || !p.deadlinePassed}
                            aria-label={`${t.periods.close}: ${label}`}
                            onClick={() => setClosing(p.quarter)}
                          >
                            {t.periods.close}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </QueryState>
      {closing !== null && (
        <ClosePeriodDialog
          regionId={regionId}
          year={year}
          quarter={closing}
          busy={close.isPending}
          onClose={() => setClosing(null)}
          onConfirm={() => {
            close.mutate({ regionId, year, quarter: closing });
            setClosing(null);
          }}
        />
      )}
      <ReportingSettingsForm regionId={regionId} />
    </section>
  );
}

/** The default deadline: the 10th day of the month after the quarter (as the server computes it). */
function defaultDeadline(year: number, quarter: number): string {
  const month = quarter * 3 + 1;
  return month > 12 ? `${year + 1}-01-10` : `${year}-${String(month).padStart(2, '0')}-10`;
}

function DeadlineForm({
  regionId,
  year,
  quarter,
  current,
  label,
  onDone,
}: {
  regionId: string;
  year: number;
  quarter: number;
  current: string;
  label: string;
  onDone: (saved: boolean) => void;
}) {
  const id = useId();
  const [value, setValue] = useState(current);
  const save = useApiMutation(SET_REPORTING_DEADLINE, { onSuccess: () => onDone(true) });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ regionId, year, quarter, deadline: value });
  }
  return (
    <form onSubmit={submit} className="deadline-form">
      {save.error && <ErrorMessage error={save.error} />}
      <label htmlFor={id}>{t.admin.deadline.label(label)}</label>
      <input id={id} type="date" value={value} required autoFocus onChange={(e) => setValue(e.target.value)} />
      <p className="hint">{t.admin.deadline.defaultWas(formatDate(defaultDeadline(year, quarter)))}</p>
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={save.isPending}>
          {t.admin.deadline.save}
        </button>
        <button type="button" className="button secondary small" onClick={() => onDone(false)}>
          {t.app.cancel}
        </button>
      </div>
    </form>
  );
}

/**
 * Closing freezes every report of the quarter, those waiting for a decision included (a closed
 * period accepts no approval or return): the dialog lists them so they are decided first.
 */
function ClosePeriodDialog({
  regionId,
  year,
  quarter,
  busy,
  onClose,
  onConfirm,
}: {
  regionId: string;
  year: number;
  quarter: number;
  busy: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const session = useSession();
  const districts = useApiQuery(ADMIN_DISTRICTS, { regionId, first: 200, offset: 0 });
  const reports = useQueries({
    queries: (districts.data?.districts.items ?? []).map((district) => {
      const variables = { districtId: district.id, year, quarter };
      return {
        queryKey: operationKey(DISTRICT_QUARTERLY_REPORTS, variables),
        queryFn: ({ signal }: { signal: AbortSignal }) => session.request(DISTRICT_QUARTERLY_REPORTS, variables, signal),
      };
    }),
  });
  const loading = districts.isPending || reports.some((r) => r.isPending);
  const failed = districts.error ?? reports.find((r) => r.error)?.error;
  const waiting = reports.flatMap((r, i) =>
    (r.data?.districtQuarterlyReports ?? [])
      .filter((row) => row.status === 'SUBMITTED')
      .map((row) => ({ ...row, district: districts.data!.districts.items[i]!.name })),
  );
  const label = t.period.long(year, quarter);
  return (
    <Dialog title={`${t.periods.close}: ${label}`} open onClose={onClose}>
      <p>{t.periods.confirmClose(label)}</p>
      <QueryState
        query={{ isPending: loading, error: failed, data: waiting }}
        isEmpty={(rows) => rows.length === 0}
        empty={t.admin.closing.noneWaiting}
      >
        {() => (
          <div className="alert alert-warning" role="alert">
            <p className="alert-title">{t.admin.closing.waiting(waiting.length)}</p>
            <p>{t.admin.closing.waitingList}:</p>
            <ul>
              {waiting.map((row) => (
                <li key={row.schoolId}>
                  {row.district}: {row.schoolName} (<span className="school-code">{row.schoolCode}</span>)
                </li>
              ))}
            </ul>
          </div>
        )}
      </QueryState>
      <div className="form-actions">
        <button type="button" className="button primary" disabled={busy || loading} onClick={onConfirm}>
          {waiting.length ? t.admin.closing.confirm : t.periods.close}
        </button>
        <button type="button" className="button secondary" onClick={onClose} data-autofocus>
          {t.app.cancel}
        </button>
      </div>
    </Dialog>
  );
}
