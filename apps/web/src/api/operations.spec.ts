import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSchema, Kind, parse, validate, type DocumentNode } from 'graphql';
import * as adminOperations from './admin-operations';
import * as operations from './operations';
import { operationName, operationText } from './operation';

const SCHEMA = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../api/schema.graphql'), 'utf8'));

// Every module of operations beside this one, by file name (a test below requires each file to be listed).
const modules: Record<string, Record<string, unknown>> = { 'operations.ts': operations, 'admin-operations.ts': adminOperations };

const all = Object.entries(modules)
  .flatMap(([file, exports]) => Object.entries(exports).map(([name, value]) => [`${file} ${name}`, value] as [string, unknown]))
  .filter(
    (entry): entry is [string, DocumentNode] =>
      typeof entry[1] === 'object' && entry[1] !== null && (entry[1] as { kind?: unknown }).kind === Kind.DOCUMENT,
  );

/** The web app speaks only the public API: every document it sends must validate against the committed schema. */
describe('web app GraphQL operations', () => {
  it('has operations to check, from every module of operations', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(Object.keys(modules).sort()).toEqual(fs.readdirSync(__dirname).filter((file) => /operations\.ts$/.test(file)).sort());
  });

  it.each(all.map(([name, op]) => [name, op] as const))('%s validates against apps/api/schema.graphql', (_, op) => {
    const errors = validate(SCHEMA, parse(operationText(op)));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('names every operation uniquely (they are the cache keys)', () => {
    // A module may re-export another's documents: each document counts once.
    const names = [...new Set(all.map(([, op]) => op))].map(operationName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('sends the printed document with its name', () => {
    expect(operationName(operations.ME)).toBe('Me');
    expect(operationText(operations.ME)).toBe('query Me {\n  me {\n    id\n    email\n    role\n    displayName\n    regionId\n    districtId\n    schoolId\n  }\n}');
  });
});
