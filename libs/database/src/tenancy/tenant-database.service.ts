import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { TenantScope } from './tenant-scope';

/**
 * A transaction whose `app.*` settings carry a tenant scope. The only way to reach the database
 * from a service: repositories take one as their first argument, so every query runs on the
 * connection that holds the setting (a repository taken from the DataSource would not).
 */
export class TenantTransaction {
  constructor(
    readonly manager: EntityManager,
    readonly scope: TenantScope,
  ) {}

  /** The rows of any statement, RETURNING rows of UPDATE and DELETE included (EntityManager.query gives [rows, count] for those). */
  async query<T = any>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const result = await this.manager.queryRunner!.query(sql, parameters as any[], true);
    return result.records as T[];
  }

  repository<E extends ObjectLiteral>(entity: EntityTarget<E>): Repository<E> {
    return this.manager.getRepository(entity);
  }
}

export const SET_SCOPE_SQL = `SELECT
  set_config('app.role', $1, true),
  set_config('app.user_id', $2, true),
  set_config('app.region_id', $3, true),
  set_config('app.district_id', $4, true),
  set_config('app.school_id', $5, true)`;

export function scopeParameters(scope: TenantScope): string[] {
  return [scope.role, scope.userId ?? '', scope.regionId ?? '', scope.districtId ?? '', scope.schoolId ?? ''];
}

@Injectable()
export class TenantDatabase {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction scoped to `scope` (set_config(…, true): it ends with the transaction). */
  async transaction<T>(
    scope: TenantScope,
    work: (tx: TenantTransaction) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    return this.dataSource.transaction(isolation, async (manager) => {
      await manager.query(SET_SCOPE_SQL, scopeParameters(scope));
      return work(new TenantTransaction(manager, scope));
    });
  }
}
