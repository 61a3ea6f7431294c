import { ReactNode } from 'react';
import { t } from '../../i18n';
import { QueryLike, QueryState } from '../../shared/ui/QueryState';
import { TableScroll } from '../../shared/ui/TableScroll';
import { usePageNumber } from './list-params';
import { Pager } from './Pager';

const a = t.admin;

/**
 * One page of a searchable administration list (regions, districts, schools, accounts, audit log):
 * the query's loading/error/empty states, the table captioned with the total, and the pager
 * (its page number lives in the address, where the page's query reads it: usePageNumber).
 */
export function PagedList<TData, TItem>({
  query,
  select,
  caption,
  tableClassName = 'data-table',
  columns,
  row,
}: {
  query: QueryLike<TData>;
  /** The current page's items and the total in the answer. */
  select: (data: TData) => { items: readonly TItem[]; totalCount: number };
  caption: string;
  tableClassName?: string;
  /** The header row's cells. */
  columns: ReactNode;
  /** One item's row (a keyed <tr>). */
  row: (item: TItem) => ReactNode;
}) {
  const [page, setPage] = usePageNumber();
  return (
    <QueryState query={query} retry isEmpty={(data) => select(data).items.length === 0} empty={a.list.empty}>
      {(data) => {
        const { items, totalCount } = select(data);
        return (
          <>
            <TableScroll label={caption}>
              <table className={tableClassName}>
                <caption>
                  {caption} · {a.list.total(totalCount)}
                </caption>
                <thead>
                  <tr>{columns}</tr>
                </thead>
                <tbody>{items.map((item) => row(item))}</tbody>
              </table>
            </TableScroll>
            <Pager page={page} total={totalCount} onPage={setPage} />
          </>
        );
      }}
    </QueryState>
  );
}
