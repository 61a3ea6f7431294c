import { ApiError, fileNameOf } from './graphql-client';

describe('GraphQL client', () => {
  it('keeps the server’s code, reason and field problems', () => {
    const error = ApiError.fromGraphql(
      {
        message: 'The report changed since it was read',
        extensions: {
          code: 'CONFLICT',
          reason: 'STALE_VERSION',
          currentVersion: 4,
          fields: [{ field: 'expectedVersion', message: 'stale' }],
        },
      },
      409,
    );
    expect(error).toMatchObject({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
      status: 409,
      message: 'The report changed since it was read',
    });
    expect(error.extensions.currentVersion).toBe(4);
    expect(error.problemsOf('expectedVersion')).toHaveLength(1);
    expect(ApiError.fromGraphql({ message: 'boom' }, 500).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('reads the download’s file name, UTF-8 first', () => {
    expect(fileNameOf(`attachment; filename="plan.xlsx"; filename*=UTF-8''%D0%BF%D0%BB%D0%B0%D0%BD.xlsx`)).toBe('план.xlsx');
    expect(fileNameOf('attachment; filename="plan.csv"')).toBe('plan.csv');
    expect(fileNameOf(null)).toBeUndefined();
  });
});
