// The navigation of each role: its pages, and where it starts after signing in.
import type { SessionUser } from '../../features/auth/auth-operations';
import { t } from '../../i18n';
import type { Role } from '../api/enums';

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

export function districtNav(districtId: string): NavItem[] {
  return [
    { to: `/districts/${districtId}`, label: t.nav.dashboard, end: true },
    { to: `/districts/${districtId}/plan`, label: t.nav.plan },
    { to: `/districts/${districtId}/reports`, label: t.nav.reports },
    { to: `/districts/${districtId}/sign-off`, label: t.nav.signOff },
    { to: `/districts/${districtId}/roadmap`, label: t.nav.roadmap },
    { to: `/districts/${districtId}/exports`, label: t.nav.exports },
  ];
}

export function regionNav(regionId: string): NavItem[] {
  return [
    { to: `/regions/${regionId}`, label: t.nav.region, end: true },
    { to: `/regions/${regionId}/periods`, label: t.nav.periods },
    { to: `/regions/${regionId}/exports`, label: t.nav.regionExports },
  ];
}

/** The pages of the signed-in role, in its own scope, then administration (all but curators). */
export function primaryNav(user: SessionUser): NavItem[] {
  const own = roleNav(user);
  return user.role === 'SCHOOL_CURATOR' ? own : [...own, { to: '/admin', label: t.admin.nav.admin }];
}

function roleNav(user: SessionUser): NavItem[] {
  switch (user.role as Role) {
    case 'DISTRICT_COORDINATOR':
      return user.districtId ? districtNav(user.districtId) : [];
    case 'SCHOOL_CURATOR':
      return user.schoolId
        ? [
            { to: `/schools/${user.schoolId}/report`, label: t.nav.schoolReport },
            { to: `/schools/${user.schoolId}/progress`, label: t.nav.schoolProgress },
            { to: `/schools/${user.schoolId}/roadmap`, label: t.nav.schoolRoadmap },
            { to: `/schools/${user.schoolId}/registry`, label: t.nav.registryParticipants, end: true },
            { to: `/schools/${user.schoolId}/registry/consents`, label: t.nav.registryConsents },
            { to: `/schools/${user.schoolId}/registry/mentorings`, label: t.nav.registryMentorings },
            { to: `/schools/${user.schoolId}/registry/import`, label: t.nav.registryImport },
          ]
        : [];
    case 'AUTHORITY':
      return user.regionId ? regionNav(user.regionId) : [{ to: '/regions', label: t.nav.regions, end: true }];
    case 'ADMIN':
      return [{ to: '/regions', label: t.nav.regions, end: true }];
  }
}

/** Where a role starts after signing in. */
export function homePath(user: SessionUser): string {
  if (user.role === 'DISTRICT_COORDINATOR' && user.districtId) return `/districts/${user.districtId}`;
  if (user.role === 'SCHOOL_CURATOR' && user.schoolId) return `/schools/${user.schoolId}/report`;
  if (user.role === 'AUTHORITY' && user.regionId) return `/regions/${user.regionId}`;
  return '/regions';
}
