// Reporting library: statistical form definitions (data in libs/reporting/forms) and the
// streaming XLSX/CSV writers. No NestJS, database or queue here; the export job wires them.
export * from './form-definition.types';
export { FormDefinitionError, parseFormDefinition } from './form-definition.validator';
export { FORMS_DIR_ENV, formDefinitionFileName, listFormDefinitions, loadFormDefinition, resolveFormsDir } from './form-definition.loader';
export type { FormDefinitionSource } from './form-definition.loader';
export { expandColumns, yearColumnKey } from './form-columns';
export type { ExpandColumnsOptions, ExpandedColumns, HeaderCell, LeafColumn } from './form-columns';
export { renderTitle, titlePlaceholders } from './form-title';
export { FormRowError, isFormulaLike } from './form-rows';
export type { FormCellValue, FormRow } from './form-rows';
export type { FormRows, FormWriteResult } from './form-output';
export { HashingPassThrough } from './hashing-pass-through';
export { writeCsv } from './csv-form.writer';
export type { CsvDelimiter, CsvFormWriteOptions } from './csv-form.writer';
export { writeXlsx } from './xlsx-form.writer';
export type { XlsxFormWriteOptions } from './xlsx-form.writer';
