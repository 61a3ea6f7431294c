import { replicaScenarios } from './replica-scenarios';

jest.setTimeout(120_000);

/** The replicas on BullMQ's Postgres queue backend: no Redis at all (see replica-scenarios.ts). */
describe('API and worker replicas on the Postgres queue backend (e2e)', () => replicaScenarios('postgres'));
