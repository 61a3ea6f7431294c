// Lookups of regions, districts and schools that pages of several features share (names in headers, pickers).
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import { graphql } from './generated';

export const REGIONS = graphql(`
  query Regions {
    regions(first: 100) {
      items {
        id
        code
        name
      }
    }
  }
`);

export const REGION = graphql(`
  query Region($id: ID!) {
    region(id: $id) {
      id
      code
      name
    }
  }
`);

export const DISTRICT = graphql(`
  query District($id: ID!) {
    district(id: $id) {
      id
      code
      name
      regionId
    }
  }
`);

export const SCHOOL = graphql(`
  query School($id: ID!) {
    school(id: $id) {
      id
      code
      name
      districtId
      regionId
    }
  }
`);

export const DISTRICTS = graphql(`
  query Districts($regionId: ID!) {
    districts(regionId: $regionId, first: 100) {
      items {
        id
        code
        name
      }
    }
  }
`);
