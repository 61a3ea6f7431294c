import { Injectable } from '@nestjs/common';
import { currentActor } from '../../engine/auth/actor';
import { isUuid, ScopePolicy } from '../../engine/tenancy/scope-policy.service';

/**
 * The guard side for reads of the hierarchy: the ScopePolicy checks, plus one's own region and
 * district, which everyone attached to them may name (a curator lists the schools of its district
 * and RLS shows it its own school; a coordinator reads its region's name).
 */
@Injectable()
export class OrganisationScope {
  constructor(private readonly policy: ScopePolicy) {}

  async readRegion(regionId: string, field = 'regionId'): Promise<void> {
    const actor = currentActor();
    if (isUuid(regionId) && actor.regionId === regionId) return;
    await this.policy.region(regionId, field);
  }

  async readDistrict(districtId: string, field = 'districtId'): Promise<void> {
    const actor = currentActor();
    if (isUuid(districtId) && actor.districtId === districtId) return;
    await this.policy.district(districtId, field);
  }

  async readSchool(schoolId: string, field = 'schoolId'): Promise<void> {
    await this.policy.school(schoolId, field);
  }
}
