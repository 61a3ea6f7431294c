export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as any).__mmTestPostgres;
  if (server) {
    (globalThis as any).__mmTestPostgres = undefined;
    await server.stop();
  }
}
