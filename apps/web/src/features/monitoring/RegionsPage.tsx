import { Link } from 'react-router';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { REGIONS } from '../../shared/api/organisation-operations';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';

/** Users who may see several regions (admins, federal operators) pick one. */
export function RegionsPage() {
  const regions = useApiQuery(REGIONS, {});
  return (
    <section>
      <PageHeader title={t.nav.regions} />
      <QueryState query={regions} retry>
        {(answer) => (
          <ul className="link-list">
            {answer.regions.items.map((region) => (
              <li key={region.id}>
                <Link to={`/regions/${region.id}`}>
                  <span className="school-code">{region.code}</span> {region.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
