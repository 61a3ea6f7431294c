import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { ErrorMessage, Loading } from './components/ErrorMessage';
import { homePath, Layout } from './components/Layout';
import { t } from './i18n';
import { DistrictDashboardPage } from './pages/district/DistrictDashboardPage';
import { DistrictExportsPage } from './pages/district/DistrictExportsPage';
import { DistrictReportsPage } from './pages/district/DistrictReportsPage';
import { DistrictRoadmapPage } from './pages/district/DistrictRoadmapPage';
import { TargetPlanPage } from './pages/district/TargetPlanPage';
import { AdminHomePage } from './pages/admin/AdminHomePage';
import { AuditPage } from './pages/admin/AuditPage';
import { EnrollmentPage } from './pages/admin/EnrollmentPage';
import { ImportPage } from './pages/admin/ImportPage';
import { AdminDistrictsPage, AdminRegionsPage, AdminSchoolsPage } from './pages/admin/OrganisationPages';
import { RegionSchedulePage } from './pages/admin/RegionSchedulePage';
import { UsersPage } from './pages/admin/UsersPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PeriodsPage } from './pages/region/PeriodsPage';
import { RegionExportsPage } from './pages/region/RegionExportsPage';
import { RegionPage } from './pages/region/RegionPage';
import { RegionsPage } from './pages/region/RegionsPage';
import { QuarterlyReportPage } from './pages/school/QuarterlyReportPage';
import { SchoolProgressPage } from './pages/school/SchoolProgressPage';
import { SchoolRoadmapPage } from './pages/school/SchoolRoadmapPage';

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
        <Route path="districts/:districtId">
          <Route index element={<DistrictDashboardPage />} />
          <Route path="plan" element={<TargetPlanPage />} />
          <Route path="reports" element={<DistrictReportsPage />} />
          <Route path="roadmap" element={<DistrictRoadmapPage />} />
          <Route path="exports" element={<DistrictExportsPage />} />
        </Route>
        <Route path="schools/:schoolId">
          <Route index element={<Navigate to="report" replace />} />
          <Route path="report" element={<QuarterlyReportPage />} />
          <Route path="progress" element={<SchoolProgressPage />} />
          <Route path="roadmap" element={<SchoolRoadmapPage />} />
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
