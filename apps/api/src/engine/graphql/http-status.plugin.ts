import type { ApolloServerPlugin } from '@apollo/server';

/**
 * GraphQL answers 200 even when a resolver fails; a client or a load balancer retrying during a
 * database outage needs 503 (and 429 for rate limits) to know it is temporary.
 */
export const httpStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        // Answers carry tenant data: no shared cache may keep them.
        response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        const codes = new Set((response.body.singleResult.errors ?? []).map((e) => e.extensions?.code));
        if (codes.has('SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        } else if (codes.has('TOO_MANY_REQUESTS') && !response.body.singleResult.data) {
          response.http.status = 429;
        }
      },
    };
  },
};
