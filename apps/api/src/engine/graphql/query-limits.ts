import {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Limits that refuse abusive documents before execution (a 2 000-alias query is an error, not a slow answer). */
export const QUERY_LIMITS = {
  maxTokens: 5_000,
  maxDepth: 10,
  maxAliases: 30,
  /** Field selections after fragment expansion; a generous form screen selects a few hundred. */
  maxFields: 1_500,
};

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

/**
 * Walks each operation once, expanding fragments (each at most once per path to stay linear),
 * and reports depth, aliases and field count against the limits.
 */
export function queryLimitsRule(limits = QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    return {
      OperationDefinition(operation) {
        const stats = { depth: 0, aliases: 0, fields: 0 };
        const walk = (set: SelectionSetNode, depth: number, visiting: Set<string>): boolean => {
          for (const selection of set.selections) {
            if (selection.kind === Kind.FIELD) {
              stats.fields++;
              if ((selection as FieldNode).alias) stats.aliases++;
              if (selection.selectionSet) {
                stats.depth = Math.max(stats.depth, depth + 1);
                if (stats.depth > limits.maxDepth) return false;
                if (!walk(selection.selectionSet, depth + 1, visiting)) return false;
              }
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              if (!walk(selection.selectionSet, depth, visiting)) return false;
            } else {
              const name = selection.name.value;
              const fragment = fragments.get(name);
              if (!fragment || visiting.has(name)) continue; // unknown or cyclic: reported by the standard rules
              visiting.add(name);
              const ok = walk(fragment.selectionSet, depth, visiting);
              visiting.delete(name);
              if (!ok) return false;
            }
            if (stats.fields > limits.maxFields || stats.aliases > limits.maxAliases) return false;
          }
          return true;
        };
        walk(operation.selectionSet, 0, new Set());
        if (stats.depth > limits.maxDepth) context.reportError(limitError(`Query is too deep: more than ${limits.maxDepth} levels`));
        else if (stats.aliases > limits.maxAliases) context.reportError(limitError(`Query uses more than ${limits.maxAliases} aliases`));
        else if (stats.fields > limits.maxFields) context.reportError(limitError(`Query selects more than ${limits.maxFields} fields`));
      },
    };
  };
}
