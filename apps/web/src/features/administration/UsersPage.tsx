import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { t } from '../../i18n';
import type { Role } from '../../shared/api/enums';
import { operationKey, useApiQuery } from '../../shared/api/hooks';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { PageHeader } from '../../shared/ui/PageHeader';
import type { SessionUser } from '../auth/auth-operations';
import { useSession, useUser } from '../auth/session';
import { ActiveBadge } from './ActiveBadge';
import {
  ACTIVATE_USER,
  ADMIN_SCHOOLS,
  ADMIN_USERS,
  AdminUser,
  CHANGE_USER_ROLE,
  CREATE_USER,
  DEACTIVATE_USER,
  RESET_USER_PASSWORD,
} from './admin-operations';
import { fixedDistrictOf, fixedRegionOf } from './admin-scope';
import { ConfirmDialog } from './ConfirmDialog';
import { DistrictSelect } from './DistrictSelect';
import { usePageWindow, useSearchParam } from './list-params';
import { PagedList } from './PagedList';
import { RegionSelect } from './RegionSelect';
import { SearchForm } from './SearchForm';
import { TextField } from './TextField';

const a = t.admin;

const ROLES: Role[] = ['ADMIN', 'AUTHORITY', 'DISTRICT_COORDINATOR', 'SCHOOL_CURATOR'];
const RANK: Record<Role, number> = { SCHOOL_CURATOR: 1, DISTRICT_COORDINATOR: 2, AUTHORITY: 3, ADMIN: 4 };

/** The roles this user may grant: none above its own; a coordinator only curators. */
function grantable(user: SessionUser): Role[] {
  if (user.role === 'DISTRICT_COORDINATOR') return ['SCHOOL_CURATOR'];
  return ROLES.filter((role) => RANK[role] <= RANK[user.role]);
}

type Pending = { kind: 'toggle' | 'reset'; user: AdminUser };

/** Accounts in the user's scope: by place and role, created, (de)activated, passwords reset (admins). */
export function UsersPage() {
  const session = useSession();
  const me = useUser();
  const queryClient = useQueryClient();
  const fixedRegion = fixedRegionOf(me);
  const fixedDistrict = fixedDistrictOf(me);
  const [pickedRegion, setPickedRegion] = useSearchParam('region', ['district']);
  const [pickedDistrict, setPickedDistrict] = useSearchParam('district');
  const [role, setRole] = useSearchParam('role');
  const [search, setSearch] = useSearchParam('q');
  const slice = usePageWindow();
  const regionId = fixedRegion ?? (pickedRegion || null);
  const districtId = fixedDistrict ?? (pickedDistrict || null);
  const list = useApiQuery(ADMIN_USERS, {
    regionId: fixedDistrict ? null : regionId,
    districtId,
    role: (role || null) as Role | null,
    search: search || null,
    ...slice,
  });
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState<AdminUser | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState<{ email: string; password: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const roleId = useId();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: operationKey(ADMIN_USERS) });

  async function confirm(action: Pending) {
    setBusy(true);
    setError(null);
    try {
      if (action.kind === 'reset') {
        const { resetUserPassword } = await session.request(RESET_USER_PASSWORD, { id: action.user.id });
        setPassword({ email: resetUserPassword.user.email, password: resetUserPassword.temporaryPassword });
      } else if (action.user.active) {
        await session.request(DEACTIVATE_USER, { id: action.user.id });
        setNotice(a.list.deactivated(action.user.email));
      } else {
        await session.request(ACTIVATE_USER, { id: action.user.id });
        setNotice(a.list.activated(action.user.email));
      }
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
      setBusy(false);
    }
  }

  return (
    <section>
      <PageHeader title={a.user.title}>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          {a.list.create}
        </button>
      </PageHeader>
      <div className="filters">
        {!fixedRegion && !fixedDistrict && <RegionSelect value={pickedRegion} onChange={(id) => setPickedRegion(id || null)} />}
        {!fixedDistrict && regionId && (
          <DistrictSelect regionId={regionId} value={pickedDistrict} onChange={(id) => setPickedDistrict(id || null)} />
        )}
        <div className="field inline-field">
          <label htmlFor={roleId}>{a.user.role}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value || null)}>
            <option value="">{a.user.anyRole}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <SearchForm value={search} onSearch={(value) => setSearch(value || null)} placeholder={a.user.email} />
      {notice && <Notice>{notice}</Notice>}
      {error !== null && <ErrorMessage error={error} />}
      {password && (
        <div className="alert alert-warning" role="alert">
          <p className="alert-title">{a.user.resetDone(password.email)}</p>
          <p>
            <code className="secret">{password.password}</code>
          </p>
          <p>{a.user.resetShownOnce}</p>
          <button type="button" className="button secondary small" onClick={() => setPassword(null)}>
            {t.app.close}
          </button>
        </div>
      )}
      <PagedList
        query={list}
        select={(answer) => answer.users}
        caption={a.user.caption}
        columns={
          <>
            <th scope="col">{a.user.email}</th>
            <th scope="col">{a.user.displayName}</th>
            <th scope="col">{a.user.role}</th>
            <th scope="col">{a.list.state}</th>
            <th scope="col">{a.list.actions}</th>
          </>
        }
        row={(account) => (
          <tr key={account.id}>
            <th scope="row" className="wrap-anywhere">
              {account.email}
            </th>
            <td>{account.displayName ?? t.app.notAvailable}</td>
            <td>{t.roles[account.role]}</td>
            <td>
              <ActiveBadge active={account.active} />
            </td>
            <td className="row-actions">
              {account.id === me.id ? (
                <span className="muted">{a.user.you}</span>
              ) : (
                <>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setMoving(account)}
                    aria-label={`${a.user.changeRole}: ${account.email}`}
                  >
                    {a.user.changeRole}
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setPending({ kind: 'toggle', user: account })}
                    aria-label={`${account.active ? a.list.deactivate : a.list.activate}: ${account.email}`}
                  >
                    {account.active ? a.list.deactivate : a.list.activate}
                  </button>
                  {me.role === 'ADMIN' && (
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => setPending({ kind: 'reset', user: account })}
                      aria-label={`${a.user.resetPassword}: ${account.email}`}
                    >
                      {a.user.resetPassword}
                    </button>
                  )}
                </>
              )}
            </td>
          </tr>
        )}
      />
      <ConfirmDialog
        open={pending !== null}
        title={
          pending
            ? `${pending.kind === 'reset' ? a.user.resetPassword : pending.user.active ? a.list.deactivate : a.list.activate}: ${pending.user.email}`
            : ''
        }
        what={pending?.kind === 'reset' ? a.user.resetWhat : pending?.user.active ? a.user.deactivateWhat : a.user.activateWhat}
        confirmLabel={pending?.kind === 'reset' ? a.user.resetPassword : pending?.user.active ? a.list.deactivate : a.list.activate}
        busy={busy}
        onConfirm={() => pending && void confirm(pending)}
        onClose={() => setPending(null)}
      />
      {moving && (
        <CreateUserDialog
          me={me}
          account={moving}
          initialRegion={moving.regionId}
          initialDistrict={moving.districtId}
          onClose={() => setMoving(null)}
          onDone={(email) => {
            setMoving(null);
            setNotice(a.list.saved(email));
            refresh();
          }}
        />
      )}
      {creating && (
        <CreateUserDialog
          me={me}
          initialRegion={regionId}
          initialDistrict={districtId}
          onClose={() => setCreating(false)}
          onDone={(email) => {
            setCreating(false);
            setNotice(a.list.created(email));
            refresh();
          }}
        />
      )}
    </section>
  );
}

/** A new account, or (with `account`) a new role and place for an existing one. */
function CreateUserDialog({
  me,
  account,
  initialRegion,
  initialDistrict,
  onClose,
  onDone,
}: {
  me: SessionUser;
  account?: AdminUser;
  initialRegion: string | null;
  initialDistrict: string | null;
  onClose: () => void;
  onDone: (email: string) => void;
}) {
  const session = useSession();
  const roles = grantable(me);
  const [role, setRole] = useState<Role>(
    account && roles.includes(account.role) ? account.role : roles.includes('SCHOOL_CURATOR') ? 'SCHOOL_CURATOR' : roles[0]!,
  );
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [regionId, setRegionId] = useState(fixedRegionOf(me) ?? initialRegion ?? '');
  const [districtId, setDistrictId] = useState(fixedDistrictOf(me) ?? initialDistrict ?? '');
  const [schoolId, setSchoolId] = useState(account?.schoolId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const roleId = useId();
  const schoolField = useId();
  const schools = useApiQuery(
    ADMIN_SCHOOLS,
    { districtId: districtId || null, first: 200, offset: 0 },
    { enabled: role === 'SCHOOL_CURATOR' && !!districtId },
  );
  const needsRegion = role !== 'ADMIN';
  const needsDistrict = role === 'DISTRICT_COORDINATOR' || role === 'SCHOOL_CURATOR';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (account) {
        const { changeUserRole } = await session.request(CHANGE_USER_ROLE, {
          input: {
            id: account.id,
            role,
            regionId: role === 'AUTHORITY' ? regionId || null : null,
            districtId: role === 'DISTRICT_COORDINATOR' ? districtId || null : null,
            schoolId: role === 'SCHOOL_CURATOR' ? schoolId || null : null,
          },
        });
        onDone(changeUserRole.email);
        return;
      }
      const { createUser } = await session.request(CREATE_USER, {
        input: {
          email: email.trim(),
          password,
          role,
          displayName: displayName.trim() || null,
          regionId: role === 'AUTHORITY' ? regionId || null : null,
          districtId: role === 'DISTRICT_COORDINATOR' ? districtId || null : null,
          schoolId: role === 'SCHOOL_CURATOR' ? schoolId || null : null,
        },
      });
      onDone(createUser.email);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Dialog title={account ? a.user.changeRoleTitle(account.email) : a.user.newTitle} open onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        {error !== null && <ErrorMessage error={error} />}
        <div className="field">
          <label htmlFor={roleId}>{a.user.role}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)} autoFocus>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
        {needsRegion && !fixedRegionOf(me) && <RegionSelect value={regionId} onChange={setRegionId} />}
        {needsDistrict && !fixedDistrictOf(me) && (regionId || fixedRegionOf(me)) && (
          <DistrictSelect regionId={regionId || fixedRegionOf(me)} value={districtId} onChange={setDistrictId} />
        )}
        {role === 'SCHOOL_CURATOR' && districtId && (
          <div className="field">
            <label htmlFor={schoolField}>{a.user.school}</label>
            <select id={schoolField} value={schoolId} onChange={(e) => setSchoolId(e.target.value)} required>
              <option value="">{a.user.pickSchool}</option>
              {schools.data?.schools.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </div>
        )}
        {account ? (
          <p className="hint">{a.user.changeRoleWhat}</p>
        ) : (
          <>
            <TextField label={a.user.email} value={email} onChange={setEmail} type="email" required autoComplete="off" />
            <TextField label={a.user.displayName} value={displayName} onChange={setDisplayName} />
            <TextField
              label={a.user.password}
              value={password}
              onChange={setPassword}
              required
              hint={a.user.passwordHint}
              autoComplete="new-password"
            />
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? a.list.creating : account ? t.app.save : a.list.create}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            {t.app.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
