import { ColumnType, FormColumnDefinition, FormDefinition, TotalAggregate } from './form-definition.types';

/** A column as rendered: one per sheet column, in order. */
export interface LeafColumn {
  /** Row key. Year-group columns: `<key>_<year>`, e.g. `menteeTarget_2021`. */
  readonly key: string;
  readonly label: string;
  /** Upper header label when the header has two levels. */
  readonly group?: string;
  /** `"<group>: <label>"`, or the label: the one-line header used by CSV. */
  readonly headerLabel: string;
  readonly type: ColumnType;
  readonly width: number;
  /** Resolved ИТОГО aggregate of this column. */
  readonly total: TotalAggregate;
  readonly autoNumber: boolean;
  readonly valueLabels?: Readonly<Record<string, string>>;
  readonly source?: string;
  /** Plan year of a year-group column. */
  readonly year?: number;
}

/** A header cell; spans > 1 are merged cells. Positions are 0-based within the header block. */
export interface HeaderCell {
  readonly label: string;
  readonly row: number;
  readonly column: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export interface ExpandedColumns {
  readonly leaves: readonly LeafColumn[];
  /** One or two header rows; `headerRows[r]` holds the cells that start in row `r`. */
  readonly headerRows: readonly (readonly HeaderCell[])[];
  /** The ИТОГО row, when the form has one. */
  readonly total?: { readonly label: string; readonly labelColumn: string };
}

export interface ExpandColumnsOptions {
  /** Plan years, required when the definition has a `yearGroup`. */
  readonly years?: readonly number[];
  /**
   * A header per year-group member, used instead of the `{year}` template: a dynamic group that
   * is not a calendar year (the roadmap's stages, numbered by position from 1). Every member needs one.
   */
  readonly groupTitles?: ReadonlyMap<number, string>;
}

/** Row key of a year-group column: `yearColumnKey('menteeTarget', 2021) === 'menteeTarget_2021'`. */
export function yearColumnKey(key: string, year: number): string {
  return `${key}_${year}`;
}

/**
 * Expands a definition into its leaf columns and header rows: a `yearGroup` becomes one group of
 * columns per year (sorted ascending), the way a district order lays out its plan.
 */
export function expandColumns(definition: FormDefinition, options: ExpandColumnsOptions = {}): ExpandedColumns {
  const years = planYears(definition, options.years, options.groupTitles);
  const totalFor = (column: FormColumnDefinition): TotalAggregate => {
    const spec = definition.totalRow;
    // The row number is not a quantity: always blank in ИТОГО.
    if (!spec || column.autoNumber) return 'NONE';
    // Text is blank in ИТОГО unless the definition asks the caller for it explicitly.
    if (column.type === 'text') return spec.columns?.[column.key] === 'PROVIDED' ? 'PROVIDED' : 'NONE';
    return spec.columns?.[column.key] ?? spec.aggregate;
  };
  const leaf = (column: FormColumnDefinition, key: string, group: string | undefined, year?: number): LeafColumn => ({
    key,
    label: column.label,
    ...(group !== undefined && { group }),
    headerLabel: group !== undefined ? `${group}: ${column.label}` : column.label,
    type: column.type,
    width: column.width,
    total: totalFor(column),
    autoNumber: column.autoNumber === true,
    ...(column.valueLabels && { valueLabels: column.valueLabels }),
    ...(column.source !== undefined && { source: column.source }),
    ...(year !== undefined && { year }),
  });

  const yearLeaves: LeafColumn[] = [];
  const yearGroup = definition.yearGroup;
  if (yearGroup) {
    for (const year of years) {
      const group = options.groupTitles?.get(year) ?? yearGroup.group.replace(/\{year\}/g, String(year));
      for (const column of yearGroup.columns) yearLeaves.push(leaf(column, yearColumnKey(column.key, year), group, year));
    }
  }

  const leaves: LeafColumn[] = [];
  if (yearGroup && yearGroup.insertAfter === undefined) {
    leaves.push(...definition.columns.map((c) => leaf(c, c.key, c.group)), ...yearLeaves);
  } else {
    for (const column of definition.columns) {
      leaves.push(leaf(column, column.key, column.group));
      if (column.key === yearGroup?.insertAfter) leaves.push(...yearLeaves);
    }
  }

  return {
    leaves,
    headerRows: headerRows(leaves),
    ...(definition.totalRow && { total: { label: definition.totalRow.label, labelColumn: definition.totalRow.labelColumn } }),
  };
}

function planYears(definition: FormDefinition, years: readonly number[] | undefined, titles?: ReadonlyMap<number, string>): number[] {
  if (!definition.yearGroup) {
    if (years?.length) throw new Error(`Form ${definition.code} v${definition.version} has no year columns; do not pass years`);
    return [];
  }
  if (!years?.length) throw new Error(`Form ${definition.code} v${definition.version} needs the plan years to expand its columns`);
  const sorted = [...years].sort((a, b) => a - b);
  sorted.forEach((year, i) => {
    if (titles) {
      if (!Number.isInteger(year) || year < 1 || !titles.has(year)) throw new Error(`Invalid group member ${year} (no title)`);
    } else if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new Error(`Invalid plan year ${year}`);
    if (i > 0 && sorted[i - 1] === year) throw new Error(`Plan year ${year} is listed twice`);
  });
  return sorted;
}

/** Adjacent leaves sharing a group get one merged upper cell; ungrouped leaves span both rows. */
function headerRows(leaves: readonly LeafColumn[]): HeaderCell[][] {
  if (leaves.every((column) => column.group === undefined)) {
    return [leaves.map((column, i) => ({ label: column.label, row: 0, column: i, rowSpan: 1, colSpan: 1 }))];
  }
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  for (let i = 0; i < leaves.length;) {
    const group = leaves[i].group;
    if (group === undefined) {
      top.push({ label: leaves[i].label, row: 0, column: i, rowSpan: 2, colSpan: 1 });
      i += 1;
      continue;
    }
    let end = i;
    while (end + 1 < leaves.length && leaves[end + 1].group === group) end += 1;
    top.push({ label: group, row: 0, column: i, rowSpan: 1, colSpan: end - i + 1 });
    for (let j = i; j <= end; j += 1) bottom.push({ label: leaves[j].label, row: 1, column: j, rowSpan: 1, colSpan: 1 });
    i = end + 1;
  }
  return [top, bottom];
}
