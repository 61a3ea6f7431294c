export * from './targets';
export * from './monitoring';
export * from './quarterly-report';
export * from './roadmap';
