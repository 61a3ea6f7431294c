import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { AppErrorCode, AppException } from './app.exception';
import { isConnectionError } from './postgres-errors';

const logger = new Logger('GraphQLErrors');

/** Codes produced by GraphQL/Apollo itself for malformed requests: safe to pass through. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * The one place errors become what a client sees: our exceptions keep their code and fields;
 * GraphQL's own request errors pass; anything else is masked and logged with a correlation id.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const thrown = (error as { originalError?: unknown })?.originalError ?? error;
  // graphql-js wraps a thrown value that is not `instanceof Error` (a socket error created in
  // another realm, as under Jest) in NonErrorThrown: classify the value itself.
  const original =
    (thrown as { name?: string })?.name === 'NonErrorThrown' ? ((thrown as { thrownValue?: unknown }).thrownValue ?? thrown) : thrown;
  if (original instanceof AppException) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: original.graphqlCode,
        reason: original.code,
        ...(original.problems.length ? { fields: original.problems } : {}),
        ...original.extra,
      },
    };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && CLIENT_ERROR_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  const correlationId = randomUUID();
  if (isConnectionError(original)) {
    logger.error(`database unavailable [${correlationId}]: ${(original as Error)?.message}`);
    return {
      message: 'The service is temporarily unavailable, please retry shortly',
      path: formatted.path,
      extensions: { code: AppErrorCode.SERVICE_UNAVAILABLE, correlationId },
    };
  }
  logger.error(`internal error [${correlationId}]: ${(original as Error)?.stack ?? String(original)}`);
  return {
    message: `Internal server error (correlation id ${correlationId})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}
