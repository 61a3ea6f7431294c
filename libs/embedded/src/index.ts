export * from './embedded-postgres';
export * from './local-redis';
export * from './processes';
export * from './embedded-secrets';
export * from './ensure-database';
