import { compareFigureCodes, figureChanges, toFigureList, toFigureMap } from './quarterly-report.figures';

describe('quarterly report figures', () => {
  it('lists a stored map in catalogue order, unknown codes last', () => {
    expect(toFigureList({ TEACHERS: 40, OLD_CODE: 1, STUDENTS: 500, MENTEES_STUDENTS: 100 })).toEqual([
      { code: 'STUDENTS', value: 500 },
      { code: 'MENTEES_STUDENTS', value: 100 },
      { code: 'TEACHERS', value: 40 },
      { code: 'OLD_CODE', value: 1 },
    ]);
    expect(toFigureList(null)).toEqual([]);
    expect(['TEACHERS', 'STUDENTS'].sort(compareFigureCodes)).toEqual(['STUDENTS', 'TEACHERS']);
  });

  it('round-trips a list through the map', () => {
    const figures = [
      { code: 'STUDENTS', value: 500 },
      { code: 'PAIRS', value: 0 },
    ];
    expect(toFigureList(toFigureMap(figures))).toEqual(figures);
  });

  it('describes added, changed and removed figures, and nothing for unchanged ones', () => {
    expect(figureChanges({ STUDENTS: 500, TEACHERS: 40, PAIRS: 3 }, { STUDENTS: 510, TEACHERS: 40, GROUPS: 2 })).toEqual([
      { code: 'STUDENTS', from: 500, to: 510 },
      { code: 'PAIRS', from: 3, to: null },
      { code: 'GROUPS', from: null, to: 2 },
    ]);
    expect(figureChanges({ STUDENTS: 0 }, { STUDENTS: 0 })).toEqual([]);
    expect(figureChanges({}, { STUDENTS: 0 })).toEqual([{ code: 'STUDENTS', from: null, to: 0 }]);
  });
});
