// Figures travel as a list of { code, value } (the contract) and are stored as a jsonb map
// code → value (monitoring reads single figures set-based). These helpers convert between
// the two and describe what a change did, in catalogue order so forms and diffs read alike.
import { QUARTERLY_REPORT_CATALOGUE, ReportFigure } from '@mm/domain';

export type FigureMap = Record<string, number>;

export interface FigureChange {
  code: string;
  /** null: the figure was not in the report before. */
  from: number | null;
  /** null: the figure was removed. */
  to: number | null;
}

const CATALOGUE_POSITION = new Map(QUARTERLY_REPORT_CATALOGUE.elements.map((element, index) => [element.code, index]));

/** Catalogue order; codes unknown to the current catalogue (older versions) go last, by code. */
export function compareFigureCodes(a: string, b: string): number {
  const pa = CATALOGUE_POSITION.get(a) ?? Number.MAX_SAFE_INTEGER;
  const pb = CATALOGUE_POSITION.get(b) ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || (a < b ? -1 : a > b ? 1 : 0);
}

/** The map of validated figures (each code once: validateFigures refuses duplicates). */
export function toFigureMap(figures: readonly ReportFigure[]): FigureMap {
  const map: FigureMap = {};
  for (const { code, value } of figures) map[code] = value;
  return map;
}

export function toFigureList(map: FigureMap | null | undefined): ReportFigure[] {
  return Object.keys(map ?? {})
    .sort(compareFigureCodes)
    .map((code) => ({ code, value: map![code]! }));
}

/** What changed from `before` to `after`: added, removed and changed figures. */
export function figureChanges(before: FigureMap, after: FigureMap): FigureChange[] {
  const codes = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...codes]
    .sort(compareFigureCodes)
    .map((code) => ({ code, from: before[code] ?? null, to: after[code] ?? null }))
    .filter((change) => change.from !== change.to);
}
