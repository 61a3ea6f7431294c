// A GraphQL document with the TypeScript types of its result and variables attached, so a
// page cannot send variables of the wrong shape or read fields the document did not ask for.

export interface Operation<TData, TVariables> {
  readonly name: string;
  readonly document: string;
  /** Carries the types only; never set. */
  readonly types?: { data: TData; variables: TVariables };
}

export type NoVariables = Record<string, never>;

export function operation<TData, TVariables = NoVariables>(document: string): Operation<TData, TVariables> {
  const match = /\b(?:query|mutation)\s+(\w+)/.exec(document);
  if (!match) throw new Error('A GraphQL operation must be named');
  return { name: match[1]!, document };
}
