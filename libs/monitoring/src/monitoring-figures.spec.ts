import { EXTERNAL_MENTOR_SOURCES, externalMentorsCode, findDataElement, menteesByFormCode, STUDENT_FACING_FORMS } from '@mm/domain';
import { BREAKDOWN_FIGURES, FIGURE_COLUMNS } from './monitoring-figures';

describe('monitoring breakdown figures', () => {
  const codes = BREAKDOWN_FIGURES.map((b) => b.code);

  it('keep every student-facing form and every external mentor source of the catalogue', () => {
    for (const form of STUDENT_FACING_FORMS) expect(codes).toContain(menteesByFormCode(form));
    for (const source of EXTERNAL_MENTOR_SOURCES) expect(codes).toContain(externalMentorsCode(source));
    for (const code of ['MENTEES_TEACHERS', 'MENTEES_YOUNG_SPECIALISTS', 'MENTORS_TEACHERS', 'PAIRS', 'GROUPS'])
      expect(codes).toContain(code);
  });

  it('name only figures of the catalogue, each once, with distinct columns', () => {
    for (const code of codes) expect(findDataElement(code)).toBeDefined();
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(FIGURE_COLUMNS).size).toBe(FIGURE_COLUMNS.length);
    for (const column of FIGURE_COLUMNS) expect(column).toMatch(/^[a-z_]+$/);
  });
});
