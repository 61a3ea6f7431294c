import { t } from '../../i18n';

/** The header row of every completeness table: `first` names the rows (district or quarter), then the figures. */
export function CompletenessHeaders({ first }: { first: string }) {
  return (
    <tr>
      <th scope="col">{first}</th>
      <th scope="col">{t.completeness.signOff}</th>
      <th scope="col" className="num">
        {t.completeness.expected}
      </th>
      <th scope="col" className="num">
        {t.completeness.submitted}
      </th>
      <th scope="col" className="num">
        {t.completeness.onTime}
      </th>
      <th scope="col" className="num">
        {t.completeness.approved}
      </th>
      <th scope="col" className="num">
        {t.completeness.submittedRate}
      </th>
      <th scope="col" className="num">
        {t.completeness.onTimeRate}
      </th>
    </tr>
  );
}
