import { EventEmitter } from 'node:events';
import { TenantDatabase } from '@mm/database';
import { EngineException, EngineExceptionCode } from '../errors';
import { AuthenticatedRequest, RequestTransactions } from './request-transactions';

/** The request's shared transaction when its client goes away (unit: the database is a collaborator here). */
describe('RequestTransactions when the client goes away', () => {
  const user = {
    status: 'OK',
    id: '7d3c5e2a-1b4f-4c8e-9a6d-0f1e2d3c4b5a',
    email: 'c@x.test',
    role: 'SCHOOL_CURATOR',
    regionId: null,
    districtId: null,
    schoolId: null,
    mustChangePassword: false,
  };

  function setUp(writableFinished: boolean) {
    const open = { isFinished: false, commit: jest.fn(async () => void (open.isFinished = true)) };
    const db = {
      begin: jest.fn(async (scope: (rows: unknown[]) => unknown) => (scope([user]), { open, rows: [user] })),
      within: jest.fn((_open: unknown, work: (tx: unknown) => Promise<unknown>) => work({})),
    };
    const res = Object.assign(new EventEmitter(), { writableFinished });
    const request: AuthenticatedRequest = { claims: { sub: user.id, role: user.role, ver: 0 }, res };
    return { requests: new RequestTransactions(db as unknown as TenantDatabase), request, res, open };
  }

  it('commits the shared transaction on close and answers the rest of the operation as abandoned, not as an internal error', async () => {
    const { requests, request, res, open } = setUp(false);
    await expect(requests.read(request, async () => 'rows')).resolves.toBe('rows');
    res.emit('close');
    await new Promise((resolve) => setImmediate(resolve));
    expect(open.commit).toHaveBeenCalledTimes(1);

    const late = requests.read(request, async () => 'never');
    await expect(late).rejects.toBeInstanceOf(EngineException);
    await expect(late).rejects.toMatchObject({ code: EngineExceptionCode.REQUEST_ABANDONED });
    const failure = new Error('No transaction in this context');
    expect(requests.abandonedOr(request, failure)).toMatchObject({ code: EngineExceptionCode.REQUEST_ABANDONED });
  });

  it('keeps errors as they are when the answer was sent before the connection closed', async () => {
    const { requests, request, res } = setUp(true);
    await requests.read(request, async () => undefined);
    res.emit('close');
    await new Promise((resolve) => setImmediate(resolve));
    const failure = new Error('boom');
    expect(requests.abandonedOr(request, failure)).toBe(failure);
    await expect(requests.read(request, async () => undefined)).rejects.toThrow(/already ended/);
  });
});
