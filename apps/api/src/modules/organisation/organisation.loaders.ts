import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { TenantTransaction } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { AuthenticatedRequest, RequestTransactions } from '../../engine/tenancy/request-transactions';
import { OrganisationRepository } from './organisation.repository';
import { DistrictType, RegionType } from './organisation.types';

export interface OrganisationLoaders {
  regions: DataLoader<string, RegionType | null>;
  districts: DataLoader<string, DistrictType | null>;
}

/**
 * Per-request loaders for the parents of listed schools and districts: one query per page, not
 * one per row. Kept on the request object, so they live exactly as long as the request; they read
 * in the request's transaction (its actor's scope).
 */
@Injectable()
export class OrganisationLoaderFactory {
  private readonly byRequest = new WeakMap<object, OrganisationLoaders>();

  constructor(
    private readonly requests: RequestTransactions,
    private readonly repository: OrganisationRepository,
  ) {}

  for(request: object, _actor: Actor): OrganisationLoaders {
    let loaders = this.byRequest.get(request);
    if (!loaders) {
      const read = <T>(work: (tx: TenantTransaction) => Promise<T>) => this.requests.read(request as AuthenticatedRequest, work);
      loaders = {
        regions: new DataLoader(async (ids) => {
          const rows = await read(() => this.repository.regionsByIds(ids));
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
        districts: new DataLoader(async (ids) => {
          const rows = await read(() => this.repository.districtsByIds(ids));
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
      };
      this.byRequest.set(request, loaders);
    }
    return loaders;
  }
}
