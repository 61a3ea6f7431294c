import { useQueryClient } from '@tanstack/react-query';
import { formatDate, formatDateTime, t } from '../../i18n';
import { operationKey, useApiMutation, useApiQuery } from '../../shared/api/hooks';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { MARK_NOTIFICATIONS_READ, NOTIFICATIONS, UNREAD_NOTIFICATION_COUNT } from './notification-operations';

// The schema types a notification's kind as a String; only the kinds with a Russian text are shown as text.
const KNOWN_KINDS = ['DEADLINE_SOON', 'DEADLINE_PASSED'] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];
const isKnownKind = (kind: string): kind is KnownKind => (KNOWN_KINDS as readonly string[]).includes(kind);

/** The signed-in user's reminders, newest first; unread ones are marked and can be marked read. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const list = useApiQuery(NOTIFICATIONS, {});
  const mark = useApiMutation(MARK_NOTIFICATIONS_READ, {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: operationKey(NOTIFICATIONS) });
      void queryClient.invalidateQueries({ queryKey: operationKey(UNREAD_NOTIFICATION_COUNT) });
    },
  });
  return (
    <section>
      <PageHeader title={t.notifications.title}>
        {list.data && list.data.unreadNotificationCount > 0 && (
          <button type="button" className="button secondary" disabled={mark.isPending} onClick={() => mark.mutate({ ids: null })}>
            {t.notifications.markAll}
          </button>
        )}
      </PageHeader>
      {mark.error && <ErrorMessage error={mark.error} />}
      <QueryState query={list} retry isEmpty={(answer) => answer.notifications.length === 0} empty={t.notifications.none}>
        {(answer) => (
          <ul className="notification-list" aria-label={t.notifications.title}>
            {answer.notifications.map((n) => (
              <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'}>
                <p className="notification-text">
                  {!n.readAt && <strong className="badge">{t.notifications.unread}</strong>}{' '}
                  {isKnownKind(n.kind) && t.notifications[n.kind](n.schoolName, t.period.long(n.year, n.quarter), formatDate(n.deadline))}
                </p>
                <div className="notification-meta">
                  <span className="muted small">{t.notifications.received(formatDateTime(n.createdAt))}</span>
                  {!n.readAt && (
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={mark.isPending}
                      onClick={() => mark.mutate({ ids: [n.id] })}
                    >
                      {t.notifications.markRead}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
