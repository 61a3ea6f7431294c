import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalFiguresHash, canonicalFiguresJson, ReportPayload } from './quarterly-report-hash';

const payload: ReportPayload = {
  schoolId: 'school-1',
  year: 2024,
  quarter: 2,
  figures: [
    { code: 'STUDENTS', value: 500 },
    { code: 'MENTEES_STUDENTS', value: 120 },
    { code: 'MENTORS_STUDENTS', value: 15 },
    { code: 'PAIRS', value: 40 },
  ],
  comment: 'Набор второго полугодия',
};

function swapValues(a: string, b: string) {
  const valueOf = (code: string) => payload.figures.find((f) => f.code === code)?.value ?? 0;
  return payload.figures.map((f) => (f.code === a ? { ...f, value: valueOf(b) } : f.code === b ? { ...f, value: valueOf(a) } : f));
}

describe('canonicalFiguresJson', () => {
  it('writes fixed keys and the figures sorted by code', () => {
    expect(canonicalFiguresJson(payload)).toBe(
      '{"schoolId":"school-1","year":2024,"quarter":2,"figures":[' +
        '{"code":"MENTEES_STUDENTS","value":120},{"code":"MENTORS_STUDENTS","value":15},' +
        '{"code":"PAIRS","value":40},{"code":"STUDENTS","value":500}],' +
        '"comment":"Набор второго полугодия"}',
    );
  });

  it('drops extra properties of a figure and writes an absent comment as null', () => {
    const figures = [{ code: 'PAIRS', value: 1, label: 'ignored' }];
    expect(canonicalFiguresJson({ schoolId: 's', year: 2024, quarter: 1, figures })).toBe(
      '{"schoolId":"s","year":2024,"quarter":1,"figures":[{"code":"PAIRS","value":1}],"comment":null}',
    );
  });

  it('does not reorder the caller’s figures', () => {
    const figures = [...payload.figures];
    canonicalFiguresJson({ ...payload, figures });
    expect(figures).toEqual(payload.figures);
  });
});

describe('canonicalFiguresHash', () => {
  const hash = canonicalFiguresHash(payload);

  it('is the lowercase hex SHA-256 of the canonical JSON', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(canonicalFiguresJson(payload), 'utf8').digest('hex'));
  });

  it('does not depend on the order of the figures', () => {
    expect(canonicalFiguresHash({ ...payload, figures: [...payload.figures].reverse() })).toBe(hash);
  });

  it('does not depend on the order of the figures, for any payload (duplicates included)', () => {
    const figure = fc.record({
      code: fc.constantFrom('STUDENTS', 'MENTEES_STUDENTS', 'PAIRS', 'GROUPS', 'CONSENTS', 'FOO'),
      value: fc.integer({ min: -10, max: 1000 }),
    });
    fc.assert(
      fc.property(
        fc
          .array(figure, { maxLength: 20 })
          .chain((figures) => fc.tuple(fc.constant(figures), fc.shuffledSubarray(figures, { minLength: figures.length }))),
        ([figures, shuffled]) => {
          expect(canonicalFiguresHash({ ...payload, figures: shuffled })).toBe(canonicalFiguresHash({ ...payload, figures }));
        },
      ),
    );
  });

  it('treats an absent comment and a null comment alike', () => {
    const { comment: _comment, ...withoutComment } = payload;
    expect(canonicalFiguresHash(withoutComment)).toBe(canonicalFiguresHash({ ...withoutComment, comment: null }));
  });

  it.each<[string, Partial<ReportPayload>]>([
    ['the school', { schoolId: 'school-2' }],
    ['the year', { year: 2025 }],
    ['the quarter', { quarter: 3 }],
    ['the comment', { comment: 'Набор второго полугодия.' }],
    ['no comment', { comment: undefined }],
    ['an empty comment', { comment: '' }],
    ['a value', { figures: payload.figures.map((f) => (f.code === 'PAIRS' ? { ...f, value: 41 } : f)) }],
    ['a code', { figures: payload.figures.map((f) => (f.code === 'PAIRS' ? { ...f, code: 'GROUPS' } : f)) }],
    ['an added figure', { figures: [...payload.figures, { code: 'GROUPS', value: 0 }] }],
    ['a removed figure', { figures: payload.figures.slice(1) }],
    ['a duplicated figure', { figures: [...payload.figures, payload.figures[0]] }],
    ['values swapped between codes', { figures: swapValues('STUDENTS', 'MENTEES_STUDENTS') }],
  ])('changes with %s', (_what, change) => {
    expect(canonicalFiguresHash({ ...payload, ...change })).not.toBe(hash);
  });

  it('changes with any single value', () => {
    fc.assert(
      fc.property(fc.nat({ max: payload.figures.length - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (index, value) => {
        fc.pre(value !== payload.figures[index].value);
        const figures = payload.figures.map((f, i) => (i === index ? { ...f, value } : f));
        expect(canonicalFiguresHash({ ...payload, figures })).not.toBe(hash);
      }),
    );
  });
});
