// The columns every completeness table shows: the headers, and one row's figures.
import { formatNumber, formatPercent, t } from '../../i18n';
import { CompletenessFigures } from './monitoring-operations';

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

export function CompletenessHeaders({ first }: { first: string }) {
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
