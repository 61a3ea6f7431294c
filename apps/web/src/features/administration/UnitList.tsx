// The list of regions, districts or schools (one level of the organisation) with its create,
// edit and (de)activate dialogs, shared by the three administration pages.
import { FormEvent, ReactNode, useState } from 'react';
import { t } from '../../i18n';
import { Dialog } from '../../shared/ui/Dialog';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Notice } from '../../shared/ui/Notice';
import { ActiveBadge } from './ActiveBadge';
import { ConfirmDialog } from './ConfirmDialog';
import { useSearchParam } from './list-params';
import { PagedList } from './PagedList';
import { SearchForm } from './SearchForm';
import { TextField } from './TextField';

const a = t.admin;

/** A row of any level: what the shared list shows and edits. */
export interface Unit {
  id: string;
  code: string;
  name: string;
  number: string | null;
  active: boolean;
}

export interface Level {
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

export function UnitList({
  level,
  caption,
  list,
  canCreate,
  canEdit,
  onChanged,
}: {
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
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setEditing(unit)}
                    aria-label={`${a.list.edit}: ${unit.name}`}
                  >
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

function UnitDialog({
  level,
  unit,
  onClose,
  onDone,
}: {
  level: Level;
  unit: Unit | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
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

export function asUnit(row: {
  id: string;
  code: string;
  name: string;
  active: boolean;
  okato?: string | null;
  oktmo?: string | null;
  inn?: string | null;
}): Unit {
  return { id: row.id, code: row.code, name: row.name, active: row.active, number: row.okato ?? row.oktmo ?? row.inn ?? null };
}
