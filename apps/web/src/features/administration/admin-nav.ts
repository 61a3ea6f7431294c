import { t } from '../../i18n';
import type { SessionUser } from '../auth/auth-operations';

export interface AdminNavItem {
  to: string;
  label: string;
  hint: string;
}

/** The administration pages a role may use (the API decides the rest within them). */
export function adminNav(user: SessionUser): AdminNavItem[] {
  const a = t.admin;
  const items: AdminNavItem[] = [];
  if (user.role === 'ADMIN') items.push({ to: '/admin/regions', label: a.nav.regions, hint: a.home.regions });
  if (user.role === 'ADMIN' || user.role === 'AUTHORITY')
    items.push({ to: '/admin/districts', label: a.nav.districts, hint: a.home.districts });
  if (user.role !== 'SCHOOL_CURATOR') {
    items.push({ to: '/admin/schools', label: a.nav.schools, hint: a.home.schools });
    items.push({ to: '/users', label: a.nav.users, hint: a.home.users });
    items.push({ to: '/import', label: a.nav.import, hint: a.home.import });
  }
  if (user.role === 'ADMIN' || user.role === 'AUTHORITY') {
    items.push({ to: '/admin/schedule', label: a.nav.schedule, hint: a.home.schedule });
    items.push({ to: user.regionId ? `/regions/${user.regionId}/periods` : '/regions', label: t.nav.periods, hint: a.home.periods });
  }
  if (user.role !== 'SCHOOL_CURATOR') items.push({ to: '/audit', label: a.nav.audit, hint: a.home.audit });
  return items;
}
