export { DomainValidationError } from './validation';
export { PERCENT_BP_MAX, assertPercentBp, formatPercent, parsePercent, type PercentBp } from './percent';
export { targetCount } from './target-count';
export { TARGET_INDICATORS, type TargetIndicator } from './target-indicator';
export { effectiveMentorBase, resolveBase, resolveEnrollment, type EnrollmentRecord } from './enrollment';
export { DEFAULT_SCHEDULES, createTargetSchedule, percentFor, type TargetSchedule, type TargetSchedulePoint } from './target-schedule';
export {
  MAX_PLAN_YEARS,
  buildTargetPlan,
  type TargetPlan,
  type TargetPlanCell,
  type TargetPlanInput,
  type TargetPlanRow,
  type TargetPlanSchool,
  type TargetPlanTotal,
} from './target-plan';
