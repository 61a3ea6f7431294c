import { countByStatus, hasReported, sortByStatus, targetPercent } from './monitoring';
import type { SchoolMonitoringRow } from './monitoring-operations';

const row = (code: string, status: SchoolMonitoringRow['status'], progressPercent: number | null) =>
  ({ school: { id: code, code, name: code }, status, progressPercent }) as Pick<
    SchoolMonitoringRow,
    'school' | 'status' | 'progressPercent'
  >;

describe('dashboard ordering', () => {
  it('puts the schools behind first, then at risk, without data, on track, achieved; the weakest first within a status', () => {
    const sorted = sortByStatus([
      row('A', 'ACHIEVED', 120),
      row('B', 'BEHIND', 40),
      row('C', 'ON_TRACK', 60),
      row('D', 'BEHIND', 10),
      row('E', 'NO_DATA', null),
      row('F', 'AT_RISK', 45),
    ]);
    expect(sorted.map((r) => r.school.code)).toEqual(['D', 'B', 'F', 'E', 'C', 'A']);
    expect(countByStatus(sorted)).toEqual({ BEHIND: 2, AT_RISK: 1, NO_DATA: 1, ON_TRACK: 1, ACHIEVED: 1 });
  });

  it('counts only submitted and approved reports as reported, and shows the target as a share of students', () => {
    expect(['MISSING', 'DRAFT', 'RETURNED'].map((s) => hasReported(s as never))).toEqual([false, false, false]);
    expect(['SUBMITTED', 'APPROVED'].map((s) => hasReported(s as never))).toEqual([true, true]);
    expect(targetPercent({ menteeTarget: 200, students: 500 })).toBe(40);
    expect(targetPercent({ menteeTarget: 1, students: 3 })).toBe(33.3);
    expect(targetPercent({ menteeTarget: null, students: 500 })).toBeNull();
    expect(targetPercent({ menteeTarget: 10, students: 0 })).toBeNull();
  });
});
