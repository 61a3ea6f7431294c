import { Link } from 'react-router';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSession, useUser } from '../auth/session';
import { ADMIN_REGIONS, CREATE_REGION, UPDATE_REGION } from './admin-operations';
import { usePageWindow, useSearchParam } from './list-params';
import { useRefresh } from './refresh';
import { asUnit, Level, UnitList } from './UnitList';

const a = t.admin;

/** Regions: admins create, rename and (de)activate them. */
export function AdminRegionsPage() {
  const session = useSession();
  const user = useUser();
  const [search] = useSearchParam('q');
  const slice = usePageWindow();
  const list = useApiQuery(ADMIN_REGIONS, { ...slice, search: search || null });
  const refresh = useRefresh(ADMIN_REGIONS);
  const level: Level = {
    numberLabel: a.region.okato,
    numberHint: a.region.okatoHint,
    newTitle: a.region.newTitle,
    editTitle: a.region.editTitle,
    deactivateWhat: a.region.deactivateWhat,
    activateWhat: a.region.activateWhat,
    create: async ({ code, name, number }) =>
      asUnit((await session.request(CREATE_REGION, { input: { code, name, okato: number } })).createRegion),
    update: async ({ id, name, number, active }) =>
      asUnit(
        (await session.request(UPDATE_REGION, { input: { id, name, ...(number !== undefined ? { okato: number } : {}), active } }))
          .updateRegion,
      ),
    extra: (unit) => (
      <>
        <Link className="button ghost small" to={`/admin/districts?region=${unit.id}`}>
          {a.nav.districts}
        </Link>
        <Link className="button ghost small" to={`/regions/${unit.id}/periods`}>
          {t.nav.periods}
        </Link>
      </>
    ),
  };
  const data = list.data ? { items: list.data.regions.items.map(asUnit), totalCount: list.data.regions.totalCount } : undefined;
  return (
    <section>
      <PageHeader title={a.region.title} />
      <UnitList
        level={level}
        caption={a.region.caption}
        list={{ ...list, data }}
        canCreate={user.role === 'ADMIN'}
        canEdit={user.role === 'ADMIN'}
        onChanged={refresh}
      />
    </section>
  );
}
