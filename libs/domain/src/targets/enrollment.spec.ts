import { effectiveMentorBase, resolveBase, resolveEnrollment, type EnrollmentRecord } from './enrollment';
import { DomainValidationError } from './validation';

const records: EnrollmentRecord[] = [
  { year: 2022, students: 520, mentorBase: null },
  { year: 2020, students: 500, mentorBase: 180 },
  { year: 2021, students: 510, mentorBase: 185 },
];

describe('resolveEnrollment', () => {
  it('takes the record of the year itself', () => {
    expect(resolveEnrollment(records, 2021)).toBe(records[2]);
  });

  it('carries the most recent earlier record forward', () => {
    expect(resolveEnrollment(records, 2024)).toBe(records[0]);
    expect(resolveEnrollment([records[1]], 2024)).toBe(records[1]);
  });

  it('gives null before the first record, or with none', () => {
    expect(resolveEnrollment(records, 2019)).toBeNull();
    expect(resolveEnrollment([], 2020)).toBeNull();
  });

  it('refuses two records of the year it would use', () => {
    const twice = [...records, { year: 2021, students: 1, mentorBase: null }];
    expect(() => resolveEnrollment(twice, 2021)).toThrow(DomainValidationError);
    expect(() => resolveEnrollment(twice, 2020)).not.toThrow();
    // A duplicate of an older year does not matter once a later record is chosen, in any order.
    const olderTwice = [records[1], { year: 2020, students: 1, mentorBase: null }, records[2]];
    expect(resolveEnrollment(olderTwice, 2021)).toBe(records[2]);
  });

  it('refuses a record whose counts are not non-negative integers', () => {
    expect(() => resolveEnrollment([{ year: 2020, students: -5, mentorBase: null }], 2020)).toThrow(DomainValidationError);
    expect(() => resolveEnrollment([{ year: 2020, students: 5, mentorBase: 1.5 }], 2020)).toThrow(DomainValidationError);
  });
});

describe('resolveBase', () => {
  it('uses students for MENTEE_COVERAGE and the mentor base for STUDENT_MENTORS', () => {
    expect(resolveBase(records, 2020, 'MENTEE_COVERAGE')).toBe(500);
    expect(resolveBase(records, 2020, 'STUDENT_MENTORS')).toBe(180);
  });

  it('falls back to the students of the same record when it has no mentor base', () => {
    // 2023 carries 2022 (no mentor base): 520, not 2021's mentor base 185.
    expect(resolveBase(records, 2023, 'STUDENT_MENTORS')).toBe(520);
  });

  it('is null without a record for the year or before', () => {
    expect(resolveBase(records, 2019, 'MENTEE_COVERAGE')).toBeNull();
    expect(resolveBase(records, 2019, 'STUDENT_MENTORS')).toBeNull();
  });

  it('keeps a mentor base of 0 rather than falling back', () => {
    expect(effectiveMentorBase({ year: 2020, students: 40, mentorBase: 0 })).toBe(0);
  });
});
