export { DEFAULT_EXPECTED_PROGRESS, expectedProgressFor, type ExpectedProgress } from './expected-progress';
export { coveragePercent, progressPercent } from './monitoring-percent';
export {
  AT_RISK_MARGIN_BP,
  AT_RISK_MARGIN_PP,
  MONITORING_STATUSES,
  monitoringStatus,
  type MonitoringStatus,
  type MonitoringStatusInput,
} from './monitoring-status';
