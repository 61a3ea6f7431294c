import { AppErrorCode, moduleException } from '../../engine/errors';

export enum JobExceptionCode {
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
}

const CODES: Record<JobExceptionCode, AppErrorCode> = {
  [JobExceptionCode.JOB_NOT_FOUND]: AppErrorCode.NOT_FOUND,
};

export class JobException extends moduleException<JobExceptionCode>(CODES) {
  /** A job that does not exist and one outside the caller's scope look the same. */
  static notFound(field = 'id'): JobException {
    return new JobException(JobExceptionCode.JOB_NOT_FOUND, 'Job not found', [{ field, message: 'Job not found' }]);
  }
}
