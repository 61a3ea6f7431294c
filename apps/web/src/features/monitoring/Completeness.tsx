import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApiQuery } from '../../shared/api/hooks';
import { CompletenessFigures, DISTRICT_COMPLETENESS_TREND, REPORTING_COMPLETENESS } from './monitoring-operations';
import { formatDate, formatNumber, formatPercent, t } from '../../i18n';
import { ErrorMessage, Loading } from '../../shared/ui/ErrorMessage';
import { TableScroll } from '../../shared/ui/TableScroll';

function FigureCells({ row }: { row: CompletenessFigures }) {
  return (
    <>
      <td className="num">{formatNumber(row.expected)}</td>
      <td className="num">{formatNumber(row.submitted)}</td>
      <td className="num">{formatNumber(row.onTime)}</td>
      <td className="num">{formatNumber(row.approved)}</td>
      <td className="num">{formatPercent(row.submittedRate)}</td>
      <td className="num">{formatPercent(row.onTimeRate)}</td>
    </>
  );
}

function FigureHeaders({ first }: { first: string }) {
  return (
    <tr>
      <th scope="col">{first}</th>
      <th scope="col">{t.completeness.signOff}</th>
      <th scope="col" className="num">{t.completeness.expected}</th>
      <th scope="col" className="num">{t.completeness.submitted}</th>
      <th scope="col" className="num">{t.completeness.onTime}</th>
      <th scope="col" className="num">{t.completeness.approved}</th>
      <th scope="col" className="num">{t.completeness.submittedRate}</th>
      <th scope="col" className="num">{t.completeness.onTimeRate}</th>
    </tr>
  );
}

/** An axis label in two lines (the last word under the rest), so four quarters fit beside each other at 375 px. */
function TwoLineTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const words = String(payload?.value ?? '').split(' ');
  const last = words.pop() ?? '';
  const first = words.join(' ');
  return (
    <text x={x} y={y} textAnchor="middle" fill="#1d2127" fontSize={13}>
      {first && (
        <tspan x={x} dy={14}>
          {first}
        </tspan>
      )}
      <tspan x={x} dy={first ? 16 : 14}>
        {last}
      </tspan>
    </text>
  );
}

interface RateDatum {
  label: string;
  submittedRate: number | null;
  onTimeRate: number | null;
}

/** Bars of the submitted and on-time shares (0–100 %); the table beside it has the same numbers. */
function RatesChart({ data, title }: { data: RateDatum[]; title: string }) {
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="muted small">{t.completeness.chartDescription}</span>
      </figcaption>
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer>
            <CartesianGrid vertical={false} stroke="#d9dee5" />
            <XAxis dataKey="label" tick={TwoLineTick} interval={0} height={44} />
            <YAxis domain={[0, 100]} unit=" %" tick={{ fill: '#2b2f36', fontSize: 13 }} />
            <Tooltip formatter={(value, name) => [formatPercent(typeof value === 'number' ? value : null), name]} />
            {/* In the bars' order (submitted, then on time), not sorted by name. */}
            <Legend itemSorter={null} formatter={(value: string) => <span style={{ color: '#1d2127' }}>{value}</span>} />
            <Bar dataKey="submittedRate" name={t.completeness.submittedRate} fill="#1c5fa8" isAnimationActive={false} />
            <Bar dataKey="onTimeRate" name={t.completeness.onTimeRate} fill="#1e7b34" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** The region page's completeness: the region's row and one per district. */
export function RegionCompleteness({ regionId, year, quarter }: { regionId: string; year: number; quarter: number }) {
  const query = useApiQuery(REPORTING_COMPLETENESS, { regionId, year, quarter });
  const caption = t.completeness.caption(t.period.long(year, quarter));
  return (
    <section aria-labelledby="completeness-title">
      <h2 id="completeness-title">{t.completeness.title}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorMessage error={query.error} title={t.errors.loadFailed} />
      ) : (
        <>
          <p className="muted">{t.completeness.deadline(formatDate(query.data.reportingCompleteness.deadline))}</p>
          <RatesChart
            title={caption}
            data={query.data.reportingCompleteness.districts.map((row) => ({ label: row.district.name, submittedRate: row.submittedRate, onTimeRate: row.onTimeRate }))}
          />
          <TableScroll label={caption}>
            <table className="data-table" data-testid="region-completeness">
              <caption>{caption}</caption>
              <thead>
                <FigureHeaders first={t.completeness.district} />
              </thead>
              <tbody>
                {query.data.reportingCompleteness.districts.map((row) => (
                  <tr key={row.district.id}>
                    <th scope="row">{row.district.name}</th>
                    <td>{t.completeness.signOffStates[row.signOffState]}</td>
                    <FigureCells row={row} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.completeness.region}</th>
                  <td />
                  <FigureCells row={query.data.reportingCompleteness} />
                </tr>
              </tfoot>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}

/** The district dashboard's completeness over the last four quarters up to the chosen one, as a table and a chart. */
export function DistrictCompletenessTrend({ districtId, year, quarter }: { districtId: string; year: number; quarter: number }) {
  const query = useApiQuery(DISTRICT_COMPLETENESS_TREND, { districtId, year, quarter, quarters: 4 });
  return (
    <section aria-labelledby="completeness-trend-title">
      <h2 id="completeness-trend-title">{t.completeness.title}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorMessage error={query.error} title={t.errors.loadFailed} />
      ) : (
        <>
          <RatesChart
            title={t.completeness.trendTitle}
            data={query.data.districtCompletenessTrend.map((row) => ({ label: t.period.short(row.year, row.quarter), submittedRate: row.submittedRate, onTimeRate: row.onTimeRate }))}
          />
          <TableScroll label={t.completeness.trendCaption}>
            <table className="data-table" data-testid="district-completeness">
              <caption>{t.completeness.trendCaption}</caption>
              <thead>
                <FigureHeaders first={t.completeness.quarter} />
              </thead>
              <tbody>
                {query.data.districtCompletenessTrend.map((row) => (
                  <tr key={`${row.year}-${row.quarter}`}>
                    <th scope="row">{t.period.short(row.year, row.quarter)}</th>
                    <td>{t.completeness.signOffStates[row.signOffState]}</td>
                    <FigureCells row={row} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
