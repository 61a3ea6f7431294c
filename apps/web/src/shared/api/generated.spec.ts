import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../../..');
const GENERATED_DIR = 'apps/web/src/shared/api/generated/';

interface GeneratedFile {
  filename: string;
  content: string;
}

/** Runs tools/web-codegen.ts without writing: the files it would write, in memory. */
function generate(): GeneratedFile[] {
  const output = execFileSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', 'tools/web-codegen.ts', '--json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(output) as GeneratedFile[];
}

/**
 * The committed types of ./generated must be what codegen makes of the committed SDL and today's
 * graphql() documents: a changed schema or document without `npm run codegen` fails here.
 */
describe('generated GraphQL types of the web app', () => {
  let generated: GeneratedFile[];

  beforeAll(() => {
    generated = generate();
  });

  it('generates the typed documents of the client preset from the SDL', () => {
    expect(generated.map((file) => file.filename)).toEqual([
      `${GENERATED_DIR}gql.ts`,
      `${GENERATED_DIR}graphql.ts`,
      `${GENERATED_DIR}index.ts`,
    ]);
    const types = generated.find((file) => file.filename.endsWith('/graphql.ts'))!.content;
    expect(types).toContain('export const MeDocument = ');
    expect(types).toContain("export type Role =\n  | 'ADMIN'\n  | 'AUTHORITY'\n  | 'DISTRICT_COORDINATOR'\n  | 'SCHOOL_CURATOR';");
    expect(types).toMatch(/export type MeQuery = \{ me: \{ id: string, email: string, role: Role, displayName: string \| null,/);
  });

  it('matches the committed files (after changing the schema or a document: `npm run codegen`)', () => {
    const committed = fs.readdirSync(path.join(ROOT, GENERATED_DIR)).sort();
    expect(committed).toEqual(generated.map((file) => path.basename(file.filename)));
    const stale = generated
      .filter((file) => fs.readFileSync(path.join(ROOT, file.filename), 'utf8') !== file.content)
      .map((file) => file.filename);
    if (stale.length) throw new Error(`Stale generated GraphQL types: ${stale.join(', ')}. Run \`npm run codegen\` and commit the result.`);
  });
});
