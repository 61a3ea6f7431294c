import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface ConnectionOptions {
  url: string;
  /** Pool size per process. */
  poolSize?: number;
  applicationName?: string;
}

export function dataSourceOptions({ url, poolSize = 20, applicationName = 'mentorship-monitor' }: ConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Off: TypeORM's error log prints query parameters (e-mails, names); errors are logged by the API with a correlation id.
    logging: false,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
  };
}

export function createDataSource(options: ConnectionOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
