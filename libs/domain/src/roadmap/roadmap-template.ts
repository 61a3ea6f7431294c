// The seven-stage roadmap of the district orders (DESIGN §7): the stages of introducing the
// target model of mentoring in a school, from the Р-145 methodological recommendations. A
// district publishes it as is or edits it; the deadlines below are the defaults, spread over
// the school year so that pairs are at work by the winter and the programme closes in May.
import { calendarDate, schoolYearLabel, schoolYearBounds } from './school-year';

export interface RoadmapTemplateStage {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  /** Month (1–12) and day of the default deadline; September–December fall in the first calendar year. */
  readonly deadline: { readonly month: number; readonly day: number };
  /** Whether completing the stage needs a document (number and date). */
  readonly evidenceRequired: boolean;
}

export const ROADMAP_TEMPLATE: readonly RoadmapTemplateStage[] = Object.freeze(
  [
    {
      code: 'I',
      title: 'Подготовка условий для запуска программы наставничества',
      description:
        'Издание приказа о внедрении целевой модели наставничества, разработка и утверждение положения ' +
        'о наставничестве и программы наставничества, назначение куратора; информирование педагогов, ' +
        'обучающихся и родителей (законных представителей) о запуске программы.',
      deadline: { month: 9, day: 30 },
      evidenceRequired: true,
    },
    {
      code: 'II',
      title: 'Формирование базы наставляемых',
      description:
        'Выявление потребностей обучающихся и педагогов в наставничестве (анкетирование), сбор согласий ' +
        'на обработку персональных данных, формирование базы наставляемых с перечнем запросов.',
      deadline: { month: 10, day: 15 },
      evidenceRequired: true,
    },
    {
      code: 'III',
      title: 'Формирование базы наставников',
      description:
        'Отбор кандидатов в наставники из числа педагогов, обучающихся, выпускников, родителей, ' +
        'представителей работодателей и вузов (колледжей); формирование базы наставников.',
      deadline: { month: 10, day: 31 },
      evidenceRequired: true,
    },
    {
      code: 'IV',
      title: 'Отбор и обучение наставников',
      description:
        'Отбор наставников по результатам анкетирования и собеседования, обучение наставников ' +
        '(программа обучения, методические материалы), формирование перечня обученных наставников.',
      deadline: { month: 11, day: 30 },
      evidenceRequired: true,
    },
    {
      code: 'V',
      title: 'Формирование наставнических пар/групп',
      description:
        'Организационная встреча наставников и наставляемых, формирование наставнических пар и групп, ' +
        'закрепление их приказом по образовательной организации.',
      deadline: { month: 12, day: 15 },
      evidenceRequired: true,
    },
    {
      code: 'VI',
      title: 'Организация работы наставнических пар/групп',
      description:
        'Реализация планов работы наставнических пар и групп, текущий контроль и промежуточная рефлексия, ' +
        'сбор обратной связи от наставников и наставляемых.',
      deadline: { month: 4, day: 30 },
      evidenceRequired: false,
    },
    {
      code: 'VII',
      title: 'Завершение программы наставничества',
      description:
        'Итоговое мероприятие с презентацией результатов, мониторинг и оценка качества реализации ' +
        'программы наставничества, отчёт о результатах, поощрение наставников и популяризация лучших практик.',
      deadline: { month: 5, day: 31 },
      evidenceRequired: true,
    },
  ].map((stage) => Object.freeze(stage)),
);

export interface RoadmapStageDraft {
  readonly position: number;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  /** YYYY-MM-DD within the school year. */
  readonly deadline: string;
  readonly evidenceRequired: boolean;
}

/** The template's stages with deadlines in the given school year (2025 → September 2025 … May 2026). */
export function templateStages(schoolYear: number): RoadmapStageDraft[] {
  schoolYearBounds(schoolYear); // validates the year
  return ROADMAP_TEMPLATE.map((stage, index) => ({
    position: index + 1,
    code: stage.code,
    title: stage.title,
    description: stage.description,
    deadline: calendarDate(stage.deadline.month >= 9 ? schoolYear : schoolYear + 1, stage.deadline.month, stage.deadline.day),
    evidenceRequired: stage.evidenceRequired,
  }));
}

const DAY_MS = 24 * 60 * 60 * 1000;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOfDayNumber = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The template's stages for a roadmap published on `publishedOn` (YYYY-MM-DD) mid-year: every
 * deadline moves by the same number of days, the days between 1 September and the publication,
 * as if the school year began that day. One offset for all keeps the template's spacing (the
 * time each stage needs after the previous one) and the month before the first deadline the
 * template gives for preparation, so no stage opens overdue. A deadline pushed past 31 August is
 * held at 31 August: a roadmap belongs to its school year. Published before the year begins,
 * nothing moves.
 */
export function shiftedTemplateStages(schoolYear: number, publishedOn: string): RoadmapStageDraft[] {
  const { start, end } = schoolYearBounds(schoolYear);
  const offset = Math.max(0, dayNumber(publishedOn) - dayNumber(start));
  const last = dayNumber(end);
  return templateStages(schoolYear).map((stage) => ({
    ...stage,
    deadline: dateOfDayNumber(Math.min(dayNumber(stage.deadline) + offset, last)),
  }));
}

/** The default title of a district's roadmap. */
export function defaultRoadmapTitle(schoolYear: number): string {
  return `Дорожная карта внедрения целевой модели наставничества на ${schoolYearLabel(schoolYear)} учебный год`;
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** The Roman numeral of a stage position (1 → I), the code of a stage given without one. */
export function romanNumeral(value: number): string {
  if (!Number.isSafeInteger(value) || value < 1 || value > 3999) throw new RangeError(`romanNumeral: ${value} is out of range 1–3999`);
  let rest = value;
  let out = '';
  for (const [n, symbol] of ROMAN) {
    while (rest >= n) {
      out += symbol;
      rest -= n;
    }
  }
  return out;
}
