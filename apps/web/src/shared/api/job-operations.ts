// A background job's state, polled by the progress bar of every feature that starts one.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from './generated';

export const JOB = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      id
      state
      progress
      error
    }
  }
`);

export type Job = ResultOf<typeof JOB>['job'];
