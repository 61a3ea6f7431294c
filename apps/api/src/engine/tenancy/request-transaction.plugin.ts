import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuthenticatedRequest, RequestTransactions } from './request-transactions';

/**
 * Commits the request's shared transaction (a query's, with its field resolvers and DataLoaders)
 * once the answer is complete and before it is sent. Should that commit fail, the client gets an
 * error instead of data whose writes (access logs) did not persist.
 */
export function requestTransactionPlugin(requests: RequestTransactions): ApolloServerPlugin<{ req: AuthenticatedRequest }> {
  const logger = new Logger('RequestTransaction');
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const failure = await requests.finish(contextValue.req);
          if (!failure || response.body.kind !== 'single') return;
          const correlationId = randomUUID();
          logger.error(`commit of a request's transaction failed [${correlationId}]: ${(failure as Error).message}`);
          response.body.singleResult = {
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } }],
          } as typeof response.body.singleResult;
        },
      };
    },
  };
}
