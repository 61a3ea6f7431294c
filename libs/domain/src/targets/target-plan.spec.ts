import type { EnrollmentRecord } from './enrollment';
import { buildTargetPlan, type TargetPlanCell, type TargetPlanInput, type TargetPlanSchool } from './target-plan';
import { createTargetSchedule, DEFAULT_SCHEDULES } from './target-schedule';
import { DomainValidationError } from './validation';

// A district shaped like Калининский район, приказ № 428, Приложение 1: twelve schools,
// the default 2020–2024 schedule (mentees 10/25/40/55/70 %, mentors 2/4/6/8/10 %).
const SCHOOLS: TargetPlanSchool[] = [
  { id: 's01', code: 'OO-01', name: 'МБОУ «СОШ № 1»' },
  { id: 's02', code: 'OO-02', name: 'МБОУ «Гимназия № 2»' },
  { id: 's03', code: 'OO-03', name: 'МБОУ «СОШ № 5»' },
  { id: 's04', code: 'OO-04', name: 'МБОУ «ООШ № 7»' },
  { id: 's05', code: 'OO-05', name: 'МБОУ «Лицей № 9»' },
  { id: 's06', code: 'OO-06', name: 'МБОУ «СОШ № 12»' },
  { id: 's07', code: 'OO-07', name: 'МКОУ «СОШ с. Берёзовка»' },
  { id: 's08', code: 'OO-08', name: 'МБОУ «СОШ № 15»' },
  { id: 's09', code: 'OO-09', name: 'МБОУ «СОШ № 17»' },
  { id: 's10', code: 'OO-10', name: 'МБОУ «СОШ № 21»' },
  { id: 's11', code: 'OO-11', name: 'МБОУ «Кадетская школа»' },
  { id: 's12', code: 'OO-12', name: 'МБОУ «СОШ № 24»' },
];

type Enrollment = [year: number, students: number, mentorBase: number | null];
const ENROLLMENTS: Record<string, Enrollment[]> = {
  s01: [
    [2020, 850, 310],
    [2021, 872, 318],
    [2022, 901, 325],
    [2023, 915, 330],
    [2024, 940, 342],
  ],
  s02: [
    [2022, 1250, 470],
    [2020, 1205, 450],
  ], // gaps, out of order
  s03: [[2020, 415, 145]], // recorded for 2020 only: carried forward to 2024
  s04: [
    [2020, 96, null],
    [2021, 102, null],
    [2023, 110, null],
  ], // basic school, no mentor base
  s05: [
    [2020, 730, 290],
    [2021, 745, 295],
    [2022, 760, 300],
    [2023, 768, 305],
    [2024, 781, 310],
  ],
  s06: [
    [2020, 1015, 380],
    [2024, 1100, 410],
  ],
  s07: [
    [2020, 58, 21],
    [2021, 61, 22],
    [2022, 55, 20],
    [2023, 63, 24],
    [2024, 66, 25],
  ],
  s08: [
    [2020, 645, 230],
    [2021, 650, 235],
    [2022, 662, 240],
  ],
  s09: [[2021, 1130, 420]], // opened in 2021: no base (and no target) in 2020
  s10: [
    [2020, 505, 185],
    [2021, 512, 188],
    [2022, 520, 190],
    [2023, 534, 195],
    [2024, 545, 200],
  ],
  s11: [
    [2020, 334, 150],
    [2022, 340, 155],
  ],
  s12: [
    [2020, 1450, 530],
    [2021, 1478, 541],
    [2022, 1495, 550],
    [2023, 1510, 560],
    [2024, 1525, 565],
  ],
};

function enrollmentMap(source: Record<string, Enrollment[]>): Map<string, EnrollmentRecord[]> {
  return new Map(
    Object.entries(source).map(([id, list]) => [id, list.map(([year, students, mentorBase]) => ({ year, students, mentorBase }))]),
  );
}

const DISTRICT: TargetPlanInput = {
  schools: SCHOOLS,
  enrollments: enrollmentMap(ENROLLMENTS),
  menteeSchedule: DEFAULT_SCHEDULES.MENTEE_COVERAGE,
  mentorSchedule: DEFAULT_SCHEDULES.STUDENT_MENTORS,
  fromYear: 2020,
  toYear: 2024,
};

// Expected cells, derived by hand: [students, mentorBase, menteeTarget, mentorTarget] per
// year 2020 … 2024, or null for no base. Some of the arithmetic:
//   s01 2022: 40 % × 901 = 360.4 → 360;   6 % × 325 = 19.5 → 20 (half up)
//   s02 2021: carries 2020: 25 % × 1205 = 301.25 → 301;   2023: 55 % × 1250 = 687.5 → 688
//   s03 2024: carries 2020: 70 % × 415 = 290.5 → 291;   10 % × 145 = 14.5 → 15
//   s04 2023: mentor base = students 110: 55 % × 110 = 60.5 → 61;   8 % × 110 = 8.8 → 9
//   s07 2020: 10 % × 58 = 5.8 → 6;   2 % × 21 = 0.42 → 0
//   s12 2024: 70 % × 1525 = 1067.5 → 1068;   10 % × 565 = 56.5 → 57
type Expected = [students: number, mentorBase: number, menteeTarget: number, mentorTarget: number] | null;
const EXPECTED_ROWS: Record<string, Expected[]> = {
  s01: [
    [850, 310, 85, 6],
    [872, 318, 218, 13],
    [901, 325, 360, 20],
    [915, 330, 503, 26],
    [940, 342, 658, 34],
  ],
  s02: [
    [1205, 450, 121, 9],
    [1205, 450, 301, 18],
    [1250, 470, 500, 28],
    [1250, 470, 688, 38],
    [1250, 470, 875, 47],
  ],
  s03: [
    [415, 145, 42, 3],
    [415, 145, 104, 6],
    [415, 145, 166, 9],
    [415, 145, 228, 12],
    [415, 145, 291, 15],
  ],
  s04: [
    [96, 96, 10, 2],
    [102, 102, 26, 4],
    [102, 102, 41, 6],
    [110, 110, 61, 9],
    [110, 110, 77, 11],
  ],
  s05: [
    [730, 290, 73, 6],
    [745, 295, 186, 12],
    [760, 300, 304, 18],
    [768, 305, 422, 24],
    [781, 310, 547, 31],
  ],
  s06: [
    [1015, 380, 102, 8],
    [1015, 380, 254, 15],
    [1015, 380, 406, 23],
    [1015, 380, 558, 30],
    [1100, 410, 770, 41],
  ],
  s07: [
    [58, 21, 6, 0],
    [61, 22, 15, 1],
    [55, 20, 22, 1],
    [63, 24, 35, 2],
    [66, 25, 46, 3],
  ],
  s08: [
    [645, 230, 65, 5],
    [650, 235, 163, 9],
    [662, 240, 265, 14],
    [662, 240, 364, 19],
    [662, 240, 463, 24],
  ],
  s09: [null, [1130, 420, 283, 17], [1130, 420, 452, 25], [1130, 420, 622, 34], [1130, 420, 791, 42]],
  s10: [
    [505, 185, 51, 4],
    [512, 188, 128, 8],
    [520, 190, 208, 11],
    [534, 195, 294, 16],
    [545, 200, 382, 20],
  ],
  s11: [
    [334, 150, 33, 3],
    [334, 150, 84, 6],
    [340, 155, 136, 9],
    [340, 155, 187, 12],
    [340, 155, 238, 16],
  ],
  s12: [
    [1450, 530, 145, 11],
    [1478, 541, 370, 22],
    [1495, 550, 598, 33],
    [1510, 560, 831, 45],
    [1525, 565, 1068, 57],
  ],
};

function cell(year: number, expected: Expected): TargetPlanCell {
  if (expected === null) return { year, students: null, mentorBase: null, menteeTarget: null, mentorTarget: null };
  const [students, mentorBase, menteeTarget, mentorTarget] = expected;
  return { year, students, mentorBase, menteeTarget, mentorTarget };
}

describe('buildTargetPlan', () => {
  const plan = buildTargetPlan(DISTRICT);

  it('keeps the schools in input order', () => {
    expect(plan.rows.map((row) => row.school)).toEqual(SCHOOLS);
  });

  it.each(SCHOOLS.map((school) => [school.code, school.id] as const))('computes every cell of %s', (_code, id) => {
    const row = plan.rows.find((r) => r.school.id === id);
    expect(row?.cells).toEqual(EXPECTED_ROWS[id].map((expected, i) => cell(2020 + i, expected)));
  });

  it('computes the district totals from the total base, with the sums of school targets beside them', () => {
    // 2020 students: 850+1205+415+96+730+1015+58+645+505+334+1450 = 7303 (s09 has no base yet)
    //   mentee target 10 % × 7303 = 730.3 → 730, while Σ school targets = 733
    //   mentor base 2787: 2 % × 2787 = 55.74 → 56, while Σ school targets = 57
    // 2021: 25 % × 8519 = 2129.75 → 2130 (Σ 2132);   4 % × 3246 = 129.84 → 130 (Σ 131)
    // 2022: 40 % × 8645 = 3458 (Σ 3458);              6 % × 3297 = 197.82 → 198 (Σ 197)
    // 2023: 55 % × 8712 = 4791.6 → 4792 (Σ 4793);     8 % × 3334 = 266.72 → 267 (Σ 267)
    // 2024: 70 % × 8864 = 6204.8 → 6205 (Σ 6206);    10 % × 3392 = 339.2 → 339 (Σ 341)
    expect(plan.totals).toEqual([
      {
        year: 2020,
        students: 7303,
        mentorBase: 2787,
        menteeTarget: 730,
        mentorTarget: 56,
        sumOfSchoolMenteeTargets: 733,
        sumOfSchoolMentorTargets: 57,
      },
      {
        year: 2021,
        students: 8519,
        mentorBase: 3246,
        menteeTarget: 2130,
        mentorTarget: 130,
        sumOfSchoolMenteeTargets: 2132,
        sumOfSchoolMentorTargets: 131,
      },
      {
        year: 2022,
        students: 8645,
        mentorBase: 3297,
        menteeTarget: 3458,
        mentorTarget: 198,
        sumOfSchoolMenteeTargets: 3458,
        sumOfSchoolMentorTargets: 197,
      },
      {
        year: 2023,
        students: 8712,
        mentorBase: 3334,
        menteeTarget: 4792,
        mentorTarget: 267,
        sumOfSchoolMenteeTargets: 4793,
        sumOfSchoolMentorTargets: 267,
      },
      {
        year: 2024,
        students: 8864,
        mentorBase: 3392,
        menteeTarget: 6205,
        mentorTarget: 339,
        sumOfSchoolMenteeTargets: 6206,
        sumOfSchoolMentorTargets: 341,
      },
    ]);
  });

  it('keeps the totals consistent with the rows', () => {
    plan.totals.forEach((total, i) => {
      const cells = plan.rows.map((row) => row.cells[i]);
      expect(total.students).toBe(cells.reduce((sum, c) => sum + (c.students ?? 0), 0));
      expect(total.mentorBase).toBe(cells.reduce((sum, c) => sum + (c.mentorBase ?? 0), 0));
      expect(total.sumOfSchoolMenteeTargets).toBe(cells.reduce((sum, c) => sum + (c.menteeTarget ?? 0), 0));
      expect(total.sumOfSchoolMentorTargets).toBe(cells.reduce((sum, c) => sum + (c.mentorTarget ?? 0), 0));
    });
  });

  it('takes the total target from the total base, not the sum of rounded school targets', () => {
    // Three schools of 15 students at 10 %: each 1.5 → 2 (Σ 6), but 10 % × 45 = 4.5 → 5.
    const schools = ['a', 'b', 'c'].map((id) => ({ id, code: id, name: id }));
    const result = buildTargetPlan({
      ...DISTRICT,
      schools,
      enrollments: enrollmentMap({ a: [[2020, 15, 15]], b: [[2020, 15, 15]], c: [[2020, 15, 15]] }),
      toYear: 2020,
    });
    expect(result.rows.map((row) => row.cells[0].menteeTarget)).toEqual([2, 2, 2]);
    expect(result.totals[0]).toMatchObject({ students: 45, menteeTarget: 5, sumOfSchoolMenteeTargets: 6 });
  });

  it('has no targets in years outside the schedule, but still shows the bases', () => {
    const result = buildTargetPlan({ ...DISTRICT, fromYear: 2019, toYear: 2025 });
    const s03 = result.rows[2];
    expect(s03.cells[0]).toEqual({ year: 2019, students: null, mentorBase: null, menteeTarget: null, mentorTarget: null });
    expect(s03.cells[6]).toEqual({ year: 2025, students: 415, mentorBase: 145, menteeTarget: null, mentorTarget: null });
    expect(result.totals[6]).toEqual({
      year: 2025,
      students: 8864,
      mentorBase: 3392,
      menteeTarget: null,
      mentorTarget: null,
      sumOfSchoolMenteeTargets: null,
      sumOfSchoolMentorTargets: null,
    });
    // 2019: no school has a base yet.
    expect(result.totals[0]).toMatchObject({ students: null, mentorBase: null, menteeTarget: null });
  });

  it('follows a district schedule with a year missing and a fractional percent', () => {
    const menteeSchedule = createTargetSchedule('MENTEE_COVERAGE', [
      { year: 2025, percent: 72.5 },
      { year: 2027, percent: 75 },
    ]);
    const mentorSchedule = createTargetSchedule('STUDENT_MENTORS', [{ year: 2025, percent: 10.25 }]);
    const result = buildTargetPlan({ ...DISTRICT, menteeSchedule, mentorSchedule, fromYear: 2025, toYear: 2027 });
    // s07 carries 2024 (66 students, 25 mentor base): 72.5 % × 66 = 47.85 → 48; 10.25 % × 25 = 2.5625 → 3
    expect(result.rows[6].cells).toEqual([
      { year: 2025, students: 66, mentorBase: 25, menteeTarget: 48, mentorTarget: 3 },
      { year: 2026, students: 66, mentorBase: 25, menteeTarget: null, mentorTarget: null },
      // 75 % × 66 = 49.5 → 50
      { year: 2027, students: 66, mentorBase: 25, menteeTarget: 50, mentorTarget: null },
    ]);
  });

  it('gives a school without enrollment records no bases and no targets', () => {
    const result = buildTargetPlan({
      ...DISTRICT,
      schools: [{ id: 'new', code: 'OO-99', name: 'МБОУ «СОШ № 99»' }],
      toYear: 2020,
    });
    expect(result.rows[0].cells[0]).toEqual({ year: 2020, students: null, mentorBase: null, menteeTarget: null, mentorTarget: null });
    expect(result.totals[0].students).toBeNull();
  });

  it('refuses swapped schedules, reversed or runaway year ranges', () => {
    const swapped = { ...DISTRICT, menteeSchedule: DISTRICT.mentorSchedule, mentorSchedule: DISTRICT.menteeSchedule };
    expect(() => buildTargetPlan(swapped)).toThrow(DomainValidationError);
    expect(() => buildTargetPlan({ ...DISTRICT, fromYear: 2024, toYear: 2020 })).toThrow(DomainValidationError);
    expect(() => buildTargetPlan({ ...DISTRICT, fromYear: 0, toYear: 1_000_000 })).toThrow(DomainValidationError);
    expect(() => buildTargetPlan({ ...DISTRICT, fromYear: 2020.5 })).toThrow(DomainValidationError);
  });

  it('refuses a negative or fractional enrollment', () => {
    const bad = enrollmentMap({ s01: [[2020, -1, null]] });
    expect(() => buildTargetPlan({ ...DISTRICT, enrollments: bad })).toThrow(DomainValidationError);
    const fractional = enrollmentMap({ s01: [[2020, 100, 10.5]] });
    expect(() => buildTargetPlan({ ...DISTRICT, enrollments: fractional })).toThrow(DomainValidationError);
  });
});
