import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './query-limits';

const schema = buildSchema(`
  type Node { id: ID! child: Node name: String }
  type Query { node: Node nodes: [Node!]! }
`);

function check(query: string, limits = { maxTokens: 5000, maxDepth: 4, maxAliases: 3, maxFields: 20 }): string[] {
  return validate(schema, parse(query), [queryLimitsRule(limits)]).map((e) => e.message);
}

describe('queryLimitsRule', () => {
  it('accepts a query within every limit', () => {
    expect(check('{ node { id child { id name } } a: nodes { id } }')).toEqual([]);
  });

  it('refuses a query deeper than the limit, also through fragments', () => {
    expect(check('{ node { child { child { child { child { id } } } } } }')).toEqual(['Query is too deep: more than 4 levels']);
    expect(check('query { node { ...F } } fragment F on Node { child { child { child { child { id } } } } }')).toEqual([
      'Query is too deep: more than 4 levels',
    ]);
  });

  it('refuses too many aliases, such as a 2 000-alias batch', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `a${i}: node { id }`).join(' ');
    expect(check(`{ ${many} }`)).toEqual(['Query uses more than 3 aliases']);
  });

  it('counts fields after fragment expansion', () => {
    const fields = 'id name';
    const query = `{ node { ...A } } fragment A on Node { ${fields} child { ...B } } fragment B on Node { ${fields} child { ${fields} child { ${fields} } } }`;
    expect(check(query, { maxTokens: 5000, maxDepth: 10, maxAliases: 3, maxFields: 8 })).toEqual(['Query selects more than 8 fields']);
  });
});
