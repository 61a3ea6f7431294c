import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent, t } from '../../i18n';

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
export function RatesChart({ data, title }: { data: RateDatum[]; title: string }) {
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
