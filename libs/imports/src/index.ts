export * from './credential-cipher';
export * from './import-batch.repository';
