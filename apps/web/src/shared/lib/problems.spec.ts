import { ApiError } from '../api/graphql-client';
import { explainError, fieldLabel, problemLine, problemMessage } from './problems';

describe('server problems in Russian', () => {
  it('names a nested field by its place and its Russian name', () => {
    expect(fieldLabel('input.points[6].percent')).toBe('График, строка 7: Процент');
    expect(fieldLabel('MENTEES_STUDENTS', { MENTEES_STUDENTS: 'Наставляемые обучающиеся' })).toBe('Наставляемые обучающиеся');
    expect(fieldLabel('input.points.6.percent')).toBe('График, строка 7: Процент');
    expect(fieldLabel('input')).toBe('Данные формы');
  });

  it('words a class-validator rule, a domain rule and a known sentence with its numbers', () => {
    expect(
      problemMessage({
        field: 'points.6.percent',
        message: 'percent must be a number conforming to the specified constraints',
        rule: 'isNumber',
      }),
    ).toBe('должно быть числом');
    expect(
      problemMessage({
        field: 'MENTEES_STUDENTS',
        message: 'MENTEES_STUDENTS (120) must not exceed STUDENTS (100)',
        rule: 'MENTEES_GT_STUDENTS',
      }),
    ).toBe('Наставляемых обучающихся больше, чем обучающихся.');
    expect(problemMessage({ field: 'mentor_base', message: 'mentor_base 101 is more than students 100' })).toBe(
      'база наставников (101) больше числа обучающихся (100)',
    );
    expect(problemMessage({ field: 'schoolId', message: 'is required for the role SCHOOL_CURATOR' })).toBe(
      'обязательно для роли «куратор школы»',
    );
  });

  it('never falls back to the English text', () => {
    expect(problemLine({ field: 'input.code', message: 'something nobody mapped' })).toBe('Код: значение не принято');
  });

  it('explains an error by its reason before its code', () => {
    expect(explainError(new ApiError('x', 'CONFLICT', 200, { reason: 'PERIOD_CLOSED' }))).toBe(
      'Отчётный период закрыт: изменения не принимаются.',
    );
    expect(explainError(new ApiError('x', 'FORBIDDEN', 200))).toBe('Недостаточно прав для этого действия.');
  });
});
