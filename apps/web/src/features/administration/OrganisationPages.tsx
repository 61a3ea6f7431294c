import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { Link } from 'react-router';
import {
  ADMIN_DISTRICTS,
  ADMIN_REGIONS,
  ADMIN_SCHOOLS,
  CREATE_DISTRICT,
  CREATE_REGION,
  CREATE_SCHOOL,
  UPDATE_DISTRICT,
  UPDATE_REGION,
  UPDATE_SCHOOL,
} from './admin-operations';
import { operationKey, useApiQuery } from '../../shared/api/hooks';
import type { Operation } from '../../shared/api/operation';
import { DISTRICT } from '../../shared/api/organisation-operations';
import { useSession, useUser } from '../auth/session';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { useDistrictName, useRegionName } from '../../shared/api/organisation-lookups';
import { PageHeader } from '../../shared/ui/PageHeader';
import { t } from '../../i18n';
import { ActiveBadge } from './ActiveBadge';
import { ConfirmDialog } from './ConfirmDialog';
import { DistrictSelect } from './DistrictSelect';
import { RegionSelect } from './RegionSelect';
import { SearchForm } from './SearchForm';
import { TextField } from './TextField';
import { fixedDistrictOf, fixedRegionOf } from './admin-scope';
import { usePageWindow, useSearchParam } from './list-params';
import { PagedList } from './PagedList';

const a = t.admin;

/** A row of any level: what the shared list shows and edits. */
interface Unit {
  id: string;
  code: string;
  name: string;
  number: string | null;
  active: boolean;
}

interface Level {
  /** The third field: ОКАТО, ОКТМО or ИНН. */
  numberLabel: string;
  numberHint: string;
  newTitle: string;
  editTitle: (name: string) => string;
  deactivateWhat: string;
  activateWhat: string;
  create: (input: { code: string; name: string; number: string | null }) => Promise<Unit>;
  update: (input: { id: string; name?: string; number?: string | null; active?: boolean }) => Promise<Unit>;
  /** Extra cell per row (links). */
  extra?: (unit: Unit) => ReactNode;
}

function UnitList({ level, caption, list, canCreate, canEdit, onChanged }: {
  level: Level;
  caption: string;
  list: { isPending: boolean; error: unknown; data?: { items: Unit[]; totalCount: number }; refetch: () => unknown };
  canCreate: boolean;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [search, setSearch] = useSearchParam('q');
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [toggling, setToggling] = useState<Unit | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function toggle(unit: Unit) {
    setBusy(true);
    setError(null);
    try {
      const next = await level.update({ id: unit.id, active: !unit.active });
      setNotice(next.active ? a.list.activated(next.name) : a.list.deactivated(next.name));
      setToggling(null);
      onChanged();
    } catch (e) {
      setError(e);
      setToggling(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="toolbar">
        <SearchForm value={search} onSearch={(value) => setSearch(value || null)} />
        {canCreate && (
          <button type="button" className="button primary" onClick={() => setEditing('new')}>
            {a.list.create}
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      {error !== null && <ErrorMessage error={error} />}
      <PagedList
        query={list}
        select={(answer) => answer}
        caption={caption}
        columns={
          <>
            <th scope="col">{a.list.code}</th>
            <th scope="col">{a.list.name}</th>
            <th scope="col">{level.numberLabel}</th>
            <th scope="col">{a.list.state}</th>
            <th scope="col">{a.list.actions}</th>
          </>
        }
        row={(unit) => (
          <tr key={unit.id}>
            <td>
              <span className="school-code">{unit.code}</span>
            </td>
            <th scope="row">{unit.name}</th>
            <td>{unit.number ?? t.app.notAvailable}</td>
            <td>
              <ActiveBadge active={unit.active} />
            </td>
            <td className="row-actions">
              {level.extra?.(unit)}
              {canEdit && (
                <>
                  <button type="button" className="button secondary small" onClick={() => setEditing(unit)} aria-label={`${a.list.edit}: ${unit.name}`}>
                    {a.list.edit}
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setToggling(unit)}
                    aria-label={`${unit.active ? a.list.deactivate : a.list.activate}: ${unit.name}`}
                  >
                    {unit.active ? a.list.deactivate : a.list.activate}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <UnitDialog
          level={level}
          unit={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(message) => {
            setEditing(null);
            setNotice(message);
            onChanged();
          }}
        />
      )}
      <ConfirmDialog
        open={toggling !== null}
        title={toggling ? `${toggling.active ? a.list.deactivate : a.list.activate}: ${toggling.name}` : ''}
        what={toggling?.active ? level.deactivateWhat : level.activateWhat}
        confirmLabel={toggling?.active ? a.list.deactivate : a.list.activate}
        busy={busy}
        onConfirm={() => toggling && void toggle(toggling)}
        onClose={() => setToggling(null)}
      />
    </>
  );
}

function UnitDialog({ level, unit, onClose, onDone }: { level: Level; unit: Unit | null; onClose: () => void; onDone: (message: string) => void }) {
  const [code, setCode] = useState(unit?.code ?? '');
  const [name, setName] = useState(unit?.name ?? '');
  const [number, setNumber] = useState(unit?.number ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const value = number.trim() || null;
      const saved = unit
        ? await level.update({ id: unit.id, name: name.trim(), number: value })
        : await level.create({ code: code.trim(), name: name.trim(), number: value });
      onDone(unit ? a.list.saved(saved.name) : a.list.created(saved.name));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Dialog title={unit ? level.editTitle(unit.name) : level.newTitle} open onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        {error !== null && <ErrorMessage error={error} />}
        {!unit && <TextField label={a.list.code} value={code} onChange={setCode} required autoFocus />}
        <TextField label={a.list.name} value={name} onChange={setName} required autoFocus={!!unit} />
        <TextField label={level.numberLabel} value={number} onChange={setNumber} hint={level.numberHint} inputMode="numeric" />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? a.list.creating : t.app.save}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            {t.app.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function useRefresh(...ops: Operation<unknown, never>[]) {
  const queryClient = useQueryClient();
  return () => ops.forEach((op) => void queryClient.invalidateQueries({ queryKey: operationKey(op) }));
}

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
    create: async ({ code, name, number }) => asUnit((await session.request(CREATE_REGION, { input: { code, name, okato: number } })).createRegion),
    update: async ({ id, name, number, active }) =>
      asUnit((await session.request(UPDATE_REGION, { input: { id, name, ...(number !== undefined ? { okato: number } : {}), active } })).updateRegion),
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
      <UnitList level={level} caption={a.region.caption} list={{ ...list, data }} canCreate={user.role === 'ADMIN'} canEdit={user.role === 'ADMIN'} onChanged={refresh} />
    </section>
  );
}

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
  const list = useApiQuery(
    ADMIN_DISTRICTS,
    { regionId: regionId || null, ...slice, search: search || null },
    { enabled: !!regionId },
  );
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
      asUnit((await session.request(UPDATE_DISTRICT, { input: { id, name, ...(number !== undefined ? { oktmo: number } : {}), active } })).updateDistrict),
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
  const districtInfo = useApiQuery(DISTRICT, { id: districtId }, { enabled: !!districtId && !pickedRegion && !fixedRegion, staleTime: 300_000 });
  const regionValue = pickedRegion || districtInfo.data?.district.regionId || '';
  const [search] = useSearchParam('q');
  const slice = usePageWindow();
  const list = useApiQuery(
    ADMIN_SCHOOLS,
    { districtId: districtId || null, ...slice, search: search || null },
    { enabled: !!districtId },
  );
  const refresh = useRefresh(ADMIN_SCHOOLS);
  const level: Level = {
    numberLabel: a.school.inn,
    numberHint: a.school.innHint,
    newTitle: a.school.newTitle,
    editTitle: a.school.editTitle,
    deactivateWhat: a.school.deactivateWhat,
    activateWhat: a.school.activateWhat,
    create: async ({ code, name, number }) => asUnit((await session.request(CREATE_SCHOOL, { input: { districtId, code, name, inn: number } })).createSchool),
    update: async ({ id, name, number, active }) =>
      asUnit((await session.request(UPDATE_SCHOOL, { input: { id, name, ...(number !== undefined ? { inn: number } : {}), active } })).updateSchool),
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
          <DistrictSelect regionId={fixedRegion ?? (regionValue || null)} value={pickedDistrict} onChange={(id) => setPickedDistrict(id || null)} />
        </div>
      )}
      {districtId ? (
        <UnitList level={level} caption={a.school.caption(districtName ?? '')} list={{ ...list, data }} canCreate canEdit onChanged={refresh} />
      ) : (
        <p>{a.district.pickAny}.</p>
      )}
    </section>
  );
}

function asUnit(row: { id: string; code: string; name: string; active: boolean; okato?: string | null; oktmo?: string | null; inn?: string | null }): Unit {
  return { id: row.id, code: row.code, name: row.name, active: row.active, number: row.okato ?? row.oktmo ?? row.inn ?? null };
}

