import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime, formatNumber, formatPercent, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { useRegionName } from '../../shared/api/organisation-lookups';
import { useJobRun } from '../../shared/lib/job-run';
import { periodSearch, usePeriod } from '../../shared/lib/period';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { TableScroll } from '../../shared/ui/TableScroll';
import { CoverageChart } from './CoverageChart';
import { sortByStatus, targetPercent } from './monitoring';
import { REGION_MONITORING, RegionMonitoring, RUN_REGION_MONITORING } from './monitoring-operations';
import { MonitoringRunStatus } from './MonitoringRunStatus';
import { RegionCompleteness } from './RegionCompleteness';

/** The region's monitoring, a row per district, each opening the district's own pages. */
export function RegionPage() {
  const { regionId = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const regionName = useRegionName(regionId);
  const queryClient = useQueryClient();
  const variables = { regionId, year: period.year, quarter: period.quarter };
  const monitoring = useApiQuery(REGION_MONITORING, variables);
  const job = useJobRun(
    useCallback(() => void queryClient.invalidateQueries({ queryKey: operationKey(REGION_MONITORING) }), [queryClient]),
  );
  const run = useApiMutation(RUN_REGION_MONITORING, { onSuccess: (data) => job.start(data.runRegionMonitoring.id) });
  const running = run.isPending || job.active;

  return (
    <section>
      <PageHeader title={t.region.title} scope={regionName}>
        <button type="button" className="button primary" disabled={running} onClick={() => run.mutate(variables)}>
          {running ? t.dashboard.runningMonitoring : t.region.runMonitoring}
        </button>
      </PageHeader>
      <PeriodPicker
        value={period}
        onChange={(next) => {
          job.reset();
          setPeriod(next);
        }}
      />
      {run.error && <ErrorMessage error={run.error} />}
      <MonitoringRunStatus run={job} label={t.region.runMonitoring} />
      <QueryState
        query={monitoring}
        retry
        isEmpty={(answer) => !answer.regionMonitoring}
        empty={<Notice kind="info">{t.dashboard.noSnapshot}</Notice>}
      >
        {(answer) => answer.regionMonitoring && <RegionBody data={answer.regionMonitoring} />}
      </QueryState>
      <RegionCompleteness regionId={regionId} year={period.year} quarter={period.quarter} />
    </section>
  );
}

function RegionBody({ data }: { data: RegionMonitoring }) {
  const location = useLocation();
  const search = periodSearch(new URLSearchParams(location.search));
  const rows = sortByStatus(data.districts.map((d) => ({ ...d, school: d.district })));
  const totals = data.totals;
  const cards: [string, string][] = [
    [t.dashboard.students, formatNumber(totals.students)],
    [t.dashboard.mentees, formatNumber(totals.mentees)],
    [t.dashboard.menteeTarget, formatNumber(totals.menteeTarget)],
    [t.dashboard.coverage, formatPercent(totals.coveragePercent)],
    [t.dashboard.progress, formatPercent(totals.progressPercent)],
    [t.region.notReported, `${formatNumber(totals.notReportedSchoolCount)} / ${formatNumber(totals.schoolCount)}`],
  ];
  return (
    <>
      <p className="muted">{t.dashboard.computedAt(formatDateTime(data.computedAt))}</p>
      <section aria-labelledby="region-totals" className="totals">
        <h2 id="region-totals">{t.region.totals}</h2>
        <dl className="cards">
          {cards.map(([label, value]) => (
            <div className="card" key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <CoverageChart
        title={t.region.chartTitle}
        description={t.region.chartDescription(rows.length)}
        data={rows.map((row) => ({
          key: row.district.id,
          label: row.district.name,
          fullLabel: `${row.district.code} — ${row.district.name}`,
          coverage: row.coveragePercent,
          target: targetPercent(row),
          status: row.status,
        }))}
      />
      <TableScroll label={t.region.districtsCaption}>
        <table className="data-table">
          <caption>{t.region.districtsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.region.district}</th>
              <th scope="col">{t.dashboard.status}</th>
              <th scope="col" className="num">
                {t.region.schools}
              </th>
              <th scope="col" className="num">
                {t.region.notReported}
              </th>
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
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.district.id} className={`row-${row.status.toLowerCase()}`}>
                <th scope="row">
                  <Link to={{ pathname: `/districts/${row.district.id}`, search }}>{row.district.name}</Link>
                </th>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td className="num">{formatNumber(row.schoolCount)}</td>
                <td className="num">{formatNumber(row.notReportedSchoolCount)}</td>
                <td className="num">{formatNumber(row.students)}</td>
                <td className="num">{formatNumber(row.mentees)}</td>
                <td className="num">{formatNumber(row.menteeTarget)}</td>
                <td className="num">{formatPercent(row.coveragePercent)}</td>
                <td className="num">{formatPercent(row.progressPercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
