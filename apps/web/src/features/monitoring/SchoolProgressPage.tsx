import { useQueries } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { formatNumber, formatPercent, t } from '../../i18n';
import { operationKey, useApiQuery } from '../../shared/api/hooks';
import { useSchool } from '../../shared/api/organisation-lookups';
import { FIRST_YEAR, usePeriod } from '../../shared/lib/period';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PeriodPicker } from '../../shared/ui/PeriodPicker';
import { QueryState } from '../../shared/ui/QueryState';
import { ReportStatusBadge } from '../../shared/ui/ReportStatusBadge';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { TableScroll } from '../../shared/ui/TableScroll';
import { useSession } from '../auth/session';
import { SCHOOL_TARGET_PLAN } from '../target-plan/target-plan-operations';
import { CoverageChart } from './CoverageChart';
import { targetPercent } from './monitoring';
import { SCHOOL_MONITORING } from './monitoring-operations';

const QUARTERS = [1, 2, 3, 4];

/** A school's own coverage against its target, quarter by quarter, and its plan by year. */
export function SchoolProgressPage() {
  const { schoolId = '' } = useParams();
  const session = useSession();
  const [period, setPeriod] = usePeriod();
  const school = useSchool(schoolId);
  const year = period.year;
  const quarters = useQueries({
    queries: QUARTERS.map((quarter) => {
      const variables = { schoolId, year, quarter };
      return {
        queryKey: operationKey(SCHOOL_MONITORING, variables),
        queryFn: ({ signal }: { signal: AbortSignal }) => session.request(SCHOOL_MONITORING, variables, signal),
      };
    }),
  });
  const planTo = Math.max(year, new Date().getFullYear());
  const plan = useApiQuery(SCHOOL_TARGET_PLAN, { schoolId, fromYear: FIRST_YEAR, toYear: planTo });
  const rows = quarters.map((q, i) => ({ quarter: QUARTERS[i]!, row: q.data?.schoolMonitoring ?? null }));
  const loading = quarters.some((q) => q.isPending);
  const error = quarters.find((q) => q.error)?.error;
  const computed = rows.filter((r) => r.row);

  return (
    <section>
      <PageHeader title={t.progress.title} scope={school ? `${school.code} — ${school.name}` : null} />
      <PeriodPicker value={period} onChange={setPeriod} quarter={false} />
      <QueryState
        query={{ isPending: loading, error, data: computed }}
        isEmpty={(found) => found.length === 0}
        empty={<Notice kind="info">{t.progress.noData}</Notice>}
      >
        {() => (
          <>
            <CoverageChart
              title={t.progress.chartTitle(year)}
              description={t.progress.chartDescription}
              data={rows.map(({ quarter, row }) => ({
                key: String(quarter),
                label: t.period.quarterOption(quarter),
                fullLabel: t.period.long(year, quarter),
                coverage: row?.coveragePercent ?? null,
                target: row ? targetPercent(row) : null,
                status: row?.status,
              }))}
            />
            <TableScroll label={t.progress.tableCaption(year)}>
              <table className="data-table">
                <caption>{t.progress.tableCaption(year)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.progress.quarter}</th>
                    <th scope="col">{t.progress.status}</th>
                    <th scope="col">{t.dashboard.reportStatus}</th>
                    <th scope="col" className="num">
                      {t.progress.mentees}
                    </th>
                    <th scope="col" className="num">
                      {t.progress.menteeTarget}
                    </th>
                    <th scope="col" className="num">
                      {t.progress.coverage}
                    </th>
                    <th scope="col" className="num">
                      {t.progress.target}
                    </th>
                    <th scope="col" className="num">
                      {t.progress.progress}
                    </th>
                    <th scope="col" className="num">
                      {t.dashboard.expected}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ quarter, row }) => (
                    <tr key={quarter}>
                      <th scope="row">{t.period.quarterOption(quarter)}</th>
                      {row ? (
                        <>
                          <td>
                            <StatusBadge status={row.status} />
                          </td>
                          <td>
                            <ReportStatusBadge status={row.reportStatus} />
                          </td>
                          <td className="num">{formatNumber(row.mentees)}</td>
                          <td className="num">{formatNumber(row.menteeTarget)}</td>
                          <td className="num">{formatPercent(row.coveragePercent)}</td>
                          <td className="num">{formatPercent(targetPercent(row))}</td>
                          <td className="num">{formatPercent(row.progressPercent)}</td>
                          <td className="num">{formatPercent(row.expectedProgressPercent)}</td>
                        </>
                      ) : (
                        <td colSpan={8} className="muted">
                          {t.progress.noData}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </QueryState>
      <section aria-labelledby="school-plan-title">
        <h2 id="school-plan-title">{t.progress.planTitle}</h2>
        <QueryState query={plan}>
          {(answer) => (
            <TableScroll label={t.progress.planCaption}>
              <table className="data-table">
                <caption className="visually-hidden">{t.progress.planCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.period.year}</th>
                    <th scope="col" className="num">
                      {t.dashboard.students}
                    </th>
                    <th scope="col" className="num">
                      {t.plan.menteesLong}
                    </th>
                    <th scope="col" className="num">
                      {t.plan.mentorsLong}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {answer.schoolTargetPlan.cells.map((cell) => (
                    <tr key={cell.year} aria-current={cell.year === year ? 'true' : undefined}>
                      <th scope="row">{cell.year}</th>
                      <td className="num">{formatNumber(cell.students)}</td>
                      <td className="num">{formatNumber(cell.menteeTarget)}</td>
                      <td className="num">{formatNumber(cell.mentorTarget)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </QueryState>
      </section>
    </section>
  );
}
