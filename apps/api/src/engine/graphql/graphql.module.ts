import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { Environment } from '@mm/config';
import { formatGraphqlError } from '../errors';
import { requestTransactionPlugin } from '../tenancy/request-transaction.plugin';
import { RequestTransactions } from '../tenancy/request-transactions';
import { httpStatusPlugin } from './http-status.plugin';
import { QUERY_LIMITS, queryLimitsRule } from './query-limits';

/** Code-first Apollo at /graphql. The SDL is checked against apps/api/schema.graphql by a test. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [Environment, RequestTransactions],
      useFactory: (env: Environment, requests: RequestTransactions) => {
        const introspection = env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production';
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection,
          // Without introspection the schema is not public: no "Did you mean …?" naming fields either.
          hideSchemaDetailsFromClientErrors: !introspection,
          playground: false,
          graphiql: false,
          allowBatchedHttpRequests: false,
          csrfPrevention: true,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphqlError,
          validationRules: [queryLimitsRule()],
          // Cache control off: it wraps every field's resolver (≈3 ms of a 100-row dashboard); we set no cache hints,
          // and the status plugin sends `cache-control: no-store` itself.
          // The request's transaction is committed before the status plugin reads the final errors.
          plugins: [requestTransactionPlugin(requests), httpStatusPlugin, ApolloServerPluginCacheControlDisabled()],
          // Our plugin decides the status (503/429 for temporary failures); Nest's would force 200.
          preserveHttpStatusForExecutionErrors: false,
          parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
          context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
        };
      },
    }),
  ],
})
export class AppGraphqlModule {}
