// The session's operations: sign-in, password change, sign-out, who is signed in.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

export const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      mustChangePassword
      user {
        id
        email
        role
      }
    }
  }
`);

export const CHANGE_PASSWORD = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      accessToken
      mustChangePassword
    }
  }
`);

export const LOGOUT = graphql(`
  mutation Logout {
    logout
  }
`);

export const ME = graphql(`
  query Me {
    me {
      id
      email
      role
      displayName
      regionId
      districtId
      schoolId
    }
  }
`);

export type SessionUser = ResultOf<typeof ME>['me'];
