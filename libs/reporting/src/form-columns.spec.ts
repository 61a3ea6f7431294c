import { expandColumns, yearColumnKey } from './form-columns';
import { loadFormDefinition } from './form-definition.loader';
import { FormDefinition } from './form-definition.types';
import { renderTitle, titlePlaceholders } from './form-title';

const YEARS = [2020, 2021, 2022, 2023, 2024];

describe('expandColumns', () => {
  it('expands the target plan into a pair of columns per year under a year header', () => {
    const columns = expandColumns(loadFormDefinition('TARGET_PLAN'), { years: YEARS });
    expect(columns.leaves.map((c) => c.key)).toEqual([
      'rowNumber',
      'name',
      ...YEARS.flatMap((y) => [`menteeTarget_${y}`, `mentorTarget_${y}`]),
    ]);
    expect(yearColumnKey('menteeTarget', 2021)).toBe('menteeTarget_2021');
    expect(columns.leaves[4]).toMatchObject({
      key: 'menteeTarget_2021',
      label: 'Обучающиеся-наставляемые, чел.',
      group: '2021',
      headerLabel: '2021: Обучающиеся-наставляемые, чел.',
      type: 'integer',
      year: 2021,
      total: 'PROVIDED',
    });
    expect(columns.leaves.slice(0, 2).map((c) => c.total)).toEqual(['NONE', 'NONE']);
    expect(columns.total).toEqual({ label: 'ИТОГО', labelColumn: 'name' });

    const [top, bottom] = columns.headerRows;
    expect(top).toEqual([
      { label: '№ п/п', row: 0, column: 0, rowSpan: 2, colSpan: 1 },
      { label: 'Наименование образовательной организации', row: 0, column: 1, rowSpan: 2, colSpan: 1 },
      ...YEARS.map((y, i) => ({ label: String(y), row: 0, column: 2 + 2 * i, rowSpan: 1, colSpan: 2 })),
    ]);
    expect(bottom).toHaveLength(10);
    expect(bottom[0]).toEqual({ label: 'Обучающиеся-наставляемые, чел.', row: 1, column: 2, rowSpan: 1, colSpan: 1 });
    expect(bottom[9]).toEqual({ label: 'Обучающиеся-наставники, чел.', row: 1, column: 11, rowSpan: 1, colSpan: 1 });
  });

  it('sorts the plan years and rejects bad ones', () => {
    const plan = loadFormDefinition('TARGET_PLAN');
    expect(expandColumns(plan, { years: [2022, 2021] }).leaves.map((c) => c.year ?? null)).toEqual([null, null, 2021, 2021, 2022, 2022]);
    expect(() => expandColumns(plan)).toThrow('needs the plan years');
    expect(() => expandColumns(plan, { years: [2021, 2021] })).toThrow('listed twice');
    expect(() => expandColumns(plan, { years: [2021.5] })).toThrow('Invalid plan year');
    expect(() => expandColumns(loadFormDefinition('FEDERAL_FORM', 1), { years: [2021] })).toThrow('has no year columns');
  });

  it('merges adjacent columns of a group in the monitoring summary', () => {
    const columns = expandColumns(loadFormDefinition('MONITORING_SUMMARY', 1));
    const [top, bottom] = columns.headerRows;
    expect(top.map((c) => [c.label, c.colSpan, c.rowSpan])).toEqual([
      ['Код', 1, 2],
      ['Наименование ОО (муниципального образования)', 1, 2],
      ['Обучающиеся (контингент), чел.', 1, 2],
      ['Целевой показатель года, чел.', 2, 1],
      ['Обучающиеся-наставляемые, чел.', 5, 1],
      ['Наставники, чел.', 2, 1],
      ['Внешние наставники, чел.', 5, 1],
      ['Охват обучающихся наставничеством, %', 1, 2],
      ['Выполнение целевого показателя года, %', 1, 2],
      ['Статус', 1, 2],
      ['Статус отчёта', 1, 2],
    ]);
    expect(bottom).toHaveLength(14);
    const total = Object.fromEntries(columns.leaves.map((c) => [c.key, c.total]));
    expect(total).toMatchObject({
      code: 'NONE',
      name: 'NONE',
      students: 'SUM',
      menteeTarget: 'PROVIDED',
      mentorTarget: 'PROVIDED',
      menteesStudents: 'SUM',
      mentorsOther: 'SUM',
      coverage: 'PROVIDED',
      progress: 'PROVIDED',
      status: 'NONE',
      reportStatus: 'NONE',
    });
  });

  it('uses a single header row when no column has a group', () => {
    const definition: FormDefinition = {
      code: 'FEDERAL_FORM',
      version: 9,
      titleRu: 't',
      rowsPer: { REGION: 'DISTRICT' },
      columns: [
        { key: 'name', label: 'Имя', type: 'text', width: 10 },
        { key: 'n', label: 'Число', type: 'integer', width: 10 },
      ],
    };
    const columns = expandColumns(definition);
    expect(columns.headerRows).toHaveLength(1);
    expect(columns.leaves.map((c) => [c.headerLabel, c.total])).toEqual([
      ['Имя', 'NONE'],
      ['Число', 'NONE'],
    ]);
    expect(columns.total).toBeUndefined();
  });

  it('places year columns after insertAfter', () => {
    const plan = loadFormDefinition('TARGET_PLAN');
    const definition: FormDefinition = {
      ...plan,
      columns: [...plan.columns, { key: 'note', label: 'Примечание', type: 'text', width: 20 }],
      yearGroup: { ...plan.yearGroup!, group: '{year} год', insertAfter: 'name' },
    };
    const columns = expandColumns(definition, { years: [2024] });
    expect(columns.leaves.map((c) => c.key)).toEqual(['rowNumber', 'name', 'menteeTarget_2024', 'mentorTarget_2024', 'note']);
    expect(columns.headerRows[0].map((c) => c.label)).toEqual([
      '№ п/п',
      'Наименование образовательной организации',
      '2024 год',
      'Примечание',
    ]);
  });
});

describe('expandColumns with group titles (ROADMAP_MATRIX)', () => {
  it('titles each stage group, keys its columns by position, and asks for ИТОГО only in the provided text column', () => {
    const titles = new Map([
      [1, 'I. Подготовка условий (срок 30.09.2025)'],
      [2, 'II. База наставляемых (срок 15.10.2025)'],
    ]);
    const columns = expandColumns(loadFormDefinition('ROADMAP_MATRIX'), { years: [2, 1], groupTitles: titles });
    expect(columns.leaves.map((c) => [c.key, c.total])).toEqual([
      ['rowNumber', 'NONE'],
      ['code', 'NONE'],
      ['name', 'NONE'],
      ['state_1', 'NONE'],
      ['completedOn_1', 'PROVIDED'],
      ['state_2', 'NONE'],
      ['completedOn_2', 'PROVIDED'],
    ]);
    expect(columns.headerRows[0].slice(3).map((c) => [c.label, c.colSpan])).toEqual([
      ['I. Подготовка условий (срок 30.09.2025)', 2],
      ['II. База наставляемых (срок 15.10.2025)', 2],
    ]);
    expect(() => expandColumns(loadFormDefinition('ROADMAP_MATRIX'), { years: [1, 3], groupTitles: titles })).toThrow(
      'Invalid group member 3',
    );
  });
});

describe('renderTitle', () => {
  it('fills placeholders and refuses to leave one unfilled', () => {
    const { titleRu } = loadFormDefinition('MONITORING_SUMMARY', 1);
    expect(titlePlaceholders(titleRu)).toEqual(['scopeName', 'period']);
    expect(renderTitle(titleRu, { scopeName: 'Калининский район', period: 'I квартал 2024 г.' })).toBe(
      'Сводный мониторинг реализации целевой модели наставничества: Калининский район, I квартал 2024 г.',
    );
    expect(() => renderTitle(titleRu, { scopeName: 'Калининский район' })).toThrow('{period}');
  });
});
