export {
  MAX_SCHOOL_YEAR,
  MIN_SCHOOL_YEAR,
  calendarDate,
  isCalendarDate,
  isWithinSchoolYear,
  requireCalendarDate,
  requireSchoolYear,
  schoolYearBounds,
  schoolYearLabel,
  schoolYearOf,
  type SchoolYearBounds,
} from './school-year';
export {
  ROADMAP_COMPLETION_STATES,
  ROADMAP_STAGE_STATES,
  isBehindSchedule,
  isPastDeadline,
  stageCounts,
  stageState,
  type RoadmapCompletionState,
  type RoadmapStageState,
  type StageCounts,
  type StageStateInput,
} from './roadmap-stage-state';
export {
  ROADMAP_TEMPLATE,
  defaultRoadmapTitle,
  romanNumeral,
  shiftedTemplateStages,
  templateStages,
  type RoadmapStageDraft,
  type RoadmapTemplateStage,
} from './roadmap-template';
export { ROADMAP_TIME_ZONE, roadmapDayOf } from './roadmap-day';
