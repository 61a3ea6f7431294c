import { SystemClock } from './clock';

describe('SystemClock', () => {
  afterEach(() => jest.useRealTimers());

  it("gives today's date in Moscow, where a deadline day ends", () => {
    jest.useFakeTimers({ now: new Date('2025-10-15T20:59:59Z') }); // 23:59:59 in Moscow (UTC+3)
    expect(new SystemClock().today()).toBe('2025-10-15');
    jest.setSystemTime(new Date('2025-10-15T21:00:00Z')); // midnight in Moscow
    expect(new SystemClock().today()).toBe('2025-10-16');
  });

  it('writes the date as YYYY-MM-DD', () => {
    jest.useFakeTimers({ now: new Date('2026-01-05T12:00:00Z') });
    expect(new SystemClock().today()).toBe('2026-01-05');
  });
});
