export * from './job-contracts';
export * from './queue-backend';
export * from './job-run.repository';
export * from './job-dispatcher';
export * from './queue.module';
export * from './scheduler-ticks';
export * from './job-failure';
