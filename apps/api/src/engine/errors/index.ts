export * from './app.exception';
export * from './postgres-errors';
export * from './graphql-error.formatter';
export * from './validation.pipe';
export * from './app-exception.filter';
