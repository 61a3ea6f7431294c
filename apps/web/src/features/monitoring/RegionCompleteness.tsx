import { formatDate, t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { CompletenessCells } from './CompletenessCells';
import { CompletenessHeaders } from './CompletenessHeaders';
import { REPORTING_COMPLETENESS } from './monitoring-operations';
import { RatesChart } from './RatesChart';

/** The region page's completeness: the region's row and one per district. */
export function RegionCompleteness({ regionId, year, quarter }: { regionId: string; year: number; quarter: number }) {
  const query = useApiQuery(REPORTING_COMPLETENESS, { regionId, year, quarter });
  const caption = t.completeness.caption(t.period.long(year, quarter));
  return (
    <section aria-labelledby="completeness-title">
      <h2 id="completeness-title">{t.completeness.title}</h2>
      <QueryState query={query}>
        {(answer) => (
          <>
            <p className="muted">{t.completeness.deadline(formatDate(answer.reportingCompleteness.deadline))}</p>
            <RatesChart
              title={caption}
              data={answer.reportingCompleteness.districts.map((row) => ({
                label: row.district.name,
                submittedRate: row.submittedRate,
                onTimeRate: row.onTimeRate,
              }))}
            />
            <TableScroll label={caption}>
              <table className="data-table" data-testid="region-completeness">
                <caption>{caption}</caption>
                <thead>
                  <CompletenessHeaders first={t.completeness.district} />
                </thead>
                <tbody>
                  {answer.reportingCompleteness.districts.map((row) => (
                    <tr key={row.district.id}>
                      <th scope="row">{row.district.name}</th>
                      <td>{t.completeness.signOffStates[row.signOffState]}</td>
                      <CompletenessCells row={row} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t.completeness.region}</th>
                    <td />
                    <CompletenessCells row={answer.reportingCompleteness} />
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </>
        )}
      </QueryState>
    </section>
  );
}
