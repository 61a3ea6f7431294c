import { Link } from 'react-router';
import { t } from '../../i18n';
import { PageHeader } from '../../shared/ui/PageHeader';
import { useUser } from '../auth/session';
import { adminNav } from './admin-nav';

/** The administration pages this user may open, each with what it is for. */
export function AdminHomePage() {
  const user = useUser();
  return (
    <section>
      <PageHeader title={t.admin.home.title} />
      <p>{t.admin.home.intro}</p>
      <ul className="card-list">
        {adminNav(user).map((item) => (
          <li key={item.to} className="card">
            <Link to={item.to}>{item.label}</Link>
            <p className="muted">{item.hint}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
