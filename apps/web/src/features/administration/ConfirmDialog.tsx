import { ReactNode } from 'react';
import { t } from '../../i18n';
import { Dialog } from '../../shared/ui/Dialog';

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
