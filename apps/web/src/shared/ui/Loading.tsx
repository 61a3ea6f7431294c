import { t } from '../../i18n';

export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label ?? t.app.loading}
    </p>
  );
}
