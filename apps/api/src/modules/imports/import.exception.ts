import { AppErrorCode, moduleException } from '../../engine/errors';

export enum ImportExceptionCode {
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  CREDENTIALS_NOT_FOUND = 'CREDENTIALS_NOT_FOUND',
}

const CODES: Record<ImportExceptionCode, AppErrorCode> = {
  [ImportExceptionCode.IMPORT_NOT_FOUND]: AppErrorCode.NOT_FOUND,
  [ImportExceptionCode.CREDENTIALS_NOT_FOUND]: AppErrorCode.NOT_FOUND,
};

export class ImportException extends moduleException<ImportExceptionCode>(CODES) {
  /** No import of that job in the caller's scope (a missing one and one outside look the same). */
  static notFound(field = 'jobId'): ImportException {
    return new ImportException(ImportExceptionCode.IMPORT_NOT_FOUND, 'Import not found', [{ field, message: 'Import not found' }]);
  }

  /** Already taken, expired, never generated, or generated for someone else: all look the same. */
  static credentialsNotFound(field = 'jobId'): ImportException {
    return new ImportException(ImportExceptionCode.CREDENTIALS_NOT_FOUND, 'No generated passwords are waiting for you for this import', [
      { field, message: 'No generated passwords are waiting for this import' },
    ]);
  }
}
