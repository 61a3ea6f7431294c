import { Role, TenantScope } from '@mm/database';

/** The authenticated user behind a request, as loaded (and checked active) for this request. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly regionId: string | null;
  readonly districtId: string | null;
  readonly schoolId: string | null;
  /** The password was set by someone else: only changePassword, me and logout until it is changed. */
  readonly mustChangePassword?: boolean;
}

export function actorScope(actor: Actor): TenantScope {
  return {
    role: actor.role,
    userId: actor.userId,
    regionId: actor.regionId,
    districtId: actor.districtId,
    schoolId: actor.schoolId,
    // A federal authority's account has no region; its scope says so rather than leaving it implied.
    ...(actor.role === Role.AUTHORITY && actor.regionId === null ? { national: true } : {}),
  };
}
