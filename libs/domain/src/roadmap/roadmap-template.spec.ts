import { DomainValidationError } from '../targets/validation';
import { ROADMAP_TEMPLATE, defaultRoadmapTitle, romanNumeral, shiftedTemplateStages, templateStages } from './roadmap-template';
import { isWithinSchoolYear } from './school-year';

describe('ROADMAP_TEMPLATE', () => {
  it('has the seven stages of the district orders, in order, with Russian titles', () => {
    expect(ROADMAP_TEMPLATE.map((s) => [s.code, s.title])).toEqual([
      ['I', 'Подготовка условий для запуска программы наставничества'],
      ['II', 'Формирование базы наставляемых'],
      ['III', 'Формирование базы наставников'],
      ['IV', 'Отбор и обучение наставников'],
      ['V', 'Формирование наставнических пар/групп'],
      ['VI', 'Организация работы наставнических пар/групп'],
      ['VII', 'Завершение программы наставничества'],
    ]);
    for (const stage of ROADMAP_TEMPLATE) expect(stage.description.length).toBeGreaterThan(40);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ROADMAP_TEMPLATE)).toBe(true);
    expect(Object.isFrozen(ROADMAP_TEMPLATE[0])).toBe(true);
  });
});

describe('templateStages', () => {
  it('spreads the deadlines over the school year, September to May', () => {
    expect(templateStages(2025).map((s) => [s.position, s.code, s.deadline, s.evidenceRequired])).toEqual([
      [1, 'I', '2025-09-30', true],
      [2, 'II', '2025-10-15', true],
      [3, 'III', '2025-10-31', true],
      [4, 'IV', '2025-11-30', true],
      [5, 'V', '2025-12-15', true],
      [6, 'VI', '2026-04-30', false],
      [7, 'VII', '2026-05-31', true],
    ]);
  });

  it('keeps every deadline within its school year and in ascending order, for any year', () => {
    for (const year of [2000, 2023, 2027, 2099]) {
      const deadlines = templateStages(year).map((s) => s.deadline);
      for (const d of deadlines) expect(isWithinSchoolYear(d, year)).toBe(true);
      expect([...deadlines].sort()).toEqual(deadlines);
    }
  });

  it('refuses a school year out of range', () => {
    expect(() => templateStages(1999)).toThrow(DomainValidationError);
    expect(() => templateStages(2025.5)).toThrow(DomainValidationError);
  });
});

describe('defaultRoadmapTitle / romanNumeral', () => {
  it('names the school year as documents write it', () => {
    expect(defaultRoadmapTitle(2025)).toBe('Дорожная карта внедрения целевой модели наставничества на 2025/2026 учебный год');
  });

  it('writes positions as Roman numerals', () => {
    expect([1, 4, 7, 9, 12, 14, 40, 1999].map(romanNumeral)).toEqual(['I', 'IV', 'VII', 'IX', 'XII', 'XIV', 'XL', 'MCMXCIX']);
    expect(() => romanNumeral(0)).toThrow(RangeError);
  });
});

describe('shiftedTemplateStages', () => {
  it('moves every deadline by the days since 1 September, holding those past 31 August there', () => {
    // 2026-01-15 is 136 days after 2025-09-01.
    expect(shiftedTemplateStages(2025, '2026-01-15').map((s) => s.deadline)).toEqual([
      '2026-02-13',
      '2026-02-28',
      '2026-03-16',
      '2026-04-15',
      '2026-04-30',
      '2026-08-31',
      '2026-08-31',
    ]);
    // 2025-10-16: 45 days; the spacing of the template is kept.
    expect(shiftedTemplateStages(2025, '2025-10-16').map((s) => s.deadline)).toEqual([
      '2025-11-14',
      '2025-11-29',
      '2025-12-15',
      '2026-01-14',
      '2026-01-29',
      '2026-06-14',
      '2026-07-15',
    ]);
  });

  it('moves nothing when published before the school year begins, and keeps the rest of the stage', () => {
    expect(shiftedTemplateStages(2025, '2025-06-01')).toEqual(templateStages(2025));
    expect(shiftedTemplateStages(2025, '2025-09-01')).toEqual(templateStages(2025));
  });
});
