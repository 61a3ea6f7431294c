import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { TenantDatabase } from '@mm/database';
import { Actor, actorScope } from '../../engine/auth/actor';
import { OrganisationRepository } from './organisation.repository';
import { DistrictType, RegionType } from './organisation.types';

export interface OrganisationLoaders {
  regions: DataLoader<string, RegionType | null>;
  districts: DataLoader<string, DistrictType | null>;
}

/**
 * Per-request loaders for the parents of listed schools and districts: one query per page, not
 * one per row. Kept on the request object, so they live exactly as long as the request and
 * batch under its actor's scope.
 */
@Injectable()
export class OrganisationLoaderFactory {
  private readonly byRequest = new WeakMap<object, OrganisationLoaders>();

  constructor(
    private readonly db: TenantDatabase,
    private readonly repository: OrganisationRepository,
  ) {}

  for(request: object, actor: Actor): OrganisationLoaders {
    let loaders = this.byRequest.get(request);
    if (!loaders) {
      const scope = actorScope(actor);
      loaders = {
        regions: new DataLoader(async (ids) => {
          const rows = await this.db.transaction(scope, (tx) => this.repository.regionsByIds(tx, ids));
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
        districts: new DataLoader(async (ids) => {
          const rows = await this.db.transaction(scope, (tx) => this.repository.districtsByIds(tx, ids));
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
      };
      this.byRequest.set(request, loaders);
    }
    return loaders;
  }
}
