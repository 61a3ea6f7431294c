import { Injectable } from '@nestjs/common';
import { Role, SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { Actor } from '../auth/actor';
import { EngineException } from '../errors';

export interface SchoolRef {
  id: string;
  regionId: string;
  districtId: string;
  code: string;
  name: string;
}

export interface DistrictRef {
  id: string;
  regionId: string;
  code: string;
  name: string;
}

/**
 * The guard-side lock: resolves a target's place in the hierarchy and checks it against the
 * actor's scope before any tenant query runs. RLS checks the same in the database.
 */
@Injectable()
export class ScopePolicy {
  constructor(private readonly db: TenantDatabase) {}

  async school(actor: Actor, schoolId: string, field = 'schoolId'): Promise<SchoolRef> {
    const rows = isUuid(schoolId)
      ? await this.db.transaction(SYSTEM_SCOPE, (tx) =>
          tx.query<SchoolRef>(
            `SELECT id, region_id AS "regionId", district_id AS "districtId", code, name FROM schools WHERE id = $1`,
            [schoolId],
          ),
        )
      : [];
    const school = rows[0];
    if (!school) throw EngineException.notFound('School', field);
    if (!canSeeSchool(actor, school)) throw EngineException.forbidden('The school is outside your scope');
    return school;
  }

  async district(actor: Actor, districtId: string, field = 'districtId'): Promise<DistrictRef> {
    const rows = isUuid(districtId)
      ? await this.db.transaction(SYSTEM_SCOPE, (tx) =>
          tx.query<DistrictRef>(`SELECT id, region_id AS "regionId", code, name FROM districts WHERE id = $1`, [districtId]),
        )
      : [];
    const district = rows[0];
    if (!district) throw EngineException.notFound('District', field);
    if (!canSeeDistrict(actor, district)) throw EngineException.forbidden('The district is outside your scope');
    return district;
  }

  async region(actor: Actor, regionId: string, field = 'regionId'): Promise<{ id: string; code: string; name: string }> {
    const rows = isUuid(regionId)
      ? await this.db.transaction(SYSTEM_SCOPE, (tx) => tx.query(`SELECT id, code, name FROM regions WHERE id = $1`, [regionId]))
      : [];
    const region = rows[0];
    if (!region) throw EngineException.notFound('Region', field);
    if (!canSeeRegion(actor, region.id)) throw EngineException.forbidden('The region is outside your scope');
    return region;
  }
}

export function canSeeSchool(actor: Actor, school: { id: string; regionId: string; districtId: string }): boolean {
  switch (actor.role) {
    case Role.ADMIN:
      return true;
    case Role.AUTHORITY:
      return actor.regionId === null || actor.regionId === school.regionId;
    case Role.DISTRICT_COORDINATOR:
      return actor.districtId === school.districtId;
    case Role.SCHOOL_CURATOR:
      return actor.schoolId === school.id;
  }
}

/** Whether the actor may see a district as a whole (a curator sees only its school). */
export function canSeeDistrict(actor: Actor, district: { id: string; regionId: string }): boolean {
  switch (actor.role) {
    case Role.ADMIN:
      return true;
    case Role.AUTHORITY:
      return actor.regionId === null || actor.regionId === district.regionId;
    case Role.DISTRICT_COORDINATOR:
      return actor.districtId === district.id;
    case Role.SCHOOL_CURATOR:
      return false;
  }
}

export function canSeeRegion(actor: Actor, regionId: string): boolean {
  return actor.role === Role.ADMIN || (actor.role === Role.AUTHORITY && (actor.regionId === null || actor.regionId === regionId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
