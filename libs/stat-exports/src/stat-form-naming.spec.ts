import { asciiFileName, contentDisposition, downloadFileName, encodeRfc5987, periodText } from './stat-form-naming';

describe('stat form naming', () => {
  it('writes the period as a form does', () => {
    expect(periodText({ year: 2020, toYear: 2024, quarter: null })).toBe('2020–2024 годы');
    expect(periodText({ year: 2024, toYear: 2024, quarter: null })).toBe('2024 год');
    expect(periodText({ year: 2024, toYear: null, quarter: 2 })).toBe('II квартал 2024 года');
    expect(periodText({ year: 2025, toYear: null, quarter: 4 })).toBe('IV квартал 2025 года');
  });

  it('turns a title into a file name without characters file systems refuse', () => {
    expect(downloadFileName('Сводный мониторинг: Район «Северный», I квартал 2024 года', 'XLSX')).toBe(
      'Сводный мониторинг Район Северный, I квартал 2024 года.xlsx',
    );
    expect(downloadFileName('a/b\\c?*|<>"\u0001', 'CSV')).toBe('a b c.csv');
    expect(downloadFileName('', 'CSV')).toBe('export.csv');
    expect(downloadFileName('x'.repeat(400), 'XLSX')).toHaveLength(150 + '.xlsx'.length);
    // Cyrillic is 2 bytes a letter in UTF-8: the name stays within the 255 bytes file systems allow.
    const cyrillic = downloadFileName('х'.repeat(400), 'XLSX');
    expect(Buffer.byteLength(cyrillic)).toBeLessThanOrEqual(255);
    expect(cyrillic).toBe(`${'х'.repeat(125)}.xlsx`);
  });

  it('gives an ASCII fallback name from the form, scope code and period', () => {
    expect(asciiFileName('TARGET_PLAN', 'КЛН-01 D 7', { year: 2020, toYear: 2024, quarter: null }, 'XLSX')).toBe(
      'target-plan_01-D-7_2020-2024.xlsx',
    );
    expect(asciiFileName('FEDERAL_FORM', 'R77', { year: 2024, toYear: null, quarter: 3 }, 'CSV')).toBe('federal-form_R77_2024-Q3.csv');
  });

  it('builds an RFC 6266 Content-Disposition with an RFC 5987 UTF-8 name', () => {
    const header = contentDisposition("План (ИТОГО)'s *.xlsx", 'plan".xlsx');
    expect(header).toBe(`attachment; filename="plan_.xlsx"; filename*=UTF-8''${encodeRfc5987("План (ИТОГО)'s *.xlsx")}`);
    expect(encodeRfc5987("a'(b)*")).toBe('a%27%28b%29%2A');
    expect(decodeURIComponent(encodeRfc5987('План 2020–2024.xlsx'))).toBe('План 2020–2024.xlsx');
  });
});

describe('download names cut by characters', () => {
  it('never splits an emoji (surrogate pair or ZWJ sequence) at the length limit, so the header stays encodable', () => {
    for (const emoji of ['😀', '👩‍🏫', '🇷🇺']) {
      for (let pad = 0; pad < 4; pad++) {
        const title = 'ш'.repeat(149 - pad) + emoji.repeat(10);
        const name = downloadFileName(title, 'XLSX');
        expect(() => encodeURIComponent(name)).not.toThrow();
        expect(() => contentDisposition(name, 'x.xlsx')).not.toThrow();
        const base = name.slice(0, -'.xlsx'.length);
        // Whole graphemes only, up to the byte limit: the letters, then no piece of an emoji.
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
        expect(base.startsWith('ш'.repeat(Math.min(149 - pad, 125)))).toBe(true);
        expect(base.replace(/ш/g, '').length % emoji.length).toBe(0);
      }
    }
  });

  it('replaces lone surrogates instead of failing', () => {
    expect(() => encodeURIComponent(downloadFileName('Отчёт \uD83D школа', 'CSV'))).not.toThrow();
  });
});
