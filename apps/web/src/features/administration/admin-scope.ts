// The region or district an administrator's own scope fixes (null: they pick it).
import type { SessionUser } from '../auth/auth-operations';

/** Where the signed-in user may administer: an admin (or a federal authority) picks the region. */
export function fixedRegionOf(user: SessionUser): string | null {
  return user.role === 'ADMIN' ? null : user.regionId;
}

export function fixedDistrictOf(user: SessionUser): string | null {
  return user.role === 'DISTRICT_COORDINATOR' ? user.districtId : null;
}
