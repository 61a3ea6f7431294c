import { AsyncLocalStorage } from 'node:async_hooks';
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

const acting = new AsyncLocalStorage<Actor>();

/**
 * Runs `work` on behalf of `actor`: services and the scope policy read the actor of the operation
 * from here (set once per operation by the request interceptor) instead of taking it as a parameter.
 */
export function runAs<T>(actor: Actor, work: () => T): T {
  return acting.run(actor, work);
}

/** The user the current operation runs for; a programming error outside an authenticated operation. */
export function currentActor(): Actor {
  const actor = acting.getStore();
  if (!actor) throw new Error('No actor in this context: the operation did not pass the request interceptor');
  return actor;
}
