import { formatDate, formatDateTime } from './stat-form-rows';

describe('dates in statistical forms', () => {
  it('are Moscow time (UTC+3), like the web app, across a day boundary', () => {
    expect(formatDateTime(new Date('2024-03-31T22:30:00Z'))).toBe('01.04.2024 01:30');
    expect(formatDate(new Date('2024-12-31T21:00:00Z'))).toBe('01.01.2025');
    expect(formatDate(new Date('2024-12-31T20:59:00Z'))).toBe('31.12.2024');
  });
});
