import { fillFromRegistry, registryDifferences, todayIso } from './registry';

describe('registry helpers of the web app', () => {
  it('finds typed figures that differ from the registry, ignoring empty ones', () => {
    const registry = [
      { code: 'MENTEES_STUDENTS', value: 3 },
      { code: 'PAIRS', value: 1 },
      { code: 'GROUPS', value: 0 },
    ];
    expect([...registryDifferences({ MENTEES_STUDENTS: '4', PAIRS: '1', GROUPS: '' }, registry)]).toEqual(['MENTEES_STUDENTS']);
  });

  it('fills the registry-derived figures and keeps the typed ones', () => {
    expect(fillFromRegistry({ STUDENTS: '100', PAIRS: '7' }, [{ code: 'PAIRS', value: 1 }])).toEqual({ STUDENTS: '100', PAIRS: '1' });
  });

  it('writes today as a calendar date', () => {
    expect(todayIso(new Date(2025, 0, 5))).toBe('2025-01-05');
  });
});
