import { DomainValidationError } from '../targets/validation';
import { isBehindSchedule, isPastDeadline, stageCounts, stageState } from './roadmap-stage-state';

// A fixed clock: every test states "today" explicitly, nothing reads the wall clock.
const deadline = '2025-10-15';

describe('stageState', () => {
  it('is DUE before the deadline and on the deadline day itself', () => {
    expect(stageState({ deadline, completion: null, today: '2025-09-01' })).toBe('DUE');
    expect(stageState({ deadline, completion: null, today: '2025-10-14' })).toBe('DUE');
    expect(stageState({ deadline, completion: null, today: '2025-10-15' })).toBe('DUE');
  });

  it('is OVERDUE from the day after the deadline', () => {
    expect(stageState({ deadline, completion: null, today: '2025-10-16' })).toBe('OVERDUE');
    expect(stageState({ deadline, completion: undefined, today: '2026-08-31' })).toBe('OVERDUE');
  });

  it('compares across month and year boundaries as dates', () => {
    expect(stageState({ deadline: '2025-12-31', completion: null, today: '2026-01-01' })).toBe('OVERDUE');
    expect(stageState({ deadline: '2026-02-28', completion: null, today: '2026-02-28' })).toBe('DUE');
    expect(stageState({ deadline: '2025-09-30', completion: null, today: '2025-10-01' })).toBe('OVERDUE');
  });

  it('is DONE once completed, before or after the deadline', () => {
    expect(stageState({ deadline, completion: { state: 'DONE' }, today: '2025-10-01' })).toBe('DONE');
    expect(stageState({ deadline, completion: { state: 'DONE' }, today: '2026-05-01' })).toBe('DONE');
  });

  it('is REJECTED while a rejected completion awaits a new one, before or after the deadline', () => {
    expect(stageState({ deadline, completion: { state: 'REJECTED' }, today: '2025-10-01' })).toBe('REJECTED');
    expect(stageState({ deadline, completion: { state: 'REJECTED' }, today: '2025-10-16' })).toBe('REJECTED');
  });

  it('is deterministic: the same inputs give the same state', () => {
    const input = { deadline, completion: null, today: '2025-10-16' } as const;
    expect(new Set([1, 2, 3].map(() => stageState(input)))).toEqual(new Set(['OVERDUE']));
  });

  it('refuses dates that are not calendar dates, naming the input', () => {
    expect(() => stageState({ deadline: '2025-02-30', completion: null, today: '2025-01-01' })).toThrow(DomainValidationError);
    expect(() => stageState({ deadline, completion: null, today: '16.10.2025' })).toThrow(/today/);
  });
});

describe('isPastDeadline / isBehindSchedule', () => {
  it('treats the deadline day as on time', () => {
    expect(isPastDeadline(deadline, '2025-10-15')).toBe(false);
    expect(isPastDeadline(deadline, '2025-10-16')).toBe(true);
  });

  it('counts overdue and rejected-past-deadline stages as behind, never done or due ones', () => {
    const after = '2025-10-16';
    expect(isBehindSchedule({ deadline, completion: null, today: after })).toBe(true);
    expect(isBehindSchedule({ deadline, completion: { state: 'REJECTED' }, today: after })).toBe(true);
    expect(isBehindSchedule({ deadline, completion: { state: 'REJECTED' }, today: deadline })).toBe(false);
    expect(isBehindSchedule({ deadline, completion: { state: 'DONE' }, today: after })).toBe(false);
    expect(isBehindSchedule({ deadline, completion: null, today: deadline })).toBe(false);
  });
});

describe('stageCounts', () => {
  it('puts schools without a completion into due before the deadline passes', () => {
    expect(stageCounts({ deadline, today: deadline, schools: 10, done: 3, rejected: 2 })).toEqual({
      done: 3,
      rejected: 2,
      due: 5,
      overdue: 0,
    });
  });

  it('puts them into overdue after it', () => {
    expect(stageCounts({ deadline, today: '2025-10-16', schools: 10, done: 3, rejected: 2 })).toEqual({
      done: 3,
      rejected: 2,
      due: 0,
      overdue: 5,
    });
  });

  it('adds up to the number of schools', () => {
    const counts = stageCounts({ deadline, today: '2025-11-01', schools: 7, done: 7, rejected: 0 });
    expect(counts.done + counts.due + counts.overdue + counts.rejected).toBe(7);
    expect(counts).toEqual({ done: 7, rejected: 0, due: 0, overdue: 0 });
  });

  it('refuses a tally larger than the schools', () => {
    expect(() => stageCounts({ deadline, today: deadline, schools: 2, done: 2, rejected: 1 })).toThrow(RangeError);
  });
});
