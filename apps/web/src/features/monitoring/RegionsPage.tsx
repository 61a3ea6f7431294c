import { Link } from 'react-router';
import { useApiQuery } from '../../shared/api/hooks';
import { REGIONS } from '../../shared/api/organisation-operations';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Loading } from '../../shared/ui/Loading';
import { PageHeader } from '../../shared/ui/PageHeader';
import { t } from '../../i18n';

/** Users who may see several regions (admins, federal operators) pick one. */
export function RegionsPage() {
  const regions = useApiQuery(REGIONS, {});
  return (
    <section>
      <PageHeader title={t.nav.regions} />
      {regions.isPending ? (
        <Loading />
      ) : regions.error ? (
        <ErrorMessage error={regions.error} title={t.errors.loadFailed} onRetry={() => void regions.refetch()} />
      ) : (
        <ul className="link-list">
          {regions.data.regions.items.map((region) => (
            <li key={region.id}>
              <Link to={`/regions/${region.id}`}>
                <span className="school-code">{region.code}</span> {region.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
