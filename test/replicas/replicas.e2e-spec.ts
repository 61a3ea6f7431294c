import { replicaScenarios } from './replica-scenarios';

jest.setTimeout(120_000);

/** Two API and two worker processes on one PostgreSQL and one Redis (see replica-scenarios.ts). */
describe('API and worker replicas on Redis (e2e)', () => replicaScenarios('redis'));
