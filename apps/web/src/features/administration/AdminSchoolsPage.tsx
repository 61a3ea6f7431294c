import { Link } from 'react-router';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { useDistrictName } from '../../shared/api/organisation-lookups';
import { DISTRICT } from '../../shared/api/organisation-operations';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSession, useUser } from '../auth/session';
import { ADMIN_SCHOOLS, CREATE_SCHOOL, UPDATE_SCHOOL } from './admin-operations';
import { fixedDistrictOf, fixedRegionOf } from './admin-scope';
import { DistrictSelect } from './DistrictSelect';
import { usePageWindow, useSearchParam } from './list-params';
import { useRefresh } from './refresh';
import { RegionSelect } from './RegionSelect';
import { asUnit, Level, UnitList } from './UnitList';

const a = t.admin;

/** Schools of a district: admins, the region's authority and the district's coordinator. */
export function AdminSchoolsPage() {
  const session = useSession();
  const user = useUser();
  const fixedDistrict = fixedDistrictOf(user);
  const fixedRegion = fixedRegionOf(user);
  const [pickedRegion, setPickedRegion] = useSearchParam('region', ['district']);
  const [pickedDistrict, setPickedDistrict] = useSearchParam('district');
  const districtId = fixedDistrict ?? pickedDistrict;
  const districtName = useDistrictName(districtId || undefined);
  // A link that names only the district (from the districts page) still shows its region.
  const districtInfo = useApiQuery(
    DISTRICT,
    { id: districtId },
    { enabled: !!districtId && !pickedRegion && !fixedRegion, staleTime: 300_000 },
  );
  const regionValue = pickedRegion || districtInfo.data?.district.regionId || '';
  const [search] = useSearchParam('q');
  const slice = usePageWindow();
  const list = useApiQuery(ADMIN_SCHOOLS, { districtId: districtId || null, ...slice, search: search || null }, { enabled: !!districtId });
  const refresh = useRefresh(ADMIN_SCHOOLS);
  const level: Level = {
    numberLabel: a.school.inn,
    numberHint: a.school.innHint,
    newTitle: a.school.newTitle,
    editTitle: a.school.editTitle,
    deactivateWhat: a.school.deactivateWhat,
    activateWhat: a.school.activateWhat,
    create: async ({ code, name, number }) =>
      asUnit((await session.request(CREATE_SCHOOL, { input: { districtId, code, name, inn: number } })).createSchool),
    update: async ({ id, name, number, active }) =>
      asUnit(
        (await session.request(UPDATE_SCHOOL, { input: { id, name, ...(number !== undefined ? { inn: number } : {}), active } }))
          .updateSchool,
      ),
    extra: (unit) => (
      <Link className="button ghost small" to={`/admin/schools/${unit.id}/enrollment`}>
        {a.school.enrollment}
      </Link>
    ),
  };
  const data = list.data ? { items: list.data.schools.items.map(asUnit), totalCount: list.data.schools.totalCount } : undefined;
  return (
    <section>
      <PageHeader title={a.school.title} scope={districtName} />
      {!fixedDistrict && (
        <div className="filters">
          {!fixedRegion && <RegionSelect value={regionValue} onChange={(id) => setPickedRegion(id || null)} />}
          <DistrictSelect
            regionId={fixedRegion ?? (regionValue || null)}
            value={pickedDistrict}
            onChange={(id) => setPickedDistrict(id || null)}
          />
        </div>
      )}
      {districtId ? (
        <UnitList
          level={level}
          caption={a.school.caption(districtName ?? '')}
          list={{ ...list, data }}
          canCreate
          canEdit
          onChanged={refresh}
        />
      ) : (
        <p>{a.district.pickAny}.</p>
      )}
    </section>
  );
}
