/** Roles of people. Each user has exactly one, with the matching scope ids. */
export enum Role {
  SCHOOL_CURATOR = 'SCHOOL_CURATOR',
  DISTRICT_COORDINATOR = 'DISTRICT_COORDINATOR',
  AUTHORITY = 'AUTHORITY',
  ADMIN = 'ADMIN',
}

/** `SYSTEM` is the platform itself (login lookups, the job runner's bookkeeping); never a user. */
export type ScopeRole = Role | 'SYSTEM';

/**
 * What a transaction may see. Written into `app.*` settings with set_config(…, true) at the start
 * of every transaction; the RLS policies read them back. A curator's scope carries its school and
 * that school's district and region, a coordinator its district and region, an authority its region
 * or, only when `national` says so, every region.
 */
export interface TenantScope {
  readonly role: ScopeRole;
  readonly userId: string | null;
  readonly regionId: string | null;
  readonly districtId: string | null;
  readonly schoolId: string | null;
  /** An AUTHORITY without a region sees every region: said explicitly, never implied by missing ids. */
  readonly national?: boolean;
}

/**
 * Why a scope cannot be opened, or null. RLS reads an authority without a region as every region,
 * so that scope must say `national`; missing ids of the other roles only narrow what RLS admits.
 */
export function scopeProblem(scope: TenantScope): string | null {
  if (scope.role !== Role.AUTHORITY) return scope.national ? 'only an authority scope may be national' : null;
  if (scope.regionId) return scope.national ? 'a national scope names no region' : null;
  return scope.national === true ? null : 'an authority scope names its region or is explicitly national';
}

export const SYSTEM_SCOPE: TenantScope = Object.freeze({
  role: 'SYSTEM',
  userId: null,
  regionId: null,
  districtId: null,
  schoolId: null,
});

export function districtScope(regionId: string, districtId: string): TenantScope {
  return { role: Role.DISTRICT_COORDINATOR, userId: null, regionId, districtId, schoolId: null };
}

/** Role rank: nobody may grant a role above their own. */
export const ROLE_RANK: Record<Role, number> = {
  [Role.SCHOOL_CURATOR]: 1,
  [Role.DISTRICT_COORDINATOR]: 2,
  [Role.AUTHORITY]: 3,
  [Role.ADMIN]: 4,
};
