import { ReactNode, useEffect, useId, useRef } from 'react';
import { t } from '../../i18n';

/**
 * A modal on the native <dialog>: the browser keeps focus inside, Escape closes it, and focus
 * returns to the button that opened it.
 */
export function Dialog({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      dialog.showModal();
      // The content's marked element, else its first field or action — not the header's «Закрыть».
      const first = dialog.querySelector<HTMLElement>(
        '.dialog-body [data-autofocus], .dialog-body input:not([type=hidden]):not(:disabled), .dialog-body select, .dialog-body textarea, .dialog-body button:not(:disabled)',
      );
      first?.focus();
      return () => {
        if (dialog.open) dialog.close();
        opener?.focus?.();
      };
    }
    return undefined;
  }, [open]);
  // The close event is queued: one from an effect's cleanup (StrictMode re-runs effects) arrives after
  // the dialog was shown again, and must not close it.
  const closed = () => {
    if (!ref.current?.open) onClose();
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={closed} onCancel={onClose}>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button ghost" onClick={onClose} aria-label={t.app.close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="dialog-body">{open && children}</div>
    </dialog>
  );
}
