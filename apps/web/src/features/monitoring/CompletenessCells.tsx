import { formatNumber, formatPercent } from '../../i18n';
import { CompletenessFigures } from './monitoring-operations';

/** One row's figures, in the columns every completeness table shows (CompletenessHeaders). */
export function CompletenessCells({ row }: { row: CompletenessFigures }) {
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
