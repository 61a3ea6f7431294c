import * as fs from 'node:fs';
import * as path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, lexicographicSortSchema, OperationDefinitionNode, parse, printSchema, validate } from 'graphql';
import { Platform, startPlatform } from './harness/platform';

const SCHEMA_FILE = path.resolve(__dirname, '../apps/api/schema.graphql');
const SHARED_CONTRACT = path.resolve(__dirname, '../../shared/contract/operations.graphql');
const VENDORED_CONTRACT = path.resolve(__dirname, 'contract/operations.graphql');

/**
 * The committed SDL is what clients and reviewers read: it must be exactly what the code generates
 * (`npm run schema:generate` rewrites it), and every operation of the client contract must validate.
 */
describe('GraphQL schema', () => {
  let platform: Platform;
  let generated: string;
  beforeAll(async () => {
    platform = await startPlatform();
    const schema = platform.app.get(GraphQLSchemaHost).schema;
    generated = printSchema(lexicographicSortSchema(schema)) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') fs.writeFileSync(SCHEMA_FILE, generated);
  });
  afterAll(() => platform?.close());

  it('matches the committed apps/api/schema.graphql (run `npm run schema:generate` after changing it)', () => {
    expect(fs.existsSync(SCHEMA_FILE)).toBe(true);
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('keeps the vendored contract identical to ../shared/contract/operations.graphql', () => {
    if (!fs.existsSync(SHARED_CONTRACT)) return; // a clone without shared/ beside it tests the vendored copy
    expect(fs.readFileSync(VENDORED_CONTRACT, 'utf8')).toBe(fs.readFileSync(SHARED_CONTRACT, 'utf8'));
  });

  const contract = parse(fs.readFileSync(fs.existsSync(SHARED_CONTRACT) ? SHARED_CONTRACT : VENDORED_CONTRACT, 'utf8'));
  const operations = contract.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');

  it.each(operations.map((op) => [op.name!.value, op] as const))('accepts the contract operation %s', (_, operation) => {
    const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const errors = validate(schema, { kind: contract.kind, definitions: [operation] });
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
