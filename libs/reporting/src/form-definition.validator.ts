import {
  COLUMN_TYPES,
  ColumnType,
  FORM_CODES,
  FormColumnDefinition,
  FormDefinition,
  ROW_ENTITIES,
  SCOPE_KINDS,
  TOTAL_AGGREGATES,
  TotalAggregate,
  TotalRowDefinition,
  YearGroupDefinition,
} from './form-definition.types';

/** A malformed definition file; the message names the file and the offending field. */
export class FormDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    problem: string,
  ) {
    super(`Invalid form definition ${file}${field ? `: ${field}` : ''}: ${problem}`);
    this.name = 'FormDefinitionError';
  }
}

// `_` is kept out of keys so `<key>_<year>` can never collide with a static key.
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
const MAX_WIDTH = 255;

type Json = Record<string, unknown>;

/**
 * Validates parsed JSON as a form definition. Strict on purpose: the files are edited by hand
 * when the ministry changes a form, so a misspelt field must fail loudly, not be ignored.
 */
export function parseFormDefinition(raw: unknown, file: string): FormDefinition {
  const check = new Checker(file);
  const root = check.object(raw, '');
  check.onlyFields(root, '', [
    'code',
    'version',
    'titleRu',
    'descriptionRu',
    'sheetName',
    'rowsPer',
    'frozenThroughColumn',
    'columns',
    'yearGroup',
    'totalRow',
  ]);

  const code = check.oneOf(root.code, 'code', FORM_CODES);
  const version = check.positiveInteger(root.version, 'version');
  const titleRu = check.text(root.titleRu, 'titleRu');
  const descriptionRu = check.optional(root.descriptionRu, 'descriptionRu', check.text);
  const sheetName = check.optional(root.sheetName, 'sheetName', (value, field) => {
    const name = check.text(value, field);
    if (name.length > 31 || SHEET_NAME_FORBIDDEN.test(name)) {
      check.fail(field, 'must be at most 31 characters without []:*?/\\');
    }
    return name;
  });
  const rowsPer = parseRowsPer(check, root.rowsPer);

  const columns = check.array(root.columns, 'columns').map((value, i) => parseColumn(check, value, `columns[${i}]`, true));
  if (columns.length === 0) check.fail('columns', 'must list at least one column');
  const staticKeys = new Set<string>();
  columns.forEach((column, i) => {
    if (staticKeys.has(column.key)) check.fail(`columns[${i}].key`, `duplicate key "${column.key}"`);
    staticKeys.add(column.key);
  });

  const yearGroup = check.optional(root.yearGroup, 'yearGroup', (value, field) => parseYearGroup(check, value, field, staticKeys));
  const allKeys = new Map<string, ColumnType>(columns.map((c) => [c.key, c.type]));
  yearGroup?.columns.forEach((c) => allKeys.set(c.key, c.type));

  const frozenThroughColumn = check.optional(root.frozenThroughColumn, 'frozenThroughColumn', (value, field) => {
    const key = check.text(value, field);
    if (!staticKeys.has(key)) check.fail(field, `"${key}" is not a column key`);
    return key;
  });
  const totalRow = check.optional(root.totalRow, 'totalRow', (value, field) => parseTotalRow(check, value, field, allKeys));

  return {
    code,
    version,
    titleRu,
    ...(descriptionRu !== undefined && { descriptionRu }),
    ...(sheetName !== undefined && { sheetName }),
    rowsPer,
    ...(frozenThroughColumn !== undefined && { frozenThroughColumn }),
    columns,
    ...(yearGroup !== undefined && { yearGroup }),
    ...(totalRow !== undefined && { totalRow }),
  };
}

function parseRowsPer(check: Checker, raw: unknown): FormDefinition['rowsPer'] {
  const rowsPer = check.object(raw, 'rowsPer');
  const result: Partial<Record<(typeof SCOPE_KINDS)[number], (typeof ROW_ENTITIES)[number]>> = {};
  for (const [scope, entity] of Object.entries(rowsPer)) {
    const kind = check.oneOf(scope, `rowsPer (key "${scope}")`, SCOPE_KINDS);
    result[kind] = check.oneOf(entity, `rowsPer.${scope}`, ROW_ENTITIES);
  }
  if (Object.keys(result).length === 0) check.fail('rowsPer', 'must name at least one scope kind');
  return result;
}

function parseColumn(check: Checker, raw: unknown, field: string, isStatic: boolean): FormColumnDefinition {
  const column = check.object(raw, field);
  check.onlyFields(
    column,
    field,
    isStatic
      ? ['key', 'label', 'group', 'type', 'width', 'autoNumber', 'valueLabels', 'source']
      : ['key', 'label', 'type', 'width', 'valueLabels', 'source'],
  );
  const key = check.text(column.key, `${field}.key`);
  if (!KEY_PATTERN.test(key)) check.fail(`${field}.key`, `"${key}" must be letters and digits, starting with a letter`);
  const type = check.oneOf(column.type, `${field}.type`, COLUMN_TYPES);
  const width = check.positiveNumber(column.width, `${field}.width`);
  if (width > MAX_WIDTH) check.fail(`${field}.width`, `must be at most ${MAX_WIDTH}`);

  const autoNumber = check.optional(column.autoNumber, `${field}.autoNumber`, check.boolean);
  if (autoNumber && type !== 'integer') check.fail(`${field}.autoNumber`, 'is only allowed on integer columns');
  const valueLabels = check.optional(column.valueLabels, `${field}.valueLabels`, (value, f) => {
    if (type !== 'text') check.fail(f, 'is only allowed on text columns');
    const labels = check.object(value, f);
    for (const [code, label] of Object.entries(labels)) check.text(label, `${f}.${code}`);
    return labels as Record<string, string>;
  });

  return {
    key,
    label: check.text(column.label, `${field}.label`),
    ...(column.group !== undefined && { group: check.text(column.group, `${field}.group`) }),
    type,
    width,
    ...(autoNumber && { autoNumber }),
    ...(valueLabels !== undefined && { valueLabels }),
    ...(column.source !== undefined && { source: check.text(column.source, `${field}.source`) }),
  };
}

function parseYearGroup(check: Checker, raw: unknown, field: string, staticKeys: ReadonlySet<string>): YearGroupDefinition {
  const group = check.object(raw, field);
  check.onlyFields(group, field, ['group', 'insertAfter', 'columns']);
  const label = check.text(group.group, `${field}.group`);
  if (!label.includes('{year}')) check.fail(`${field}.group`, 'must contain the {year} placeholder');
  const insertAfter = check.optional(group.insertAfter, `${field}.insertAfter`, (value, f) => {
    const key = check.text(value, f);
    if (!staticKeys.has(key)) check.fail(f, `"${key}" is not a column key`);
    return key;
  });
  const columns = check
    .array(group.columns, `${field}.columns`)
    .map((value, i) => parseColumn(check, value, `${field}.columns[${i}]`, false));
  if (columns.length === 0) check.fail(`${field}.columns`, 'must list at least one column');
  const keys = new Set<string>();
  columns.forEach((column, i) => {
    if (staticKeys.has(column.key) || keys.has(column.key)) {
      check.fail(`${field}.columns[${i}].key`, `duplicate key "${column.key}"`);
    }
    keys.add(column.key);
  });
  return { group: label, ...(insertAfter !== undefined && { insertAfter }), columns };
}

function parseTotalRow(check: Checker, raw: unknown, field: string, columnTypes: ReadonlyMap<string, ColumnType>): TotalRowDefinition {
  const total = check.object(raw, field);
  check.onlyFields(total, field, ['label', 'labelColumn', 'aggregate', 'columns']);
  const label = check.text(total.label, `${field}.label`);
  const labelColumn = check.text(total.labelColumn, `${field}.labelColumn`);
  if (columnTypes.get(labelColumn) !== 'text') check.fail(`${field}.labelColumn`, `"${labelColumn}" is not a text column`);
  const aggregate = check.oneOf(total.aggregate, `${field}.aggregate`, TOTAL_AGGREGATES);

  const columns = check.optional(total.columns, `${field}.columns`, (value, f) => {
    const overrides: Record<string, TotalAggregate> = {};
    for (const [key, agg] of Object.entries(check.object(value, f))) {
      const type = columnTypes.get(key);
      if (!type) check.fail(`${f}.${key}`, 'is not a column key');
      if (key === labelColumn) check.fail(`${f}.${key}`, 'is the label column');
      const parsed = check.oneOf(agg, `${f}.${key}`, TOTAL_AGGREGATES);
      // Summing percentages or text is meaningless; a ratio of the total must be provided. A text
      // column is blank in ИТОГО unless the caller provides it (e.g. a count of done stages).
      if (parsed === 'SUM' && type !== 'integer') check.fail(`${f}.${key}`, 'SUM is only allowed on integer columns');
      overrides[key] = parsed;
    }
    return overrides;
  });
  return { label, labelColumn, aggregate, ...(columns !== undefined && { columns }) };
}

/** Small typed assertions that throw `FormDefinitionError` with the field path. */
class Checker {
  constructor(private readonly file: string) {}

  fail(field: string, problem: string): never {
    throw new FormDefinitionError(this.file, field || undefined, problem);
  }

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be an object');
    return value as Json;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value;
  }

  onlyFields(value: Json, field: string, allowed: readonly string[]): void {
    for (const name of Object.keys(value)) {
      if (!allowed.includes(name)) this.fail(field ? `${field}.${name}` : name, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  text = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'must be a non-empty string');
    return value;
  };

  boolean = (value: unknown, field: string): boolean => {
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value;
  };

  positiveInteger(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) this.fail(field, 'must be a positive integer');
    return value;
  }

  positiveNumber(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) this.fail(field, 'must be a positive number');
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return value as T;
  }

  optional<T>(value: unknown, field: string, parse: (value: unknown, field: string) => T): T | undefined {
    return value === undefined ? undefined : parse(value, field);
  }
}
