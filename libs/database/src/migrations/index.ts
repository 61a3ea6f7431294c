import { Foundation1764150000000 } from './1764150000000-foundation';
import { Organisation1764150000100 } from './1764150000100-organisation';
import { JobRuns1764150000200 } from './1764150000200-job-runs';
import { EnrollmentTargets1764150000300 } from './1764150000300-enrollment-targets';
import { QuarterlyReports1764150000400 } from './1764150000400-quarterly-reports';
import { Monitoring1764150000500 } from './1764150000500-monitoring';
import { StatExports1764150000600 } from './1764150000600-stat-exports';
import { Roadmap1764150000700 } from './1764150000700-roadmap';
import { RateLimits1764150000800 } from './1764150000800-rate-limits';
import { RoadmapMatrixExport1764150000900 } from './1764150000900-roadmap-matrix-export';
import { RequestPath1764150001500 } from './1764150001500-request-path';
import { TokenVersions1764150001700 } from './1764150001700-token-versions';
import { NarrowWriteRights1764150001710 } from './1764150001710-narrow-write-rights';
import { AuthenticateTokenVersion1764150001720 } from './1764150001720-authenticate-token-version';
import { DistributionKeys1764150002100 } from './1764150002100-distribution-keys';
import { SchedulerTicks1764150002101 } from './1764150002101-scheduler-ticks';
import { AccountPlaceChange1764150002200 } from './1764150002200-account-place-change';
import { ReportingWorkflow1764150002300 } from './1764150002300-reporting-workflow';
import { ParticipantRegistry1764150002400 } from './1764150002400-participant-registry';
import { StatExportSnapshotAge1764150002500 } from './1764150002500-stat-export-snapshot-age';
import { ImportBatches1764150002600 } from './1764150002600-import-batches';

/** Every migration in order, listed explicitly. */
export const MIGRATIONS = [
  Foundation1764150000000,
  Organisation1764150000100,
  JobRuns1764150000200,
  EnrollmentTargets1764150000300,
  QuarterlyReports1764150000400,
  Monitoring1764150000500,
  StatExports1764150000600,
  Roadmap1764150000700,
  RateLimits1764150000800,
  RoadmapMatrixExport1764150000900,
  RequestPath1764150001500,
  TokenVersions1764150001700,
  NarrowWriteRights1764150001710,
  AuthenticateTokenVersion1764150001720,
  DistributionKeys1764150002100,
  SchedulerTicks1764150002101,
  AccountPlaceChange1764150002200,
  ReportingWorkflow1764150002300,
  ParticipantRegistry1764150002400,
  StatExportSnapshotAge1764150002500,
  ImportBatches1764150002600,
];
