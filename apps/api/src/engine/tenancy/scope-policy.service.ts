import { Injectable } from '@nestjs/common';
import { Role, TenantDatabase } from '@mm/database';
import { Actor, currentActor } from '../auth/actor';
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

/** Kinds of rows whose place in the hierarchy `app_place_of` tells (see the request-path migration). */
export type PlaceKind = 'region' | 'district' | 'school' | 'quarterly_report' | 'stat_export' | 'roadmap_stage' | 'user';

export interface Place {
  regionId: string;
  districtId: string | null;
  schoolId: string | null;
  code: string | null;
  name: string | null;
}

/**
 * The guard-side lock: resolves a target's place in the hierarchy and checks it against the
 * actor's scope before any tenant query runs. RLS checks the same in the database. The lookup runs
 * in the operation's transaction through `app_place_of`, a narrow SECURITY DEFINER function: it
 * sees rows RLS hides, so a target outside the scope is FORBIDDEN and a missing one NOT_FOUND.
 */
@Injectable()
export class ScopePolicy {
  constructor(private readonly db: TenantDatabase) {}

  /** Where a row is, or null when there is no such row. */
  async place(kind: PlaceKind, id: string): Promise<Place | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.current.query<Place>(
      `SELECT region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId", code, name FROM app_place_of($1, $2)`,
      [kind, id],
    );
    return rows[0] ?? null;
  }

  async school(schoolId: string, field = 'schoolId'): Promise<SchoolRef> {
    const place = await this.place('school', schoolId);
    if (!place) throw EngineException.notFound('School', field);
    return this.schoolOf(place);
  }

  /** The school of a place that has one (a school's, a report's), checked against the actor's scope. */
  schoolOf(place: Place): SchoolRef {
    const actor = currentActor();
    const school: SchoolRef = {
      id: place.schoolId!,
      regionId: place.regionId,
      districtId: place.districtId!,
      code: place.code!,
      name: place.name!,
    };
    if (!canSeeSchool(actor, school)) throw EngineException.forbidden('The school is outside your scope');
    return school;
  }

  async district(districtId: string, field = 'districtId'): Promise<DistrictRef> {
    const actor = currentActor();
    const place = await this.place('district', districtId);
    if (!place) throw EngineException.notFound('District', field);
    const district: DistrictRef = { id: place.districtId!, regionId: place.regionId, code: place.code!, name: place.name! };
    if (!canSeeDistrict(actor, district)) throw EngineException.forbidden('The district is outside your scope');
    return district;
  }

  async region(regionId: string, field = 'regionId'): Promise<{ id: string; code: string; name: string }> {
    const actor = currentActor();
    const place = await this.place('region', regionId);
    if (!place) throw EngineException.notFound('Region', field);
    if (!canSeeRegion(actor, place.regionId)) throw EngineException.forbidden('The region is outside your scope');
    return { id: place.regionId, code: place.code!, name: place.name! };
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
