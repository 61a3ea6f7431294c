export * from './monitoring-scope';
export * from './monitoring-figures';
export * from './monitoring-sql';
export * from './monitoring-computation';
export * from './monitoring-snapshot.repository';
export * from './monitoring-settings.repository';
export * from './quarter';
export * from './monitoring-schedule.repository';
