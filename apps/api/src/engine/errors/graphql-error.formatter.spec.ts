import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { EngineException, EngineExceptionCode } from './app.exception';
import { formatGraphqlError } from './graphql-error.formatter';

describe('formatGraphqlError', () => {
  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['op'] });

  it('keeps our exceptions: code, reason and the fields that failed', () => {
    const error = new EngineException(EngineExceptionCode.INVALID_INPUT, 'students: must not be negative', [
      { field: 'students', message: 'must not be negative' },
    ]);
    const formatted = formatGraphqlError({ message: error.message }, wrap(error));
    expect(formatted).toMatchObject({
      message: 'students: must not be negative',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', fields: [{ field: 'students', message: 'must not be negative' }] },
    });
    expect(logged).toEqual([]);
  });

  it('passes GraphQL request errors through', () => {
    const formatted = formatGraphqlError(
      { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      new GraphQLError('Cannot query field "x"'),
    );
    expect(formatted).toMatchObject({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('masks anything else and logs it with the correlation id it returns', () => {
    const formatted = formatGraphqlError(
      { message: 'relation "secret_table" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      wrap(new Error('relation "secret_table" does not exist')),
    );
    const id = formatted.extensions!.correlationId as string;
    expect(formatted.message).toBe(`Internal server error (correlation id ${id})`);
    expect(formatted.message).not.toContain('secret_table');
    expect(formatted.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged.join('\n')).toContain(id);
    expect(logged.join('\n')).toContain('secret_table');
  });

  it('reports a lost database connection as SERVICE_UNAVAILABLE', () => {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const error = new QueryFailedError('SELECT 1', [], driverError);
    const formatted = formatGraphqlError({ message: error.message }, wrap(error));
    expect(formatted.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', correlationId: expect.any(String) });
  });

  it('reports a transaction whose connection died (TypeORM released its runner) as SERVICE_UNAVAILABLE', () => {
    const formatted = formatGraphqlError({ message: 'x' }, wrap(new QueryRunnerAlreadyReleasedError()));
    expect(formatted.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('classifies a socket error graphql-js wrapped as NonErrorThrown (an error of another realm)', () => {
    const thrown = { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 5432 };
    const nonError = Object.assign(new Error(`Unexpected error value: ${JSON.stringify(thrown)}`), {
      name: 'NonErrorThrown',
      thrownValue: thrown,
    });
    const formatted = formatGraphqlError({ message: nonError.message }, wrap(nonError));
    expect(formatted.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
