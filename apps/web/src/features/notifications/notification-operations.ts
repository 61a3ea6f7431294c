// The signed-in user's notifications.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import { graphql } from '../../shared/api/generated';

export const NOTIFICATIONS = graphql(`
  query Notifications {
    notifications {
      id
      kind
      schoolId
      schoolName
      year
      quarter
      deadline
      createdAt
      readAt
    }
    unreadNotificationCount
  }
`);

export const UNREAD_NOTIFICATION_COUNT = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

export const MARK_NOTIFICATIONS_READ = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);
