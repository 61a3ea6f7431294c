import { FormEvent, useId, useState } from 'react';
import { formatDate, formatDateTime, t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useSession, useUser } from '../auth/session';
import { ADMIN_DISTRICTS, ADMIN_REGIONS, ADMIN_USERS, AUDIT_LOG, AuditEntry } from './admin-operations';
import { fixedDistrictOf, fixedRegionOf } from './admin-scope';
import { DistrictSelect } from './DistrictSelect';
import { usePageWindow, useSearchParam } from './list-params';
import { PagedList } from './PagedList';
import { RegionSelect } from './RegionSelect';

const a = t.admin;

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t.app.notAvailable;
  if (typeof value === 'boolean') return value ? t.app.yes : t.app.no;
  if (key === 'role' && typeof value === 'string') return t.roles[value] ?? value;
  if (key === 'status' && typeof value === 'string') return t.reportStatus[value] ?? value;
  if ((key === 'deadline' || key === 'previousDeadline') && typeof value === 'string') return formatDate(value);
  return String(value);
}

/** What changed, in Russian: only the fields the log is known to carry (never secrets, never raw keys). */
function describeDetails(details: string): string[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(details) as Record<string, unknown>;
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'changes' && value && typeof value === 'object') {
      for (const [field, change] of Object.entries(value as Record<string, { from: unknown; to: unknown }>)) {
        const label = a.audit.detailKeys[field];
        if (label) lines.push(`${label}: ${formatValue(field, change.from)} → ${formatValue(field, change.to)}`);
      }
    } else if (a.audit.detailKeys[key] && (typeof value !== 'object' || value === null)) {
      lines.push(`${a.audit.detailKeys[key]}: ${formatValue(key, value)}`);
    }
  }
  return lines;
}

/** The audit log of the user's scope, newest first, filtered by who, what, when and where. */
export function AuditPage() {
  const session = useSession();
  const user = useUser();
  const fixedRegion = fixedRegionOf(user);
  const fixedDistrict = fixedDistrictOf(user);
  const [pickedRegion, setPickedRegion] = useSearchParam('region', ['district']);
  const [pickedDistrict, setPickedDistrict] = useSearchParam('district');
  const [operation, setOperation] = useSearchParam('op');
  const [actor, setActor] = useSearchParam('actor');
  const [from, setFrom] = useSearchParam('from');
  const [to, setTo] = useSearchParam('to');
  const slice = usePageWindow();
  const [actorEmail, setActorEmail] = useState('');
  const [actorMissing, setActorMissing] = useState(false);
  const id = useId();
  const regionId = fixedRegion ?? (pickedRegion || null);
  const districtId = fixedDistrict ?? (pickedDistrict || null);
  // `to` is a day the user includes: the API's bound is exclusive, so it is the next midnight.
  const toExclusive = to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : null;
  const log = useApiQuery(AUDIT_LOG, {
    regionId: districtId ? null : regionId,
    districtId,
    actorUserId: actor || null,
    operation: operation || null,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : null,
    to: toExclusive,
    ...slice,
  });
  // Names for the ids the log carries: the accounts, districts and regions of the scope (first 200 of each).
  const users = useApiQuery(ADMIN_USERS, { first: 200, offset: 0 }, { staleTime: 60_000 });
  const districts = useApiQuery(ADMIN_DISTRICTS, { first: 200, offset: 0 }, { staleTime: 60_000 });
  const regions = useApiQuery(ADMIN_REGIONS, { first: 200, offset: 0 }, { staleTime: 60_000 });
  const emailOf = new Map(users.data?.users.items.map((u) => [u.id, u.email]) ?? []);
  const districtOf = new Map(districts.data?.districts.items.map((d) => [d.id, d.name]) ?? []);
  const regionOf = new Map(regions.data?.regions.items.map((r) => [r.id, r.name]) ?? []);

  async function applyActor(event: FormEvent) {
    event.preventDefault();
    setActorMissing(false);
    const email = actorEmail.trim();
    if (!email) return setActor(null);
    const found = await session.request(ADMIN_USERS, { search: email, first: 1, offset: 0 });
    const match = found.users.items[0];
    if (match) setActor(match.id);
    else setActorMissing(true);
  }

  function where(entry: AuditEntry): string {
    const parts = [entry.regionId && regionOf.get(entry.regionId), entry.districtId && districtOf.get(entry.districtId)].filter(Boolean);
    return parts.length ? parts.join(', ') : t.app.notAvailable;
  }

  const operations = Object.keys(a.audit.operations);

  return (
    <section>
      <PageHeader title={a.audit.title} />
      <div className="filters">
        {!fixedRegion && !fixedDistrict && <RegionSelect value={pickedRegion} onChange={(v) => setPickedRegion(v || null)} />}
        {!fixedDistrict && regionId && (
          <DistrictSelect regionId={regionId} value={pickedDistrict} onChange={(v) => setPickedDistrict(v || null)} />
        )}
        <div className="field inline-field">
          <label htmlFor={`${id}-op`}>{a.audit.operation}</label>
          <select id={`${id}-op`} value={operation} onChange={(e) => setOperation(e.target.value || null)}>
            <option value="">{a.audit.anyOperation}</option>
            {operations.map((op) => (
              <option key={op} value={op}>
                {a.audit.operations[op]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline-field">
          <label htmlFor={`${id}-from`}>{a.audit.from}</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value || null)} />
        </div>
        <div className="field inline-field">
          <label htmlFor={`${id}-to`}>{a.audit.to}</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value || null)} />
        </div>
      </div>
      <form className="search-form" onSubmit={(e) => void applyActor(e)}>
        <label htmlFor={`${id}-actor`}>{a.audit.actor}</label>
        <input id={`${id}-actor`} type="search" value={actorEmail} onChange={(e) => setActorEmail(e.target.value)} />
        <button type="submit" className="button secondary">
          {a.audit.apply}
        </button>
        {actor && (
          <button
            type="button"
            className="button ghost"
            onClick={() => {
              setActorEmail('');
              setActor(null);
            }}
          >
            {a.list.reset}
          </button>
        )}
      </form>
      {actorMissing && <p className="error-text">{a.list.empty}</p>}
      <PagedList
        query={log}
        select={(answer) => answer.auditLog}
        caption={a.audit.caption}
        tableClassName="data-table audit-table"
        columns={
          <>
            <th scope="col">{a.audit.when}</th>
            <th scope="col">{a.audit.who}</th>
            <th scope="col">{a.audit.what}</th>
            <th scope="col">{a.audit.where}</th>
            <th scope="col">{a.audit.details}</th>
          </>
        }
        row={(entry) => (
          <tr key={entry.id}>
            <td>{formatDateTime(entry.occurredAt)}</td>
            <td className="wrap-anywhere">
              {entry.actorUserId ? (emailOf.get(entry.actorUserId) ?? a.audit.unknownUser) : a.audit.system}
              <br />
              <span className="muted">{t.roles[entry.actorRole] ?? a.audit.system}</span>
            </td>
            <td>{a.audit.operations[entry.operation] ?? a.audit.operation}</td>
            <td>{where(entry)}</td>
            <td className="wrap-anywhere">
              {describeDetails(entry.details).map((line, i) => (
                <div key={i}>{line}</div>
              ))}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
