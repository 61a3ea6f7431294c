import { ComponentType, lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { LoginPage } from './features/auth/LoginPage';
import { useSession } from './features/auth/session';
import { t } from './i18n';
import { ErrorMessage } from './shared/ui/ErrorMessage';
import { Layout } from './shared/ui/Layout';
import { Loading } from './shared/ui/Loading';
import { homePath } from './shared/ui/navigation';
import { NotFoundPage } from './shared/ui/NotFoundPage';

/**
 * A page loaded with its route. After a new release the old file names are gone: a failed load
 * reloads the page once (the new index names the new files) instead of leaving a blank screen.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => {
    try {
      const module = await load();
      sessionStorage.removeItem(RELOADED);
      return { default: module[name] };
    } catch (error) {
      if (!sessionStorage.getItem(RELOADED)) {
        sessionStorage.setItem(RELOADED, '1');
        window.location.reload();
        return new Promise<never>(() => undefined);
      }
      throw error;
    }
  });
}
const RELOADED = 'mm.reloadedForPage';

// Pages load with their route: the sign-in page's bundle carries none of them (nor the chart library).
const AdminHomePage = page(() => import('./features/administration/AdminHomePage'), 'AdminHomePage');
const AuditPage = page(() => import('./features/administration/AuditPage'), 'AuditPage');
const EnrollmentPage = page(() => import('./features/administration/EnrollmentPage'), 'EnrollmentPage');
const ImportPage = page(() => import('./features/administration/ImportPage'), 'ImportPage');
const AdminDistrictsPage = page(() => import('./features/administration/AdminDistrictsPage'), 'AdminDistrictsPage');
const AdminRegionsPage = page(() => import('./features/administration/AdminRegionsPage'), 'AdminRegionsPage');
const AdminSchoolsPage = page(() => import('./features/administration/AdminSchoolsPage'), 'AdminSchoolsPage');
const RegionSchedulePage = page(() => import('./features/administration/RegionSchedulePage'), 'RegionSchedulePage');
const UsersPage = page(() => import('./features/administration/UsersPage'), 'UsersPage');
const DistrictDashboardPage = page(() => import('./features/monitoring/DistrictDashboardPage'), 'DistrictDashboardPage');
const DistrictExportsPage = page(() => import('./features/exports/DistrictExportsPage'), 'DistrictExportsPage');
const DistrictReportsPage = page(() => import('./features/quarterly-report/DistrictReportsPage'), 'DistrictReportsPage');
const DistrictRoadmapPage = page(() => import('./features/roadmap/DistrictRoadmapPage'), 'DistrictRoadmapPage');
const DistrictSignOffPage = page(() => import('./features/reporting-workflow/DistrictSignOffPage'), 'DistrictSignOffPage');
const NotificationsPage = page(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage');
const TargetPlanPage = page(() => import('./features/target-plan/TargetPlanPage'), 'TargetPlanPage');
const PeriodsPage = page(() => import('./features/reporting-workflow/PeriodsPage'), 'PeriodsPage');
const RegionExportsPage = page(() => import('./features/exports/RegionExportsPage'), 'RegionExportsPage');
const RegionPage = page(() => import('./features/monitoring/RegionPage'), 'RegionPage');
const RegionsPage = page(() => import('./features/monitoring/RegionsPage'), 'RegionsPage');
const QuarterlyReportPage = page(() => import('./features/quarterly-report/QuarterlyReportPage'), 'QuarterlyReportPage');
const RegistryConsentsPage = page(() => import('./features/registry/RegistryConsentsPage'), 'RegistryConsentsPage');
const RegistryImportPage = page(() => import('./features/registry/RegistryImportPage'), 'RegistryImportPage');
const RegistryMentoringsPage = page(() => import('./features/registry/RegistryMentoringsPage'), 'RegistryMentoringsPage');
const RegistryParticipantsPage = page(() => import('./features/registry/RegistryParticipantsPage'), 'RegistryParticipantsPage');
const SchoolProgressPage = page(() => import('./features/monitoring/SchoolProgressPage'), 'SchoolProgressPage');
const SchoolRoadmapPage = page(() => import('./features/roadmap/SchoolRoadmapPage'), 'SchoolRoadmapPage');

/** Pages behind the sign-in: anonymous visitors go to the login page and come back after it. */
function SignedIn() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <main id="main" className="centered">
        <Loading />
      </main>
    );
  }
  if (state.status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A password someone else chose is replaced before anything else (the API refuses the rest).
  if (state.mustChangePassword) return <ChangePasswordPage forced />;
  return <Layout />;
}

function Home() {
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  const user = state.user;
  if (user.role === 'DISTRICT_COORDINATOR' && !user.districtId) return <ErrorMessage error={new Error(t.dashboard.noDistrict)} />;
  return <Navigate to={homePath(user)} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<SignedIn />}>
        <Route index element={<Home />} />
        <Route path="password" element={<ChangePasswordPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="districts/:districtId">
          <Route index element={<DistrictDashboardPage />} />
          <Route path="plan" element={<TargetPlanPage />} />
          <Route path="reports" element={<DistrictReportsPage />} />
          <Route path="roadmap" element={<DistrictRoadmapPage />} />
          <Route path="exports" element={<DistrictExportsPage />} />
          <Route path="sign-off" element={<DistrictSignOffPage />} />
        </Route>
        <Route path="schools/:schoolId">
          <Route index element={<Navigate to="report" replace />} />
          <Route path="report" element={<QuarterlyReportPage />} />
          <Route path="progress" element={<SchoolProgressPage />} />
          <Route path="roadmap" element={<SchoolRoadmapPage />} />
          <Route path="registry" element={<RegistryParticipantsPage />} />
          <Route path="registry/consents" element={<RegistryConsentsPage />} />
          <Route path="registry/mentorings" element={<RegistryMentoringsPage />} />
          <Route path="registry/import" element={<RegistryImportPage />} />
        </Route>
        <Route path="regions" element={<RegionsPage />} />
        <Route path="regions/:regionId">
          <Route index element={<RegionPage />} />
          <Route path="periods" element={<PeriodsPage />} />
          <Route path="exports" element={<RegionExportsPage />} />
        </Route>
        <Route path="admin">
          <Route index element={<AdminHomePage />} />
          <Route path="regions" element={<AdminRegionsPage />} />
          <Route path="districts" element={<AdminDistrictsPage />} />
          <Route path="schools" element={<AdminSchoolsPage />} />
          <Route path="schools/:schoolId/enrollment" element={<EnrollmentPage />} />
          <Route path="schedule" element={<RegionSchedulePage />} />
        </Route>
        <Route path="users" element={<UsersPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
