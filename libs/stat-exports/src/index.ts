export * from './stat-export.repository';
export * from './stat-export-data-version';
export * from './stat-export-files';
export * from './stat-form-naming';
