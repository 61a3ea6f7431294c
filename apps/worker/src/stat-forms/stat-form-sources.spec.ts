import { expandColumns, loadFormDefinition, type LeafColumn } from '@mm/reporting';
import { FormSourceError, isCompletenessColumn, monitoringColumnSql, monitoringTotalSql, planColumnValue } from './stat-form-sources';

const column = (overrides: Partial<LeafColumn>): LeafColumn => ({
  key: 'x',
  label: 'x',
  headerLabel: 'x',
  type: 'integer',
  width: 10,
  total: 'SUM',
  autoNumber: false,
  ...overrides,
});

describe('stat form sources', () => {
  it('maps every column of the shipped monitoring forms onto the snapshot tables', () => {
    for (const code of ['MONITORING_SUMMARY', 'FEDERAL_FORM'] as const) {
      for (const version of [1, 2]) {
        const definition = loadFormDefinition(code, version);
        const { leaves } = expandColumns(definition);
        for (const entity of Object.values(definition.rowsPer)) {
          for (const leaf of leaves) expect(() => monitoringColumnSql(leaf, entity === 'SCHOOL' ? 'SCHOOL' : 'DISTRICT')).not.toThrow();
        }
        // Completeness totals come from the reports (stat-form-rows), the others from the snapshot.
        for (const leaf of leaves.filter((l) => l.total === 'PROVIDED' && !isCompletenessColumn(l)))
          expect(() => monitoringTotalSql(leaf)).not.toThrow();
      }
    }
  });

  it('picks the alternative of the row entity and leaves report status blank on district rows', () => {
    const code = column({ key: 'code', type: 'text', source: 'SCHOOL.CODE | DISTRICT.CODE' });
    expect(monitoringColumnSql(code, 'SCHOOL')).toBe('code');
    expect(monitoringColumnSql(code, 'DISTRICT')).toBe('code');
    const status = column({
      key: 'reportStatus',
      type: 'text',
      source: 'REPORT.STATUS',
      valueLabels: { NOT_SUBMITTED: 'Не представлен', APPROVED: 'Утверждён' },
    });
    expect(monitoringColumnSql(status, 'SCHOOL')).toContain(`WHEN 'MISSING' THEN 'NOT_SUBMITTED'`);
    expect(monitoringColumnSql(status, 'DISTRICT')).toBe('NULL');
    expect(monitoringColumnSql(column({ source: 'REPORT.MENTEES_STUDENTS_EMPLOYER_STUDENT' }), 'SCHOOL')).toBe('mentees_employer_student');
    expect(monitoringColumnSql(column({ source: 'TARGET.MENTEE_COVERAGE' }), 'DISTRICT')).toBe('mentee_target');
    expect(monitoringTotalSql(column({ source: 'MONITORING.COVERAGE', type: 'percent' }))).toBe('coverage_percent::float8');
  });

  it('fails with the column named when a layout asks for something unknown', () => {
    expect(() => monitoringColumnSql(column({ key: 'weird', source: 'REPORT.NOT_A_FIGURE' }), 'SCHOOL')).toThrow(FormSourceError);
    expect(() => monitoringColumnSql(column({ key: 'weird', source: 'REPORT.NOT_A_FIGURE' }), 'SCHOOL')).toThrow(/"weird"/);
    expect(() => monitoringColumnSql(column({ key: 'nosource' }), 'SCHOOL')).toThrow(/no source/);
    expect(() => monitoringColumnSql(column({ source: 'SCHOOL.CODE', type: 'text' }), 'DISTRICT')).toThrow(/DISTRICT rows/);
  });

  it('fills target plan columns from the school and the cell of the column’s year', () => {
    const definition = loadFormDefinition('TARGET_PLAN');
    const { leaves } = expandColumns(definition, { years: [2020, 2021] });
    const school = { code: 'S1', name: 'Школа № 1' };
    const cell = { year: 2021, students: 100, mentorBase: 40, menteeTarget: 25, mentorTarget: 2 };
    const values = Object.fromEntries(
      leaves.map((leaf) => [leaf.key, planColumnValue(leaf)(school, leaf.year === 2021 ? cell : undefined)]),
    );
    expect(values).toEqual({
      rowNumber: null,
      name: 'Школа № 1',
      menteeTarget_2020: null,
      mentorTarget_2020: null,
      menteeTarget_2021: 25,
      mentorTarget_2021: 2,
    });
    expect(() => planColumnValue(column({ source: 'TARGET.MENTEE_COVERAGE' }))).toThrow(/year column/);
  });
});
