import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { formatDateTime, formatNumber, formatPercent, t } from '../../i18n';
import { ApiError } from '../../shared/api/graphql-client';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { useJobRun } from '../../shared/lib/job-run';
import { usePeriod } from '../../shared/lib/period';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { ReportStatusBadge } from '../../shared/ui/ReportStatusBadge';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useUser } from '../auth/session';
import { DISTRICT_QUARTERLY_REPORTS } from '../quarterly-report/quarterly-report-operations';
import { CoverageChart } from './CoverageChart';
import { DistrictCompletenessTrend } from './DistrictCompletenessTrend';
import { countByStatus, hasReported, sortByStatus, STATUS_ORDER, targetPercent } from './monitoring';
import { DISTRICT_MONITORING, DistrictMonitoring, MonitoringTotals, RUN_MONITORING, SchoolMonitoringRow } from './monitoring-operations';
import { MonitoringRunStatus } from './MonitoringRunStatus';

export function DistrictDashboardPage() {
  const { districtId = '' } = useParams();
  const user = useUser();
  const [period, setPeriod] = usePeriod();
  const districtName = useDistrictName(districtId);
  const queryClient = useQueryClient();
  const variables = { districtId, year: period.year, quarter: period.quarter };
  const monitoring = useApiQuery(DISTRICT_MONITORING, variables);
  const job = useJobRun(
    useCallback(() => {
      void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_MONITORING) });
      void queryClient.invalidateQueries({ queryKey: operationKey(DISTRICT_QUARTERLY_REPORTS) });
    }, [queryClient]),
  );
  const run = useApiMutation(RUN_MONITORING, { onSuccess: (data) => job.start(data.runMonitoring.id) });
  const canRun = user.role === 'DISTRICT_COORDINATOR' || user.role === 'AUTHORITY' || user.role === 'ADMIN';

  const notComputed =
    monitoring.data?.districtMonitoring === null || (monitoring.error instanceof ApiError && monitoring.error.code === 'NOT_FOUND');

  return (
    <section aria-labelledby="dashboard-title">
      <PageHeader title={t.dashboard.title} scope={districtName}>
        {canRun && (
          <button type="button" className="button primary" disabled={run.isPending || job.active} onClick={() => run.mutate(variables)}>
            {run.isPending || job.active ? t.dashboard.runningMonitoring : t.dashboard.runMonitoring}
          </button>
        )}
      </PageHeader>
      <PeriodPicker
        value={period}
        onChange={(next) => {
          job.reset();
          setPeriod(next);
        }}
      />
      {run.error && <ErrorMessage error={run.error} />}
      <MonitoringRunStatus run={job} label={t.dashboard.runMonitoring} />

      {/* No snapshot yet (none stored, or the district's is NOT_FOUND) is the empty state, not a failure. */}
      <QueryState
        query={{
          isPending: monitoring.isPending,
          error: notComputed ? null : monitoring.error,
          data: monitoring.data,
          refetch: monitoring.refetch,
        }}
        retry
        isEmpty={() => notComputed}
        empty={<Notice kind="info">{t.dashboard.noSnapshot}</Notice>}
      >
        {(answer) => answer.districtMonitoring && <DashboardBody data={answer.districtMonitoring} />}
      </QueryState>
      <DistrictCompletenessTrend districtId={districtId} year={period.year} quarter={period.quarter} />
    </section>
  );
}

function DashboardBody({ data }: { data: DistrictMonitoring }) {
  const rows = sortByStatus(data.schools);
  const counts = countByStatus(rows);
  // The snapshot lists the schools without a submitted or approved report; show their report status too.
  const notReportedIds = new Set(data.notReported.map((school) => school.id));
  const notReported = rows.filter((row) => notReportedIds.has(row.school.id) || !hasReported(row.reportStatus));
  return (
    <>
      <p className="muted">{t.dashboard.computedAt(formatDateTime(data.computedAt))}</p>
      <Totals totals={data.totals} />
      <div className="status-summary" aria-label={t.dashboard.statusCounts} role="group">
        {STATUS_ORDER.map((status) => (
          <span key={status} className="status-count">
            <StatusBadge status={status} /> <strong>{counts[status]}</strong>
          </span>
        ))}
      </div>
      <div className="dashboard-grid">
        <CoverageChart
          title={t.dashboard.chartTitle}
          description={t.dashboard.chartDescription(rows.length)}
          data={rows.map((row) => ({
            key: row.school.id,
            label: row.school.name,
            fullLabel: `${row.school.code} — ${row.school.name}`,
            coverage: row.coveragePercent,
            target: targetPercent(row),
            status: row.status,
          }))}
        />
        <NotReported rows={notReported} />
      </div>
      <SchoolsTable rows={rows} />
    </>
  );
}

function Totals({ totals }: { totals: MonitoringTotals }) {
  const items: [string, string][] = [
    [t.dashboard.students, formatNumber(totals.students)],
    [t.dashboard.mentees, formatNumber(totals.mentees)],
    [t.dashboard.menteeTarget, formatNumber(totals.menteeTarget)],
    [t.dashboard.coverage, formatPercent(totals.coveragePercent)],
    [t.dashboard.progress, formatPercent(totals.progressPercent)],
    [t.dashboard.expected, formatPercent(totals.expectedProgressPercent)],
    [t.dashboard.mentors, `${formatNumber(totals.mentors)} / ${formatNumber(totals.mentorTarget)}`],
  ];
  return (
    <section aria-labelledby="totals-title" className="totals">
      <h2 id="totals-title">{t.dashboard.totals}</h2>
      <dl className="cards">
        {items.map(([label, value]) => (
          <div className="card" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function NotReported({ rows }: { rows: SchoolMonitoringRow[] }) {
  return (
    <section aria-labelledby="not-reported-title" className="panel not-reported">
      <h2 id="not-reported-title">
        {t.dashboard.notReportedTitle}
        {rows.length > 0 && <span className="count-pill">{t.dashboard.notReportedCount(rows.length)}</span>}
      </h2>
      {rows.length === 0 ? (
        <p>{t.dashboard.notReportedNone}</p>
      ) : (
        <ul className="plain-list">
          {rows.map((row) => (
            <li key={row.school.id}>
              <span>{row.school.name}</span> <ReportStatusBadge status={row.reportStatus} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SchoolsTable({ rows }: { rows: SchoolMonitoringRow[] }) {
  return (
    <section aria-labelledby="schools-title">
      <h2 id="schools-title">{t.dashboard.schoolsTable}</h2>
      <TableScroll label={t.dashboard.schoolsTable}>
        <table className="data-table" data-testid="schools-table">
          <thead>
            <tr>
              <th scope="col">{t.dashboard.school}</th>
              <th scope="col">{t.dashboard.status}</th>
              <th scope="col">{t.dashboard.reportStatus}</th>
              <th scope="col" className="num">
                {t.dashboard.students}
              </th>
              <th scope="col" className="num">
                {t.dashboard.mentees}
              </th>
              <th scope="col" className="num">
                {t.dashboard.menteeTarget}
              </th>
              <th scope="col" className="num">
                {t.dashboard.coverage}
              </th>
              <th scope="col" className="num">
                {t.dashboard.progress}
              </th>
              <th scope="col" className="num">
                {t.dashboard.mentors}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.school.id} className={`row-${row.status.toLowerCase()}`} data-school-code={row.school.code}>
                <th scope="row">
                  <span className="school-code">{row.school.code}</span> {row.school.name}
                </th>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td>
                  <ReportStatusBadge status={row.reportStatus} />
                </td>
                <td className="num">{formatNumber(row.students)}</td>
                <td className="num">{formatNumber(row.mentees)}</td>
                <td className="num">{formatNumber(row.menteeTarget)}</td>
                <td className="num">{formatPercent(row.coveragePercent)}</td>
                <td className="num">{formatPercent(row.progressPercent)}</td>
                <td className="num">
                  {formatNumber(row.mentors)} / {formatNumber(row.mentorTarget)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
