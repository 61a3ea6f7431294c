import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { TenantDatabase } from '@mm/database';
import { schoolYearOf } from '@mm/domain';
import { Actor, actorScope } from '../../engine/auth/actor';
import { Clock } from './clock';
import { RoadmapRepository } from './roadmap.repository';

export interface RoadmapRequestLoaders {
  /** School id → stages of its current roadmap behind schedule today. */
  behindSchedule: DataLoader<string, number>;
}

/**
 * Per-request DataLoaders for roadmap fields on other modules' rows (the district monitoring's
 * school rows): one query for all the rows of a response. Keyed on the request object, so they
 * live exactly as long as the request and batch under its actor's scope.
 */
@Injectable()
export class RoadmapLoaders {
  private readonly perRequest = new WeakMap<object, RoadmapRequestLoaders>();

  constructor(
    private readonly db: TenantDatabase,
    private readonly repo: RoadmapRepository,
    private readonly clock: Clock,
  ) {}

  of(request: { actor: Actor }): RoadmapRequestLoaders {
    let loaders = this.perRequest.get(request);
    if (!loaders) {
      loaders = this.create(request.actor);
      this.perRequest.set(request, loaders);
    }
    return loaders;
  }

  private create(actor: Actor): RoadmapRequestLoaders {
    return {
      behindSchedule: new DataLoader(async (schoolIds) => {
        const today = this.clock.today();
        const counts = await this.db.transaction(actorScope(actor), (tx) =>
          this.repo.behindScheduleBySchool(tx, schoolIds, schoolYearOf(today), today),
        );
        return schoolIds.map((id) => counts.get(id) ?? 0);
      }),
    };
  }
}
