import { deadlinePassed, defaultDeadline, isCalendarDate, quarterLastDay } from './reporting-period.dates';

describe('reporting period dates', () => {
  it('defaults the deadline to the 10th day of the month after the quarter', () => {
    expect(defaultDeadline(2024, 1)).toBe('2024-04-10');
    expect(defaultDeadline(2024, 2)).toBe('2024-07-10');
    expect(defaultDeadline(2024, 3)).toBe('2024-10-10');
    expect(defaultDeadline(2024, 4)).toBe('2025-01-10');
  });

  it("knows each quarter's last day, leap years included", () => {
    expect(quarterLastDay(2024, 1)).toBe('2024-03-31');
    expect(quarterLastDay(2024, 2)).toBe('2024-06-30');
    expect(quarterLastDay(2024, 3)).toBe('2024-09-30');
    expect(quarterLastDay(2024, 4)).toBe('2024-12-31');
  });

  it('accepts only real calendar dates written as YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-4-10')).toBe(false);
    expect(isCalendarDate('10.04.2024')).toBe(false);
  });

  it('treats the deadline day itself as on time', () => {
    expect(deadlinePassed('2024-04-10', '2024-04-10')).toBe(false);
    expect(deadlinePassed('2024-04-10', '2024-04-11')).toBe(true);
    expect(deadlinePassed('2024-04-10', '2023-12-31')).toBe(false);
  });
});
