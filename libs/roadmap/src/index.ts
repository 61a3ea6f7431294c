export * from './roadmap-matrix.reader';
