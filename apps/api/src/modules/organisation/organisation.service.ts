import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantTransaction } from '@mm/database';
import { seedDefaultSchedule } from '@mm/planning';
import { AuditLogService } from '../../engine/audit/audit-log.service';
import { Actor, actorScope } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { OrganisationException, translateDatabaseError } from './organisation.exception';
import {
  CreateDistrictInput,
  CreateRegionInput,
  CreateSchoolInput,
  DistrictsArgs,
  RegionsArgs,
  SchoolsArgs,
  UpdateDistrictInput,
  UpdateRegionInput,
  UpdateSchoolInput,
} from './organisation.inputs';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationScope } from './organisation-scope';
import { DistrictType, Page, RegionType, SchoolType } from './organisation.types';

/** Runs a mutation in one transaction under the actor's scope and translates the database's refusals. */
export async function writeAs<T>(db: TenantDatabase, actor: Actor, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(actorScope(actor), work);
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

/** The Region → District → School hierarchy: creation, reads within scope, school changes. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly policy: ScopePolicy,
    private readonly scope: OrganisationScope,
    private readonly repository: OrganisationRepository,
    private readonly audit: AuditLogService,
  ) {}

  /** Admins only (enforced by the resolver's @Roles and by the regions policy). */
  createRegion(actor: Actor, input: CreateRegionInput): Promise<RegionType> {
    return writeAs(this.db, actor, async (tx) => {
      const region = await this.repository.insertRegion(tx, { code: input.code, name: input.name, okato: input.okato ?? null });
      // A new region starts with the national default schedule (DESIGN §4), editable afterwards.
      await seedDefaultSchedule(tx, region.id);
      await this.audit.record(tx, {
        operation: 'createRegion',
        targetType: 'Region',
        targetIds: [region.id],
        regionId: region.id,
        details: { code: region.code, name: region.name, okato: region.okato },
      });
      return region;
    });
  }

  async createDistrict(actor: Actor, input: CreateDistrictInput): Promise<DistrictType> {
    const region = await this.policy.region(actor, input.regionId, 'regionId');
    return writeAs(this.db, actor, async (tx) => {
      const district = await this.repository.insertDistrict(tx, {
        regionId: region.id,
        code: input.code,
        name: input.name,
        oktmo: input.oktmo ?? null,
      });
      await this.audit.record(tx, {
        operation: 'createDistrict',
        targetType: 'District',
        targetIds: [district.id],
        regionId: district.regionId,
        districtId: district.id,
        details: { code: district.code, name: district.name, oktmo: district.oktmo },
      });
      return district;
    });
  }

  async createSchool(actor: Actor, input: CreateSchoolInput): Promise<SchoolType> {
    const district = await this.policy.district(actor, input.districtId, 'districtId');
    return writeAs(this.db, actor, async (tx) => {
      const [school] = await this.repository.insertSchools(tx, [
        { regionId: district.regionId, districtId: district.id, code: input.code, name: input.name, inn: input.inn ?? null },
      ]);
      await this.audit.record(tx, {
        operation: 'createSchool',
        targetType: 'School',
        targetIds: [school!.id],
        regionId: school!.regionId,
        districtId: school!.districtId,
        schoolId: school!.id,
        details: { code: school!.code, name: school!.name, inn: school!.inn },
      });
      return school!;
    });
  }

  async updateSchool(actor: Actor, input: UpdateSchoolInput): Promise<SchoolType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.inn !== undefined ? { inn: input.inn } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, inn, active');
    await this.policy.school(actor, input.id, 'id');
    return writeAs(this.db, actor, async (tx) => {
      const updated = await this.repository.updateSchool(tx, input.id, changes);
      if (!updated) throw OrganisationException.notFound('School', 'id');
      const { before, after } = updated;
      const changed = changedFields(before, after, ['name', 'inn', 'active']);
      await this.audit.record(tx, {
        operation: 'updateSchool',
        targetType: 'School',
        targetIds: [after.id],
        regionId: after.regionId,
        districtId: after.districtId,
        schoolId: after.id,
        details: { changes: changed },
      });
      return after;
    });
  }

  /** Admins only (resolver @Roles; the regions write policy allows ADMIN alone). */
  async updateRegion(actor: Actor, input: UpdateRegionInput): Promise<RegionType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.okato !== undefined ? { okato: input.okato } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, okato, active');
    await this.policy.region(actor, input.id, 'id');
    return writeAs(this.db, actor, async (tx) => {
      const updated = await this.repository.updateRegion(tx, input.id, changes);
      if (!updated) throw OrganisationException.notFound('Region', 'id');
      await this.audit.record(tx, {
        operation: 'updateRegion',
        targetType: 'Region',
        targetIds: [input.id],
        regionId: input.id,
        details: { changes: changedFields(updated.before, updated.after, ['name', 'okato', 'active']) },
      });
      return updated.after;
    });
  }

  async updateDistrict(actor: Actor, input: UpdateDistrictInput): Promise<DistrictType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.oktmo !== undefined ? { oktmo: input.oktmo } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, oktmo, active');
    await this.policy.district(actor, input.id, 'id');
    return writeAs(this.db, actor, async (tx) => {
      const updated = await this.repository.updateDistrict(tx, input.id, changes);
      if (!updated) throw OrganisationException.notFound('District', 'id');
      await this.audit.record(tx, {
        operation: 'updateDistrict',
        targetType: 'District',
        targetIds: [input.id],
        regionId: updated.after.regionId,
        districtId: input.id,
        details: { changes: changedFields(updated.before, updated.after, ['name', 'oktmo', 'active']) },
      });
      return updated.after;
    });
  }

  regions(actor: Actor, args: RegionsArgs): Promise<Page<RegionType>> {
    return this.db.transaction(actorScope(actor), (tx) => this.repository.listRegions(tx, { search: args.search || null }, args));
  }

  async region(actor: Actor, id: string): Promise<RegionType> {
    await this.scope.readRegion(actor, id, 'id');
    const [region] = await this.db.transaction(actorScope(actor), (tx) => this.repository.regionsByIds(tx, [id]));
    if (!region) throw OrganisationException.notFound('Region', 'id');
    return region;
  }

  async districts(actor: Actor, args: DistrictsArgs): Promise<Page<DistrictType>> {
    if (args.regionId) await this.scope.readRegion(actor, args.regionId, 'regionId');
    return this.db.transaction(actorScope(actor), (tx) => this.repository.listDistricts(tx, { regionId: args.regionId ?? null, search: args.search || null }, args));
  }

  async district(actor: Actor, id: string): Promise<DistrictType> {
    await this.scope.readDistrict(actor, id, 'id');
    const [district] = await this.db.transaction(actorScope(actor), (tx) => this.repository.districtsByIds(tx, [id]));
    if (!district) throw OrganisationException.notFound('District', 'id');
    return district;
  }

  async schools(actor: Actor, args: SchoolsArgs): Promise<Page<SchoolType>> {
    if (args.districtId) await this.scope.readDistrict(actor, args.districtId, 'districtId');
    return this.db.transaction(actorScope(actor), (tx) =>
      this.repository.listSchools(tx, { districtId: args.districtId ?? null, search: args.search || null }, args),
    );
  }

  async school(actor: Actor, id: string): Promise<SchoolType> {
    await this.scope.readSchool(actor, id, 'id');
    const [school] = await this.db.transaction(actorScope(actor), (tx) => this.repository.schoolsByIds(tx, [id]));
    if (!school) throw OrganisationException.notFound('School', 'id');
    return school;
  }
}

/** The audited difference of an update: `{ field: { from, to } }` for each field that changed. */
function changedFields<T extends object, K extends keyof T & string>(before: T, after: T, keys: readonly K[]): Record<string, { from: T[K]; to: T[K] }> {
  return Object.fromEntries(keys.filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]));
}
