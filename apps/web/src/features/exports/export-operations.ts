// Statistical form exports.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

export const EXPORT_STAT_FORM = graphql(`
  mutation ExportStatForm($input: ExportStatFormInput!) {
    exportStatForm(input: $input) {
      id
      state
    }
  }
`);

export const STAT_FORM_EXPORT = graphql(`
  query StatFormExport($id: ID!) {
    statFormExport(id: $id) {
      id
      form
      format
      year
      toYear
      quarter
      state
      progress
      sha256
      fileName
      downloadUrl
      error
      createdAt
      snapshotComputedAt
      snapshotStale
    }
  }
`);

export type StatFormExport = ResultOf<typeof STAT_FORM_EXPORT>['statFormExport'];

export const STAT_FORM_EXPORTS = graphql(`
  query StatFormExports($districtId: ID, $regionId: ID) {
    statFormExports(districtId: $districtId, regionId: $regionId, first: 20) {
      id
      form
      format
      year
      toYear
      quarter
      state
      progress
      sha256
      fileName
      downloadUrl
      error
      createdAt
      snapshotComputedAt
      snapshotStale
    }
  }
`);
