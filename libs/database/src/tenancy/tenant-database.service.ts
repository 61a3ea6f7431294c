import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError, QueryRunner, Repository } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { scopeProblem, TenantScope } from './tenant-scope';

/**
 * A transaction whose `app.*` settings carry a tenant scope. Repositories run every statement on
 * it, so every query runs on the connection that holds the setting (a repository taken from the
 * DataSource would not).
 */
export class TenantTransaction {
  constructor(
    readonly manager: EntityManager,
    readonly scope: TenantScope,
    /** Opened READ ONLY: writes fail in the database. */
    readonly readOnly = false,
  ) {}

  /**
   * The rows of any statement, RETURNING rows of UPDATE and DELETE included. Statements are sent
   * as named prepared statements (one parse per connection and text, then bind/execute only).
   */
  async query<T = any>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const client = (this.manager.queryRunner as any).databaseConnection as PoolClient;
    try {
      const result = await client.query({ name: statementName(sql), text: sql, values: parameters as any[] });
      return result.rows as T[];
    } catch (error) {
      // The shape callers already handle (pgErrorCode reads driverError of a QueryFailedError).
      throw new QueryFailedError(sql, parameters as any[], error as Error);
    }
  }

  repository<E extends ObjectLiteral>(entity: EntityTarget<E>): Repository<E> {
    return this.manager.getRepository(entity);
  }
}

const names = new Map<string, string>();
/** A stable name per statement text; pg keeps the parsed statement per connection under it. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `mm_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
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

export function sameScope(a: TenantScope, b: TenantScope): boolean {
  return (
    a.role === b.role &&
    a.userId === b.userId &&
    a.regionId === b.regionId &&
    a.districtId === b.districtId &&
    a.schoolId === b.schoolId &&
    (a.national ?? false) === (b.national ?? false)
  );
}

/** How a transaction begins: isolation and access mode go into the BEGIN itself (no SET TRANSACTION). */
export interface BeginOptions {
  isolation?: IsolationLevel;
  readOnly?: boolean;
}

/**
 * An open transaction: the connection, the after-commit hooks and the way out. The opener commits
 * or rolls back exactly once; hooks run after a successful commit only (a failed hook is logged —
 * what hooks do, like queueing a recorded job, is re-done by the platform's reconcilers).
 */
export class OpenTransaction {
  private readonly hooks: (() => unknown)[] = [];
  private finished = false;
  private readonly logger = new Logger('Transaction');

  constructor(
    private readonly runner: QueryRunner,
    readonly tx: TenantTransaction,
  ) {}

  afterCommit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.runner.query('COMMIT');
    } catch (error) {
      await this.runner.query('ROLLBACK').catch(() => undefined);
      await this.release(error);
      throw error;
    }
    await this.release();
    for (const hook of this.hooks.splice(0)) {
      try {
        await hook();
      } catch (error) {
        this.logger.warn(`after-commit hook failed: ${(error as Error).message}`);
      }
    }
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    let failure: unknown;
    await this.runner.query('ROLLBACK').catch((error) => (failure = error));
    await this.release(failure);
  }

  private async release(error?: unknown): Promise<void> {
    setTransactionActive(this.runner, false);
    await releaseRunner(this.runner, error);
  }
}

function setTransactionActive(runner: QueryRunner, active: boolean): void {
  (runner as { isTransactionActive: boolean }).isTransactionActive = active;
}

/** Returns the connection to the pool; one that failed mid-transaction is discarded instead. */
async function releaseRunner(runner: QueryRunner, error?: unknown): Promise<void> {
  const broken = error instanceof Error && isBrokenConnection(error) ? error : undefined;
  const postgres = runner as unknown as { releasePostgresConnection?(err?: Error): Promise<void> };
  await (postgres.releasePostgresConnection ? postgres.releasePostgresConnection(broken) : runner.release()).catch(() => undefined);
}

function isBrokenConnection(error: Error): boolean {
  const code = ((error as any).driverError ?? error)?.code;
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57');
}

const ambient = new AsyncLocalStorage<OpenTransaction>();

const COMMIT_BEFORE_THROW = Symbol('mm.commitBeforeThrow');

/**
 * Marks an error whose operation must still commit what it wrote before answering with it (an
 * export found corrupt is recorded FAILED, and the caller is told so). Anything else thrown rolls
 * the operation's transaction back.
 */
export function commitThenThrow<E extends object>(error: E): E {
  (error as { [COMMIT_BEFORE_THROW]?: boolean })[COMMIT_BEFORE_THROW] = true;
  return error;
}

function commitsBeforeThrow(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [COMMIT_BEFORE_THROW]?: boolean })[COMMIT_BEFORE_THROW] === true;
}

/** The transaction the current call runs in, if any (the request's, a job's, or a nested call's). */
export function currentTransaction(): OpenTransaction | undefined {
  const open = ambient.getStore();
  return open && !open.isFinished ? open : undefined;
}

/**
 * The transaction of the current operation (the request's, a job's, or one a caller opened with
 * TenantDatabase.transaction). Repositories take theirs from here rather than as a parameter, so
 * no caller can hand them a transaction of another scope. A programming error when there is none.
 */
export function currentTx(): TenantTransaction {
  const open = currentTransaction();
  if (!open) throw new Error('No transaction in this context: run inside a request operation or TenantDatabase.transaction');
  return open.tx;
}

/**
 * Runs `hook` after the current transaction commits (at once when there is none). For what must
 * not happen before the data it points at is visible to others — queueing a recorded job.
 */
export function afterCommit(hook: () => unknown): void {
  const open = currentTransaction();
  if (open) open.afterCommit(hook);
  else void Promise.resolve().then(hook);
}

@Injectable()
export class TenantDatabase {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction scoped to `scope`. Inside a transaction of the same scope and
   * isolation (the request's, opened by the API for the whole operation) it joins that one: an
   * operation is one transaction however many services it passes through. Otherwise it opens its
   * own, with the scope set in the BEGIN's round trip (set_config(…, true): it ends with it).
   */
  async transaction<T>(
    scope: TenantScope,
    work: (tx: TenantTransaction) => Promise<T>,
    isolation: IsolationLevel = 'READ COMMITTED',
  ): Promise<T> {
    const current = currentTransaction();
    if (current && isolation === 'READ COMMITTED' && sameScope(current.tx.scope, scope)) return work(current.tx);
    const { open } = await this.begin(scope, { isolation }, setScopeStatement(scope));
    return this.run(open!, work);
  }

  /** The transaction of the current operation; a programming error when there is none. */
  get current(): TenantTransaction {
    return currentTx();
  }

  /**
   * Opens a transaction whose first statement is `first` (a simple-protocol statement sent in the
   * same round trip as BEGIN; it must set the `app.*` scope). Returns its rows and the transaction.
   */
  async begin(
    scope: TenantScope | ((rows: any[]) => TenantScope | null),
    options: BeginOptions,
    first: string,
  ): Promise<{ open: OpenTransaction | null; rows: any[] }> {
    if (typeof scope !== 'function') assertScope(scope);
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const mode = [`ISOLATION LEVEL ${options.isolation ?? 'READ COMMITTED'}`, options.readOnly ? 'READ ONLY' : '']
        .filter(Boolean)
        .join(' ');
      const results = (await client.query(`BEGIN ${mode}; ${first}`)) as unknown as { rows: any[] }[];
      setTransactionActive(runner, true); // TypeORM repositories then join it instead of opening their own
      const rows = results[results.length - 1]?.rows ?? [];
      const resolved = typeof scope === 'function' ? scope(rows) : scope;
      const open = new OpenTransaction(runner, new TenantTransaction(runner.manager, resolved ?? NO_SCOPE, options.readOnly ?? false));
      if (!resolved || scopeProblem(resolved)) {
        // No scope (no active user), or one wider than its account may have: nothing may run in it.
        await open.rollback();
        return { open: null, rows };
      }
      return { open, rows };
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await releaseRunner(runner, error);
      throw error instanceof QueryFailedError ? error : new QueryFailedError('BEGIN', [], error as Error);
    }
  }

  /** Runs `work` as the ambient transaction `open`, then commits (rolls back when it throws). */
  async run<T>(open: OpenTransaction, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await ambient.run(open, () => work(open.tx));
    } catch (error) {
      await (commitsBeforeThrow(error) ? open.commit() : open.rollback());
      throw error;
    }
    await open.commit();
    return result;
  }

  /** Runs `work` with `open` as the ambient transaction, leaving commit to the opener. */
  within<T>(open: OpenTransaction, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return ambient.run(open, () => work(open.tx));
  }
}

function assertScope(scope: TenantScope): void {
  const problem = scopeProblem(scope);
  if (problem) throw new Error(`Refusing to open a transaction: ${problem}`);
}

const NO_SCOPE: TenantScope = Object.freeze({
  role: 'NONE' as TenantScope['role'],
  userId: null,
  regionId: null,
  districtId: null,
  schoolId: null,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE = /^[A-Z_]{1,40}$/;

/**
 * The scope as literals for the BEGIN's round trip (the simple protocol takes no parameters). Only
 * values of a known shape are written: a role name and UUIDs; anything else is a programming error.
 */
export function setScopeStatement(scope: TenantScope): string {
  const values = scopeParameters(scope);
  values.forEach((value, i) => {
    if (!(i === 0 ? ROLE.test(value) : value === '' || UUID.test(value))) throw new Error(`invalid scope value for ${SCOPE_KEYS[i]}`);
  });
  return `SELECT ${values.map((v, i) => `set_config('app.${SCOPE_KEYS[i]}', '${v}', true)`).join(', ')}`;
}

const SCOPE_KEYS = ['role', 'user_id', 'region_id', 'district_id', 'school_id'];

/** A UUID literal for a simple-protocol statement, or an error for anything else. */
export function uuidLiteral(value: string): string {
  if (!UUID.test(value)) throw new Error('not a UUID');
  return `'${value}'::uuid`;
}
