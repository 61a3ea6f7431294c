import { AuditLogEntity } from './audit-log.entity';
import { DistrictEntity } from './district.entity';
import { RegionEntity } from './region.entity';
import { SchoolEntity } from './school.entity';
import { UserEntity } from './user.entity';

export { AuditLogEntity, DistrictEntity, RegionEntity, SchoolEntity, UserEntity };

/** Every entity, listed explicitly (globs break between ts sources and compiled output). */
export const ENTITIES = [RegionEntity, DistrictEntity, SchoolEntity, UserEntity, AuditLogEntity];
