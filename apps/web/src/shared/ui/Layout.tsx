import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useMatch } from 'react-router';
import { adminNav } from '../../features/administration/admin-nav';
import { useSession, useUser } from '../../features/auth/session';
import { UNREAD_NOTIFICATION_COUNT } from '../../features/notifications/notification-operations';
import { t } from '../../i18n';
import { useApiQuery } from '../api/hooks';
import { periodSearch } from '../lib/period';
import { Loading } from './Loading';
import { districtNav, NavItem, primaryNav, regionNav } from './navigation';
import { PageErrorBoundary } from './PageErrorBoundary';

function NavList({ items, search, label }: { items: NavItem[]; search: string; label: string }) {
  return (
    <nav aria-label={label}>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={{ pathname: item.to, search }} end={item.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The header's link to the reminders, with the unread count (looked up again every minute). */
function NotificationsLink() {
  const unread = useApiQuery(UNREAD_NOTIFICATION_COUNT, {}, { refetchInterval: 60_000 });
  const count = unread.data?.unreadNotificationCount ?? 0;
  return (
    <NavLink className="button secondary small" to="/notifications">
      {count > 0 ? t.nav.notificationsUnread(count) : t.nav.notifications}
    </NavLink>
  );
}

/** Header, role-aware navigation, and the page. */
export function Layout() {
  const { logout } = useSession();
  const user = useUser();
  const location = useLocation();
  const search = periodSearch(new URLSearchParams(location.search));
  const districtMatch = useMatch('/districts/:districtId/*');
  const regionMatch = useMatch('/regions/:regionId/*');
  const inAdmin = /^\/(admin|users|import|audit)(\/|$)/.test(location.pathname);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After navigating, move focus to the new page's heading so keyboard and screen reader users start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }, [location.pathname]);

  const drillDistrict = districtMatch && user.role !== 'DISTRICT_COORDINATOR' ? districtMatch.params.districtId : undefined;
  // A region opened from the list (admins, federal authorities) gets its sections too.
  const drillRegion = regionMatch && !user.regionId ? regionMatch.params.regionId : undefined;
  const secondary = drillDistrict
    ? districtNav(drillDistrict)
    : drillRegion
      ? regionNav(drillRegion)
      : inAdmin
        ? adminNav(user).map((item) => ({ to: item.to, label: item.label }))
        : null;
  const showRegionBack = drillDistrict && (user.role === 'AUTHORITY' || user.role === 'ADMIN');

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-title">{t.app.title}</span>
          <span className="brand-subtitle">{t.app.subtitle}</span>
        </div>
        <NavList items={primaryNav(user)} search={search} label={t.nav.label} />
        <div className="user-box">
          <span className="user-name">
            <span>{user.displayName ?? user.email}</span>
            <span className="user-role">{t.roles[user.role] ?? user.role}</span>
          </span>
          <NotificationsLink />
          <NavLink className="button secondary small" to="/password">
            {t.password.link}
          </NavLink>
          <button type="button" className="button secondary small" onClick={logout}>
            {t.nav.logout}
          </button>
        </div>
      </header>
      {secondary && (
        <div className="sub-header">
          {showRegionBack && (
            <NavLink className="back-link" to={{ pathname: user.regionId ? `/regions/${user.regionId}` : '/regions', search }}>
              {t.nav.backToRegion}
            </NavLink>
          )}
          <NavList items={secondary} search={inAdmin ? '' : search} label={inAdmin ? t.admin.nav.admin : t.nav.districtSections} />
        </div>
      )}
      <main id="main" ref={mainRef} tabIndex={-1}>
        {/* A page's code loads when its route is first opened; the header stays meanwhile. */}
        <PageErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
    </div>
  );
}
