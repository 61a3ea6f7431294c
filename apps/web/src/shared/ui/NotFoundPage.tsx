import { Link } from 'react-router';
import { t } from '../../i18n';
import { useTitle } from '../lib/title';

export function NotFoundPage() {
  useTitle(t.app.notFoundTitle);
  return (
    <section>
      <h1>{t.app.notFoundTitle}</h1>
      <p>{t.app.notFoundText}</p>
      <Link to="/">{t.app.toHome}</Link>
    </section>
  );
}
