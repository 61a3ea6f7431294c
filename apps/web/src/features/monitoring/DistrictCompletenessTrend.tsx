import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { CompletenessCells } from './CompletenessCells';
import { CompletenessHeaders } from './CompletenessHeaders';
import { DISTRICT_COMPLETENESS_TREND } from './monitoring-operations';
import { RatesChart } from './RatesChart';

/** The district dashboard's completeness over the last four quarters up to the chosen one, as a table and a chart. */
export function DistrictCompletenessTrend({ districtId, year, quarter }: { districtId: string; year: number; quarter: number }) {
  const query = useApiQuery(DISTRICT_COMPLETENESS_TREND, { districtId, year, quarter, quarters: 4 });
  return (
    <section aria-labelledby="completeness-trend-title">
      <h2 id="completeness-trend-title">{t.completeness.title}</h2>
      <QueryState query={query}>
        {(answer) => (
          <>
            <RatesChart
              title={t.completeness.trendTitle}
              data={answer.districtCompletenessTrend.map((row) => ({
                label: t.period.short(row.year, row.quarter),
                submittedRate: row.submittedRate,
                onTimeRate: row.onTimeRate,
              }))}
            />
            <TableScroll label={t.completeness.trendCaption}>
              <table className="data-table" data-testid="district-completeness">
                <caption>{t.completeness.trendCaption}</caption>
                <thead>
                  <CompletenessHeaders first={t.completeness.quarter} />
                </thead>
                <tbody>
                  {answer.districtCompletenessTrend.map((row) => (
                    <tr key={`${row.year}-${row.quarter}`}>
                      <th scope="row">{t.period.short(row.year, row.quarter)}</th>
                      <td>{t.completeness.signOffStates[row.signOffState]}</td>
                      <CompletenessCells row={row} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </QueryState>
    </section>
  );
}
