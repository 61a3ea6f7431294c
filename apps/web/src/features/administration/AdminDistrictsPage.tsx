import { Link } from 'react-router';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { useRegionName } from '../../shared/api/organisation-lookups';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSession, useUser } from '../auth/session';
import { ADMIN_DISTRICTS, CREATE_DISTRICT, UPDATE_DISTRICT } from './admin-operations';
import { fixedRegionOf } from './admin-scope';
import { usePageWindow, useSearchParam } from './list-params';
import { useRefresh } from './refresh';
import { RegionSelect } from './RegionSelect';
import { asUnit, Level, UnitList } from './UnitList';

const a = t.admin;

/** Districts of a region: admins and the region's authority create and edit them. */
export function AdminDistrictsPage() {
  const session = useSession();
  const user = useUser();
  const fixed = fixedRegionOf(user);
  const [picked, setPicked] = useSearchParam('region', ['district']);
  const regionId = fixed ?? picked;
  const regionName = useRegionName(regionId || undefined);
  const [search] = useSearchParam('q');
  const slice = usePageWindow();
  const list = useApiQuery(ADMIN_DISTRICTS, { regionId: regionId || null, ...slice, search: search || null }, { enabled: !!regionId });
  const refresh = useRefresh(ADMIN_DISTRICTS);
  const canEdit = user.role === 'ADMIN' || user.role === 'AUTHORITY';
  const level: Level = {
    numberLabel: a.district.oktmo,
    numberHint: a.district.oktmoHint,
    newTitle: a.district.newTitle,
    editTitle: a.district.editTitle,
    deactivateWhat: a.district.deactivateWhat,
    activateWhat: a.district.activateWhat,
    create: async ({ code, name, number }) =>
      asUnit((await session.request(CREATE_DISTRICT, { input: { regionId, code, name, oktmo: number } })).createDistrict),
    update: async ({ id, name, number, active }) =>
      asUnit(
        (await session.request(UPDATE_DISTRICT, { input: { id, name, ...(number !== undefined ? { oktmo: number } : {}), active } }))
          .updateDistrict,
      ),
    extra: (unit) => (
      <>
        <Link className="button ghost small" to={`/admin/schools?district=${unit.id}`}>
          {a.nav.schools}
        </Link>
        <Link className="button ghost small" to={`/districts/${unit.id}`}>
          {a.district.open}
        </Link>
      </>
    ),
  };
  const data = list.data ? { items: list.data.districts.items.map(asUnit), totalCount: list.data.districts.totalCount } : undefined;
  return (
    <section>
      <PageHeader title={a.district.title} scope={regionName} />
      {!fixed && <RegionSelect value={picked} onChange={(id) => setPicked(id || null)} />}
      {regionId ? (
        <UnitList
          level={level}
          caption={a.district.caption(regionName ?? '')}
          list={{ ...list, data }}
          canCreate={canEdit}
          canEdit={canEdit}
          onChanged={refresh}
        />
      ) : (
        <p>{a.region.pickAny}.</p>
      )}
    </section>
  );
}
