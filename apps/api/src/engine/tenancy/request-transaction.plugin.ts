import type { ApolloServerPlugin } from '@apollo/server';
import { AppErrorCode, formatGraphqlError } from '../errors';
import { AuthenticatedRequest, RequestTransactions } from './request-transactions';

/**
 * Commits the request's shared transaction (a query's, with its field resolvers and DataLoaders)
 * once the answer is complete and before it is sent. Should that commit fail, the client gets an
 * error instead of data whose writes (access logs) did not persist.
 */
export function requestTransactionPlugin(requests: RequestTransactions): ApolloServerPlugin<{ req: AuthenticatedRequest }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const failure = await requests.finish(contextValue.req);
          if (!failure || response.body.kind !== 'single') return;
          // Masked and logged like any other failure (503 when the database went away).
          const error = formatGraphqlError({ message: (failure as Error).message }, failure);
          response.body.singleResult = { errors: [error] } as typeof response.body.singleResult;
          if (error.extensions?.code === AppErrorCode.SERVICE_UNAVAILABLE) {
            response.http.status = 503;
            response.http.headers.set('retry-after', '5');
          }
        },
      };
    },
  };
}
