import { Injectable } from '@nestjs/common';
import { Actor } from '../../engine/auth/actor';
import { isUuid, ScopePolicy } from '../../engine/tenancy/scope-policy.service';

/**
 * The guard side for reads of the hierarchy: the ScopePolicy checks, plus one's own region and
 * district, which everyone attached to them may name (a curator lists the schools of its district
 * and RLS shows it its own school; a coordinator reads its region's name).
 */
@Injectable()
export class OrganisationScope {
  constructor(private readonly policy: ScopePolicy) {}

  async readRegion(actor: Actor, regionId: string, field = 'regionId'): Promise<void> {
    if (isUuid(regionId) && actor.regionId === regionId) return;
    await this.policy.region(actor, regionId, field);
  }

  async readDistrict(actor: Actor, districtId: string, field = 'districtId'): Promise<void> {
    if (isUuid(districtId) && actor.districtId === districtId) return;
    await this.policy.district(actor, districtId, field);
  }

  async readSchool(actor: Actor, schoolId: string, field = 'schoolId'): Promise<void> {
    await this.policy.school(actor, schoolId, field);
  }
}
