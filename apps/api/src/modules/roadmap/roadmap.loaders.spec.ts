import { Role } from '@mm/database';
import { RequestTransactions } from '../../engine/tenancy/request-transactions';
import { Actor } from '../../engine/auth/actor';
import { Clock } from './clock';
import { RoadmapLoaders } from './roadmap.loaders';
import { RoadmapRepository } from './roadmap.repository';

const actor: Actor = {
  userId: 'u1',
  email: 'c@test.local',
  role: Role.DISTRICT_COORDINATOR,
  regionId: 'r1',
  districtId: 'd1',
  schoolId: null,
};

function setup(today: string) {
  // The repository takes the request's transaction from the context: it must be called inside read().
  let reading = false;
  const requests = {
    read: jest.fn(async (_request: unknown, work: () => Promise<unknown>) => {
      reading = true;
      try {
        return await work();
      } finally {
        reading = false;
      }
    }),
  };
  const repo = {
    behindScheduleBySchool: jest.fn(async () => {
      if (!reading) throw new Error('called outside the request transaction');
      return new Map([
        ['s1', 2],
        ['s3', 5],
      ]);
    }),
  };
  const clock: Clock = { today: () => today };
  const loaders = new RoadmapLoaders(requests as unknown as RequestTransactions, repo as unknown as RoadmapRepository, clock);
  return { requests, repo, loaders };
}

describe('RoadmapLoaders.behindSchedule', () => {
  it("answers a whole page of rows with one query in the request's transaction, 0 for schools without any", async () => {
    const { requests, repo, loaders } = setup('2026-01-20');
    const request = { actor };
    const loader = loaders.of(request).behindSchedule;
    await expect(Promise.all(['s1', 's2', 's3'].map((id) => loader.load(id)))).resolves.toEqual([2, 0, 5]);
    expect(repo.behindScheduleBySchool).toHaveBeenCalledTimes(1);
    // January 2026 belongs to the school year 2025/2026.
    expect(repo.behindScheduleBySchool).toHaveBeenCalledWith(['s1', 's2', 's3'], 2025, '2026-01-20');
    expect(requests.read).toHaveBeenCalledTimes(1);
    expect(requests.read.mock.calls[0]![0]).toBe(request);
  });

  it('keeps one loader per request and none across requests', async () => {
    const { loaders } = setup('2025-10-16');
    const request = { actor };
    expect(loaders.of(request)).toBe(loaders.of(request));
    expect(loaders.of({ actor })).not.toBe(loaders.of(request));
  });
});
