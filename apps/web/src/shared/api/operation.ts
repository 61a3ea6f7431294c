// An operation of the web app is a graphql() document of a feature's *-operations.ts (or of
// ./*-operations.ts when several features share it): a TypedDocumentNode whose result and variable
// types `npm run codegen` generated from the committed SDL, so a page cannot send variables of the
// wrong shape or read fields a document did not ask for. The contract operations
// (vendored in test/contract/*.graphql) are used as written there, extended only with fields the schema
// offers beside them; named types are pieces of the generated results, never restated. The client
// sends the printed text and the name (the name is also the query cache key).
import type { DocumentNode } from 'graphql';
import { getOperationAST, print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export type Operation<TData, TVariables> = TypedDocumentNode<TData, TVariables>;

/** A generated result's field without null: for naming the answer a page shows once it is there. */
export type NonNull<T> = Exclude<T, null | undefined>;

interface Sendable {
  readonly name: string;
  readonly text: string;
}

// Documents are module constants: each is named and printed once.
const sendable = new WeakMap<DocumentNode, Sendable>();

function sendableOf(document: DocumentNode): Sendable {
  let found = sendable.get(document);
  if (!found) {
    const name = getOperationAST(document)?.name?.value;
    if (!name) throw new Error('A GraphQL document must hold exactly one named operation');
    found = { name, text: print(document) };
    sendable.set(document, found);
  }
  return found;
}

/** The operation's name, as the document declares it. */
export function operationName(document: DocumentNode): string {
  return sendableOf(document).name;
}

/** The document's text as sent to the API. */
export function operationText(document: DocumentNode): string {
  return sendableOf(document).text;
}
