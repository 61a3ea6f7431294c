export * from './mentoring-vocabulary';
export * from './quarterly-report-catalogue';
export * from './quarterly-report-validation';
export * from './quarterly-report-warnings';
export * from './quarterly-report-workflow';
export * from './quarterly-report-hash';
