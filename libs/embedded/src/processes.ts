import * as fs from 'node:fs';
import * as net from 'node:net';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A run that was SIGKILLed leaves its child server running with a pid file. Stop that server
 * (gracefully, then by force) so the next start owns its data directory alone.
 */
export async function stopStaleProcess(pidFile: string, timeoutMs = 15_000): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0]!.trim(), 10);
  if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && isAlive(pid)) {
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  fs.rmSync(pidFile, { force: true });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
