import { Injectable } from '@nestjs/common';
import { AuditLogService, currentTx, TenantTransaction } from '@mm/database';
import { seedDefaultSchedule } from '@mm/planning';
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

/** Runs a mutation's work in the operation's transaction and translates the database's refusals. */
export async function translatingRefusals<T>(work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  try {
    return await work(currentTx());
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

/** The Region → District → School hierarchy: creation, reads within scope, school changes. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly policy: ScopePolicy,
    private readonly scope: OrganisationScope,
    private readonly repository: OrganisationRepository,
    private readonly audit: AuditLogService,
  ) {}

  /** Admins only (enforced by the resolver's @Roles and by the regions policy). */
  createRegion(input: CreateRegionInput): Promise<RegionType> {
    return translatingRefusals(async (tx) => {
      const region = await this.repository.insertRegion({ code: input.code, name: input.name, okato: input.okato ?? null });
      // A new region starts with the national default schedule (DESIGN §4), editable afterwards.
      await seedDefaultSchedule(tx, region.id);
      await this.audit.record({
        operation: 'createRegion',
        targetType: 'Region',
        targetIds: [region.id],
        regionId: region.id,
        details: { code: region.code, name: region.name, okato: region.okato },
      });
      return region;
    });
  }

  async createDistrict(input: CreateDistrictInput): Promise<DistrictType> {
    const region = await this.policy.region(input.regionId, 'regionId');
    return translatingRefusals(async () => {
      const district = await this.repository.insertDistrict({
        regionId: region.id,
        code: input.code,
        name: input.name,
        oktmo: input.oktmo ?? null,
      });
      await this.audit.record({
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

  async createSchool(input: CreateSchoolInput): Promise<SchoolType> {
    const district = await this.policy.district(input.districtId, 'districtId');
    return translatingRefusals(async () => {
      const [school] = await this.repository.insertSchools([
        { regionId: district.regionId, districtId: district.id, code: input.code, name: input.name, inn: input.inn ?? null },
      ]);
      await this.audit.record({
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

  async updateSchool(input: UpdateSchoolInput): Promise<SchoolType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.inn !== undefined ? { inn: input.inn } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, inn, active');
    await this.policy.school(input.id, 'id');
    return translatingRefusals(async () => {
      const updated = await this.repository.updateSchool(input.id, changes);
      if (!updated) throw OrganisationException.notFound('School', 'id');
      const { before, after } = updated;
      const changed = changedFields(before, after, ['name', 'inn', 'active']);
      await this.audit.record({
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
  async updateRegion(input: UpdateRegionInput): Promise<RegionType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.okato !== undefined ? { okato: input.okato } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, okato, active');
    await this.policy.region(input.id, 'id');
    return translatingRefusals(async () => {
      const updated = await this.repository.updateRegion(input.id, changes);
      if (!updated) throw OrganisationException.notFound('Region', 'id');
      await this.audit.record({
        operation: 'updateRegion',
        targetType: 'Region',
        targetIds: [input.id],
        regionId: input.id,
        details: { changes: changedFields(updated.before, updated.after, ['name', 'okato', 'active']) },
      });
      return updated.after;
    });
  }

  async updateDistrict(input: UpdateDistrictInput): Promise<DistrictType> {
    const changes = {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.oktmo !== undefined ? { oktmo: input.oktmo } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) throw OrganisationException.invalid('input', 'give at least one of name, oktmo, active');
    await this.policy.district(input.id, 'id');
    return translatingRefusals(async () => {
      const updated = await this.repository.updateDistrict(input.id, changes);
      if (!updated) throw OrganisationException.notFound('District', 'id');
      await this.audit.record({
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

  regions(args: RegionsArgs): Promise<Page<RegionType>> {
    return this.repository.listRegions({ search: args.search || null }, args);
  }

  async region(id: string): Promise<RegionType> {
    await this.scope.readRegion(id, 'id');
    const [region] = await this.repository.regionsByIds([id]);
    if (!region) throw OrganisationException.notFound('Region', 'id');
    return region;
  }

  async districts(args: DistrictsArgs): Promise<Page<DistrictType>> {
    if (args.regionId) await this.scope.readRegion(args.regionId, 'regionId');
    return this.repository.listDistricts({ regionId: args.regionId ?? null, search: args.search || null }, args);
  }

  async district(id: string): Promise<DistrictType> {
    await this.scope.readDistrict(id, 'id');
    const [district] = await this.repository.districtsByIds([id]);
    if (!district) throw OrganisationException.notFound('District', 'id');
    return district;
  }

  async schools(args: SchoolsArgs): Promise<Page<SchoolType>> {
    if (args.districtId) await this.scope.readDistrict(args.districtId, 'districtId');
    return this.repository.listSchools({ districtId: args.districtId ?? null, search: args.search || null }, args);
  }

  async school(id: string): Promise<SchoolType> {
    await this.scope.readSchool(id, 'id');
    const [school] = await this.repository.schoolsByIds([id]);
    if (!school) throw OrganisationException.notFound('School', 'id');
    return school;
  }
}

/** The audited difference of an update: `{ field: { from, to } }` for each field that changed. */
function changedFields<T extends object, K extends keyof T & string>(
  before: T,
  after: T,
  keys: readonly K[],
): Record<string, { from: T[K]; to: T[K] }> {
  return Object.fromEntries(keys.filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]));
}
