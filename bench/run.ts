/**
 * Benchmarks: `npm run bench -- <name> [options]`. Each benchmark is a module exporting
 * `main(args)`, loaded only when asked for.
 */
// Measured as production runs (see libs/config/src/node-env-default.ts): before any benchmark loads graphql.
process.env.NODE_ENV ??= 'production';

const BENCHMARKS: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  export: () => import('./export.bench'),
  monitoring: () => import('./monitoring.bench'),
  dashboard: () => import('./dashboard.bench'),
  burst: () => import('./burst.bench'),
  load: () => import('./load.bench'),
  approval: () => import('./approval.bench'),
  rls: () => import('./rls.bench'),
  scale: () => import('./scale.bench'),
  statements: () => import('./statements.bench'),
};

async function run(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? BENCHMARKS[name] : undefined;
  if (!load) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]`);
    process.exit(2);
  }
  await (await load()).main(args);
}

run().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
