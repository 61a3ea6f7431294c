export * from './enrollment.repository';
export * from './plan-scope.repository';
export * from './plan-years';
export * from './target-schedule.repository';
export * from './target-plan.loader';
