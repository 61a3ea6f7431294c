import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent, t } from '../../i18n';
import type { MonitoringStatus } from '../../shared/api/enums';

export interface CoverageDatum {
  key: string;
  label: string;
  fullLabel: string;
  coverage: number | null;
  target: number | null;
  status?: MonitoringStatus;
}

/** Status colours (the same as the badges'); the status is also written next to each school in the table. */
export const STATUS_COLOR: Record<MonitoringStatus, string> = {
  ACHIEVED: '#1e7b34',
  ON_TRACK: '#1c5fa8',
  AT_RISK: '#a15c00',
  BEHIND: '#b3261e',
  NO_DATA: '#6b6f76',
};

const TARGET_COLOR = '#b9c3cf';
const STATUS_ORDER: MonitoringStatus[] = ['ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND', 'NO_DATA'];

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Horizontal bars: coverage (coloured by status) beside the year's target, both as a percent of
 * the students, one pair per school. The figure's caption says the same numbers are in the table.
 */
export function CoverageChart({ data, title, description }: { data: CoverageDatum[]; title: string; description: string }) {
  const height = 40 + data.length * 44;
  // The coverage bars take their status's colour, so the legend names each colour that is drawn
  // (recharts' own legend would show one blue swatch for them all), then the target's grey.
  const statuses = STATUS_ORDER.filter((status) => data.some((d) => (d.status ?? 'ON_TRACK') === status));
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="muted small">{description}</span>
      </figcaption>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} barGap={2} accessibilityLayer>
            <CartesianGrid horizontal={false} stroke="#d9dee5" />
            <XAxis
              type="number"
              domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]}
              unit=" %"
              tick={{ fill: '#2b2f36', fontSize: 13 }}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={230}
              tick={{ fill: '#1d2127', fontSize: 13 }}
              tickFormatter={(value: string) => shorten(value, 30)}
              interval={0}
            />
            <Tooltip
              formatter={(value, name) => [formatPercent(typeof value === 'number' ? value : null), name]}
              labelFormatter={(_, payload) => (payload?.[0]?.payload as CoverageDatum | undefined)?.fullLabel ?? ''}
            />
            <Bar dataKey="coverage" name={t.dashboard.chartCoverage} fill={STATUS_COLOR.ON_TRACK} isAnimationActive={false} barSize={14}>
              {data.map((d) => (
                <Cell key={d.key} fill={d.status ? STATUS_COLOR[d.status] : STATUS_COLOR.ON_TRACK} />
              ))}
            </Bar>
            <Bar dataKey="target" name={t.dashboard.chartTarget} fill={TARGET_COLOR} isAnimationActive={false} barSize={10} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend" data-testid="chart-legend">
        {statuses.map((status) => (
          <li key={status} data-legend={`coverage-${status}`}>
            <span className="chart-swatch coverage" style={{ background: STATUS_COLOR[status] }} aria-hidden="true" />
            {t.dashboard.chartCoverageLegend(t.status[status] ?? status)}
          </li>
        ))}
        <li data-legend="target">
          <span className="chart-swatch target" style={{ background: TARGET_COLOR }} aria-hidden="true" />
          {t.dashboard.chartTarget}
        </li>
      </ul>
    </figure>
  );
}
