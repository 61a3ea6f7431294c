import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { schoolYearOf } from '@mm/domain';
import { Actor } from '../../engine/auth/actor';
import { RequestTransactions } from '../../engine/tenancy/request-transactions';
import { Clock } from './clock';
import { RoadmapRepository } from './roadmap.repository';

export interface RoadmapRequestLoaders {
  /** School id → stages of its current roadmap behind schedule today. */
  behindSchedule: DataLoader<string, number>;
}

/**
 * Per-request DataLoaders for roadmap fields on other modules' rows (the district monitoring's
 * school rows): one query for all the rows of a response. Keyed on the request object, so they
 * live exactly as long as the request and read in its transaction (the actor's scope).
 */
@Injectable()
export class RoadmapLoaders {
  private readonly perRequest = new WeakMap<object, RoadmapRequestLoaders>();

  constructor(
    private readonly requests: RequestTransactions,
    private readonly repo: RoadmapRepository,
    private readonly clock: Clock,
  ) {}

  of(request: { actor: Actor }): RoadmapRequestLoaders {
    let loaders = this.perRequest.get(request);
    if (!loaders) {
      loaders = this.create(request);
      this.perRequest.set(request, loaders);
    }
    return loaders;
  }

  private create(request: { actor: Actor }): RoadmapRequestLoaders {
    return {
      behindSchedule: new DataLoader(async (schoolIds) => {
        const today = this.clock.today();
        const counts = await this.requests.read(request, () => this.repo.behindScheduleBySchool(schoolIds, schoolYearOf(today), today));
        return schoolIds.map((id) => counts.get(id) ?? 0);
      }),
    };
  }
}
