import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { FORMS_DIR_ENV, formDefinitionFileName, listFormDefinitions, loadFormDefinition, resolveFormsDir } from './form-definition.loader';
import { FORM_CODES } from './form-definition.types';
import { FormDefinitionError, parseFormDefinition } from './form-definition.validator';

const FORMS_DIR = resolve(__dirname, '..', 'forms');
const readJson = (code: string) => JSON.parse(readFileSync(join(FORMS_DIR, `${code}.v1.json`), 'utf8')) as Record<string, unknown>;

describe('form definitions', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'forms-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
    delete process.env[FORMS_DIR_ENV];
  });

  it('loads each shipped definition', () => {
    for (const code of FORM_CODES) {
      const definition = loadFormDefinition(code);
      expect(definition.code).toBe(code);
      // Version 2 of the monitoring forms adds the completeness columns (issue 19).
      expect(definition.version).toBe(code === 'MONITORING_SUMMARY' || code === 'FEDERAL_FORM' ? 2 : 1);
      expect(definition.titleRu).toContain('{scopeName}');
      expect(definition.titleRu).toContain('{period}');
      expect(definition.totalRow?.label).toBe('ИТОГО');
    }
    expect(listFormDefinitions().map((d) => `${d.code}.v${d.version}`)).toEqual([
      'FEDERAL_FORM.v1',
      'FEDERAL_FORM.v2',
      'MONITORING_SUMMARY.v1',
      'MONITORING_SUMMARY.v2',
      'ROADMAP_MATRIX.v1',
      'TARGET_PLAN.v1',
    ]);
  });

  it('describes the target plan as a district order lays it out', () => {
    const plan = loadFormDefinition('TARGET_PLAN');
    expect(plan.columns.map((c) => c.key)).toEqual(['rowNumber', 'name']);
    expect(plan.yearGroup?.columns.map((c) => [c.key, c.label])).toEqual([
      ['menteeTarget', 'Обучающиеся-наставляемые, чел.'],
      ['mentorTarget', 'Обучающиеся-наставники, чел.'],
    ]);
    // The district total comes from the total base (DESIGN §4), not a sum of rounded targets.
    expect(plan.totalRow).toEqual({ label: 'ИТОГО', labelColumn: 'name', aggregate: 'PROVIDED' });
    expect(plan.rowsPer).toEqual({ DISTRICT: 'SCHOOL' });
  });

  it('covers every student-facing form and external mentor source in the summary', () => {
    const keys = loadFormDefinition('MONITORING_SUMMARY').columns.map((c) => c.source);
    for (const form of ['STUDENT_STUDENT', 'TEACHER_STUDENT', 'UNIVERSITY_STUDENT_STUDENT', 'EMPLOYER_STUDENT']) {
      expect(keys).toContain(`REPORT.MENTEES_STUDENTS_${form}`);
    }
    for (const source of ['EMPLOYER', 'UNIVERSITY_STUDENT', 'GRADUATE', 'PARENT', 'OTHER']) {
      expect(keys).toContain(`REPORT.MENTORS_EXTERNAL_${source}`);
    }
    const federal = loadFormDefinition('FEDERAL_FORM').columns.map((c) => c.source);
    expect(federal).toEqual(expect.arrayContaining(['REPORT.MENTEES_YOUNG_SPECIALISTS', 'REPORT.PAIRS', 'REPORT.GROUPS']));
  });

  it('picks the latest version by default and a given version on request', () => {
    const v1 = readJson('target-plan');
    writeFileSync(join(tmp, 'target-plan.v1.json'), JSON.stringify(v1));
    writeFileSync(join(tmp, 'target-plan.v2.json'), JSON.stringify({ ...v1, version: 2, titleRu: 'План {period}: {scopeName}' }));
    expect(loadFormDefinition('TARGET_PLAN', undefined, { formsDir: tmp }).version).toBe(2);
    expect(loadFormDefinition('TARGET_PLAN', 1, { formsDir: tmp }).titleRu).toBe(v1.titleRu);
    expect(() => loadFormDefinition('TARGET_PLAN', 3, { formsDir: tmp })).toThrow('has no version 3');
    expect(() => loadFormDefinition('FEDERAL_FORM', undefined, { formsDir: tmp })).toThrow('No definition of form FEDERAL_FORM');
  });

  it('names the file and field of a malformed definition', () => {
    const file = join(tmp, 'target-plan.v1.json');
    const broken = readJson('target-plan');
    (broken.columns as Record<string, unknown>[])[1].type = 'float';
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadFormDefinition('TARGET_PLAN', undefined, { formsDir: tmp })).toThrow(
      `Invalid form definition ${file}: columns[1].type: must be one of text, integer, percent (got "float")`,
    );

    writeFileSync(file, '{ "code": "TARGET_PLAN", ');
    expect(() => loadFormDefinition('TARGET_PLAN', undefined, { formsDir: tmp })).toThrow(
      `Invalid form definition ${file}: not valid JSON`,
    );

    writeFileSync(file, JSON.stringify({ ...readJson('target-plan'), version: 2 }));
    expect(() => loadFormDefinition('TARGET_PLAN', undefined, { formsDir: tmp })).toThrow(
      `${file}: version: 2 does not match the file name`,
    );

    writeFileSync(join(tmp, 'target_plan.json'), '{}');
    expect(() => listFormDefinitions({ formsDir: tmp })).toThrow(FormDefinitionError);
  });

  it.each([
    ['an unknown field', (d: any) => ({ ...d, colums: [] }), 'colums: unknown field'],
    ['a key with an underscore', (d: any) => ({ ...d, columns: [{ ...d.columns[0], key: 'row_number' }, d.columns[1]] }), 'columns[0].key'],
    ['a duplicate key', (d: any) => ({ ...d, columns: [d.columns[1], d.columns[1]] }), 'columns[1].key: duplicate key "name"'],
    [
      'a year group without {year}',
      (d: any) => ({ ...d, yearGroup: { ...d.yearGroup, group: 'Год' } }),
      'yearGroup.group: must contain the {year} placeholder',
    ],
    [
      'a year key clashing with a static key',
      (d: any) => ({ ...d, yearGroup: { ...d.yearGroup, columns: [{ ...d.yearGroup.columns[0], key: 'name' }] } }),
      'yearGroup.columns[0].key: duplicate key "name"',
    ],
    [
      'a numeric total label column',
      (d: any) => ({ ...d, totalRow: { ...d.totalRow, labelColumn: 'rowNumber' } }),
      'totalRow.labelColumn: "rowNumber" is not a text column',
    ],
    [
      'a SUM on a text column',
      (d: any) => ({ ...d, totalRow: { ...d.totalRow, columns: { menteeTarget: 'SUM', rowNumber: 'MAX' } } }),
      'totalRow.columns.rowNumber: must be one of SUM, PROVIDED, NONE',
    ],
    [
      'an unknown frozen column',
      (d: any) => ({ ...d, frozenThroughColumn: 'school' }),
      'frozenThroughColumn: "school" is not a column key',
    ],
    ['a too long sheet name', (d: any) => ({ ...d, sheetName: 'x'.repeat(32) }), 'sheetName: must be at most 31 characters'],
    [
      'a zero width',
      (d: any) => ({ ...d, columns: [{ ...d.columns[0], width: 0 }, d.columns[1]] }),
      'columns[0].width: must be a positive number',
    ],
    ['a missing rowsPer', (d: any) => ({ ...d, rowsPer: undefined }), 'rowsPer: must be an object'],
  ])('rejects %s', (_name, mutate, message) => {
    expect(() => parseFormDefinition(mutate(readJson('target-plan')), 'target-plan.v1.json')).toThrow(
      `Invalid form definition target-plan.v1.json: ${message}`,
    );
  });

  it('rejects summing a percent column', () => {
    const summary = readJson('monitoring-summary') as any;
    summary.totalRow.columns.coverage = 'SUM';
    expect(() => parseFormDefinition(summary, 'm.json')).toThrow('totalRow.columns.coverage: SUM is only allowed on integer columns');
  });

  it('finds the forms folder from the sources, from compiled output and from FORMS_DIR', () => {
    expect(resolveFormsDir()).toBe(FORMS_DIR);
    const repoRoot = resolve(__dirname, '..', '..', '..');
    expect(resolveFormsDir(join(repoRoot, 'dist', 'libs', 'reporting', 'src'))).toBe(FORMS_DIR);

    writeFileSync(join(tmp, formDefinitionFileName('FEDERAL_FORM', 1)), JSON.stringify(readJson('federal-form')));
    process.env[FORMS_DIR_ENV] = tmp;
    expect(resolveFormsDir()).toBe(tmp);
    expect(listFormDefinitions().map((d) => d.code)).toEqual(['FEDERAL_FORM']);
    process.env[FORMS_DIR_ENV] = join(tmp, 'missing');
    expect(() => resolveFormsDir()).toThrow('is not a directory');
  });

  it('maps codes to file names', () => {
    expect(formDefinitionFileName('MONITORING_SUMMARY', 3)).toBe('monitoring-summary.v3.json');
  });
});
