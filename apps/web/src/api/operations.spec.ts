import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import * as operations from './operations';
import type { Operation } from './operation';

const SCHEMA = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../api/schema.graphql'), 'utf8'));

const all = (Object.entries(operations) as [string, unknown][]).filter(
  (entry): entry is [string, Operation<unknown, unknown>] => typeof entry[1] === 'object' && entry[1] !== null && 'document' in entry[1],
);

/** The web app speaks only the public API: every document it sends must validate against the committed schema. */
describe('web app GraphQL operations', () => {
  it('has operations to check', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(all.map(([name, op]) => [name, op] as const))('%s validates against apps/api/schema.graphql', (_, op) => {
    const errors = validate(SCHEMA, parse(op.document));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('names every operation uniquely (they are the cache keys)', () => {
    const names = all.map(([, op]) => op.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
