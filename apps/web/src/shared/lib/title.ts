import { useEffect } from 'react';
import { t } from '../../i18n';

/** The browser tab's title: the page, then the application. */
export function useTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = page ? `${page} — ${t.app.title}` : t.app.title;
  }, [page]);
}
