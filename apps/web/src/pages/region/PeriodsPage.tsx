import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { operationKey, useApiMutation } from '../../api/hooks';
import { CLOSE_REPORTING_PERIOD, REOPEN_REPORTING_PERIOD, REPORTING_PERIOD } from '../../api/operations';
import { useSession } from '../../auth/session';
import { ErrorMessage, Loading, Notice } from '../../components/ErrorMessage';
import { PageHeader, useRegionName } from '../../components/PageHeader';
import { PeriodPicker } from '../../components/PeriodPicker';
import { TableScroll } from '../../components/TableScroll';
import { formatDate, formatDateTime, t } from '../../i18n';
import { usePeriod } from '../../lib/period';
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
  const caption = t.periods.caption(year);

  return (
    <section>
      <PageHeader title={t.periods.title} scope={regionName} />
      <PeriodPicker value={period} onChange={(next) => { setMessage(null); setPeriod(next); }} quarter={false} />
      {message && <Notice>{message}</Notice>}
      {error && <ErrorMessage error={error} />}
      {periods.some((p) => p.isPending) ? (
        <Loading />
      ) : periods.find((p) => p.error) ? (
        <ErrorMessage error={periods.find((p) => p.error)!.error} title={t.errors.loadFailed} />
      ) : (
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
                      {formatDate(p.deadline)}
                      {p.defaultDeadline && <span className="muted"> ({t.periods.defaultDeadline})</span>}
                    </td>
                    <td>{p.closed ? t.periods.closed(formatDateTime(p.closedAt)) : p.deadlinePassed ? t.periods.open : `${t.periods.open}, ${t.periods.notDue}`}</td>
                    <td>
                      {p.closed ? (
                        <button type="button" className="button secondary small" disabled={reopen.isPending} onClick={() => reopen.mutate({ regionId, year, quarter: p.quarter })} aria-label={`${t.periods.reopen}: ${label}`}>
                          {t.periods.reopen}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button primary small"
                          disabled={close.isPending || !p.deadlinePassed}
                          aria-label={`${t.periods.close}: ${label}`}
                          onClick={() => {
                            if (window.confirm(t.periods.confirmClose(label))) close.mutate({ regionId, year, quarter: p.quarter });
                          }}
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
      <ReportingSettingsForm regionId={regionId} />
    </section>
  );
}
