import { FormEvent, ReactNode, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ADMIN_DISTRICTS, ADMIN_REGIONS } from './admin-operations';
import { useApiQuery } from '../../shared/api/hooks';
import type { SessionUser } from '../auth/auth-operations';
import { Dialog } from '../../shared/ui/Dialog';
import { t } from '../../i18n';

const a = t.admin;
export const PAGE_SIZE = 20;

/** Where the signed-in user may administer: an admin (or a federal authority) picks the region. */
export function fixedRegionOf(user: SessionUser): string | null {
  return user.role === 'ADMIN' ? null : user.regionId;
}

export function fixedDistrictOf(user: SessionUser): string | null {
  return user.role === 'DISTRICT_COORDINATOR' ? user.districtId : null;
}

/**
 * A value kept in the page's address (?name=…), so a reload or a shared link keeps the selection.
 * Changing it clears the page number and the values that depend on it (`clears`: a district of another region).
 */
export function useSearchParam(name: string, clears: readonly string[] = []): [string, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = (next: string | null) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next) copy.set(name, next);
        else copy.delete(name);
        if (name !== 'page') copy.delete('page');
        for (const dependent of clears) copy.delete(dependent);
        return copy;
      },
      { replace: true },
    );
  return [value, set];
}

export function usePageNumber(): [number, (page: number) => void] {
  const [value, set] = useSearchParam('page');
  const page = Math.max(1, Number(value) || 1);
  return [page, (next) => set(next > 1 ? String(next) : null)];
}

export function Pager({ page, total, onPage }: { page: number; total: number; onPage: (page: number) => void }) {
  if (total === 0) return null;
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  return (
    <nav className="pager" aria-label={a.list.paging}>
      <button type="button" className="button secondary small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {a.list.previous}
      </button>
      <span aria-live="polite">{a.list.page(from, to, total)}</span>
      <button type="button" className="button secondary small" disabled={to >= total} onClick={() => onPage(page + 1)}>
        {a.list.next}
      </button>
    </nav>
  );
}

/** A search box that applies on Enter or the button (not on every key, which would page the server). */
export function SearchForm({ value, onSearch, placeholder }: { value: string; onSearch: (value: string) => void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return (
    <form className="search-form" role="search" onSubmit={submit}>
      <label htmlFor={id}>{a.list.search}</label>
      <input id={id} type="search" value={text} placeholder={placeholder ?? a.list.searchPlaceholder} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button secondary">
        {a.list.find}
      </button>
      {value && (
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            setText('');
            onSearch('');
          }}
        >
          {a.list.reset}
        </button>
      )}
    </form>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={`badge ${active ? 'badge-ok' : 'badge-muted'}`}>{active ? a.list.active : a.list.inactive}</span>;
}

/** Asks before a change whose consequences the user must know (`what` says them). */
export function ConfirmDialog({
  title,
  what,
  confirmLabel,
  open,
  busy,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  what: string;
  confirmLabel: string;
  open: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog title={title} open={open} onClose={onClose}>
      <p>{what}</p>
      {children}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onClose} data-autofocus>
          {t.app.cancel}
        </button>
      </div>
    </Dialog>
  );
}

/** The regions the user may pick (admins: all; others see their own through RLS). */
export function RegionSelect({ value, onChange, label }: { value: string; onChange: (id: string) => void; label?: string }) {
  const id = useId();
  const regions = useApiQuery(ADMIN_REGIONS, { first: 200, offset: 0 }, { staleTime: 60_000 });
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{label ?? a.region.pick}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{a.region.pickAny}</option>
        {regions.data?.regions.items.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({r.code})
          </option>
        ))}
      </select>
    </div>
  );
}

export function DistrictSelect({ regionId, value, onChange }: { regionId: string | null; value: string; onChange: (id: string) => void }) {
  const id = useId();
  const districts = useApiQuery(ADMIN_DISTRICTS, { regionId, first: 200, offset: 0 }, { staleTime: 60_000 });
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{a.district.pick}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{a.district.pickAny}</option>
        {districts.data?.districts.items.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.code})
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled text input of a small form. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  required,
  type = 'text',
  autoFocus,
  inputMode,
  autoComplete,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  required?: boolean;
  type?: string;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'email' | 'text';
  autoComplete?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="required" aria-hidden="true"> *</span> : <span className="muted"> ({a.list.optional})</span>}
      </label>
      <input
        id={id}
        type={type}
        value={value}
        required={required}
        autoFocus={autoFocus}
        inputMode={inputMode}
        autoComplete={autoComplete}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
