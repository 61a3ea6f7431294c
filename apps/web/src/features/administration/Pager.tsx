import { t } from '../../i18n';
import { PAGE_SIZE } from './list-params';

const a = t.admin;

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
