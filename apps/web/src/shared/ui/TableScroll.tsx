import { ReactNode } from 'react';
import { t } from '../../i18n';

/**
 * A wide table in a region that scrolls sideways on a tablet; focusable so the keyboard can
 * scroll it, and labelled so a screen reader says what it is.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={t.app.scrollableTable(label)} tabIndex={0}>
      {children}
    </div>
  );
}
