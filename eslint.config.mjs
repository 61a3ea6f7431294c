// One ESLint configuration for the monorepo (flat config): `npm run lint`, run by `npm test` before Jest.
// typescript-eslint's recommended rules everywhere (syntax only, no type information: the type
// check is `npm run typecheck`), React's hook rules for the web app. Exceptions below are deliberate,
// each with its reason; anything else is fixed in the code.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The web app's GraphQL types are generated (`npm run codegen`) and checked by their drift test.
  { ignores: ['dist/', 'coverage/', '.data/', 'node_modules/', '.scratch/', 'apps/web/src/shared/api/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter kept for a signature, and `{ dropped: _, ...rest }` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read GraphQL answers and SQL rows as untyped JSON and assert their shape (≈150 places):
    // typing each would restate the schema by hand, which is what the assertions check.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Boundaries where `any` is the honest type of untyped data: raw SQL rows (TenantDatabase.query's
    // default row type, row mappers), JSON job payloads and results, the stored idempotent response,
    // the request object of HTTP or GraphQL, BullMQ's Postgres backend options, and an ESM-only module
    // loaded at run time. Replacing them with `unknown` would put a cast at each of their callers.
    files: [
      'libs/database/src/tenancy/tenant-database.service.ts',
      'libs/queue/src/job-run.repository.ts',
      'libs/queue/src/queue-backend.ts',
      'apps/worker/src/jobs/job-handler.registry.ts',
      'apps/api/src/engine/auth/auth.decorators.ts',
      'apps/api/src/modules/quarterly-report/idempotency-key.repository.ts',
      'apps/api/src/modules/quarterly-report/quarterly-report.repository.ts',
      'libs/monitoring/src/monitoring-snapshot.repository.ts',
      'libs/roadmap/src/roadmap-matrix.reader.ts',
      'libs/embedded/src/embedded-postgres.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // async-exit-hook has no type declarations: it is required where it is used, its two functions typed there.
    files: ['libs/embedded/src/embedded-postgres.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // These patterns exist to find control characters (XML-invalid characters, unsafe file names).
    files: ['libs/reporting/src/form-rows.ts', 'libs/stat-exports/src/stat-form-naming.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: globals.browser },
  },
);
