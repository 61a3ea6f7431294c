// A list page's filters, search and page number, kept in the address.
import { useSearchParams } from 'react-router';

export const PAGE_SIZE = 20;

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

/** The current page's slice of a list, as the list queries take it (first, offset). */
export function usePageWindow(): { first: number; offset: number } {
  const [page] = usePageNumber();
  return { first: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}
