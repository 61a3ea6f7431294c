import { parseDate, parseRegistryTable } from './registry-import.rows';

const row = (line: number, values: Record<string, string>) => ({ line, values });

describe('registry import rows', () => {
  it('reads Russian and ISO dates, and refuses dates that do not exist', () => {
    expect(parseDate('05.02.2025')).toBe('2025-02-05');
    expect(parseDate('2025-02-05')).toBe('2025-02-05');
    expect(parseDate('30.02.2025')).toBeNull();
    expect(parseDate('вчера')).toBeNull();
  });

  it('builds people and a group from rows sharing a key; a person in two mentorings has two rows', () => {
    const table = [
      row(2, {
        фио: 'Ученик А',
        вид: 'ученик',
        класс: '5',
        категории: 'GIFTED',
        согласие_дата: '2025-01-10',
        согласие_подписал: 'Мать А',
        пара_группа: 'Г1',
        роль: 'наставляемый',
        форма: 'TEACHER_STUDENT',
        начало: '2025-02-01',
      }),
      row(3, {
        фио: 'Ученик Б',
        вид: 'ученик',
        согласие_дата: '2025-01-10',
        согласие_подписал: 'Отец Б',
        пара_группа: 'Г1',
        роль: 'наставляемый',
      }),
      row(4, {
        фио: 'Учитель В',
        вид: 'педагог',
        согласие_дата: '2025-01-10',
        согласие_подписал: 'Учитель В',
        пара_группа: 'Г1',
        роль: 'наставник',
      }),
      row(5, { фио: 'Ученик А', пара_группа: 'П2', роль: 'наставляемый', форма: 'EMPLOYER_STUDENT', начало: '2025-03-01' }),
      row(6, {
        фио: 'Работодатель Г',
        вид: 'внешний',
        источник: 'EMPLOYER',
        согласие_дата: '01.02.2025',
        согласие_подписал: 'Работодатель Г',
        пара_группа: 'П2',
        роль: 'наставник',
      }),
    ];
    const parsed = parseRegistryTable(table, new Set());
    expect(parsed.errors).toEqual([]);
    expect(parsed.people.map((p) => [p.fullName, p.kind, p.grade, p.categories])).toEqual([
      ['Ученик А', 'STUDENT', 5, ['GIFTED']],
      ['Ученик Б', 'STUDENT', null, []],
      ['Учитель В', 'TEACHER', null, []],
      ['Работодатель Г', 'EXTERNAL', null, []],
    ]);
    expect(parsed.mentorings.map((m) => [m.key, m.form, m.startedOn, m.members.length])).toEqual([
      ['Г1', 'TEACHER_STUDENT', '2025-02-01', 3],
      ['П2', 'EMPLOYER_STUDENT', '2025-03-01', 2],
    ]);
  });

  it('lists every problem of every row, and names already in the registry', () => {
    const table = [
      row(2, { фио: 'Есть Уже', вид: 'педагог', класс: '3' }),
      row(3, { фио: 'Внешний Д', вид: 'внешний' }),
      row(4, { фио: 'Ученик Е', вид: 'ученик', пара_группа: 'П1', роль: 'наставляемый', форма: 'STUDENT_STUDENT', начало: '2025-01-01' }),
    ];
    const parsed = parseRegistryTable(table, new Set(['Есть Уже']));
    expect(parsed.errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '2:фио',
      '2:класс',
      '3:источник',
      '4:согласие_дата',
      '4:пара_группа',
    ]);
  });
});
