// An operation of the web app is a graphql() document of ./operations: a TypedDocumentNode whose
// result and variable types `npm run codegen` generated from the committed SDL. The client sends
// its printed text and its name (the name is also the query cache key).
import type { DocumentNode } from 'graphql';
import { getOperationAST, print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export type Operation<TData, TVariables> = TypedDocumentNode<TData, TVariables>;

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
