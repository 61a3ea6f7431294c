/**
 * Statistical form definitions are data (JSON under `libs/reporting/forms/`), so a region can
 * adopt a new layout by adding `<code>.v<N+1>.json` without a code change. These types describe
 * one parsed and validated file. All labels are Russian, as they appear in the produced form.
 */

export const FORM_CODES = ['TARGET_PLAN', 'MONITORING_SUMMARY', 'FEDERAL_FORM', 'ROADMAP_MATRIX'] as const;
export type FormCode = (typeof FORM_CODES)[number];

/** `percent` values are numbers in percent units: 33.3 means 33.3 %. */
export const COLUMN_TYPES = ['text', 'integer', 'percent'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * How a column is filled in the ИТОГО row:
 * `SUM` — the writer sums the column while streaming (integer columns only);
 * `PROVIDED` — the caller passes the value (e.g. targets from the district's total base, §4,
 * which are not the sum of the rounded school targets; ratios such as coverage %);
 * `NONE` — left blank.
 */
export const TOTAL_AGGREGATES = ['SUM', 'PROVIDED', 'NONE'] as const;
export type TotalAggregate = (typeof TOTAL_AGGREGATES)[number];

/** Which entity a row stands for, by the kind of scope the form is generated for. */
export const SCOPE_KINDS = ['DISTRICT', 'REGION'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const ROW_ENTITIES = ['SCHOOL', 'DISTRICT'] as const;
export type RowEntity = (typeof ROW_ENTITIES)[number];

export interface FormColumnDefinition {
  /** Row key; letters and digits only (`_` is reserved for the `_<year>` suffix). */
  readonly key: string;
  /** Header label of the leaf column. */
  readonly label: string;
  /** Upper header label; adjacent columns with the same group share one merged cell. */
  readonly group?: string;
  readonly type: ColumnType;
  /** Excel column width, in characters. */
  readonly width: number;
  /** Integer column the writer fills with the 1-based row number when a row has no value. */
  readonly autoNumber?: boolean;
  /** Text column holding codes (e.g. `AT_RISK`) rendered as these labels; other values are rejected. */
  readonly valueLabels?: Readonly<Record<string, string>>;
  /** Where the figure comes from (e.g. `REPORT.MENTEES_STUDENTS`): guidance for the data layer only. */
  readonly source?: string;
}

/** A pair (or more) of columns repeated for each plan year, under a per-year group header. */
export interface YearGroupDefinition {
  /** Group header template; `{year}` is replaced by the year. */
  readonly group: string;
  /** Static column key after which the year columns go; at the end when absent. */
  readonly insertAfter?: string;
  /** Leaf columns of one year; the row key of each is `<key>_<year>`. */
  readonly columns: readonly Omit<FormColumnDefinition, 'group' | 'autoNumber'>[];
}

export interface TotalRowDefinition {
  /** Text written in `labelColumn`, «ИТОГО». */
  readonly label: string;
  readonly labelColumn: string;
  /** Aggregate of every numeric column not listed in `columns`; text columns stay blank. */
  readonly aggregate: TotalAggregate;
  /** Per-column overrides; a year-group column key (without the year) covers every year. */
  readonly columns?: Readonly<Record<string, TotalAggregate>>;
}

export interface FormDefinition {
  readonly code: FormCode;
  /** Positive integer; the loader picks the highest by default. */
  readonly version: number;
  /** Title template with `{placeholders}`, e.g. `{scopeName}`, `{period}`; see `renderTitle`. */
  readonly titleRu: string;
  readonly descriptionRu?: string;
  /** Worksheet name (Excel: at most 31 characters, none of `[]:*?/\`); the code when absent. */
  readonly sheetName?: string;
  /** Row entity per scope kind, e.g. `{ "DISTRICT": "SCHOOL", "REGION": "DISTRICT" }`. */
  readonly rowsPer: Readonly<Partial<Record<ScopeKind, RowEntity>>>;
  /** Panes are frozen after this column (typically the name) and below the header. */
  readonly frozenThroughColumn?: string;
  readonly columns: readonly FormColumnDefinition[];
  readonly yearGroup?: YearGroupDefinition;
  readonly totalRow?: TotalRowDefinition;
}
