import * as http from 'node:http';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { TenantDatabase } from '@mm/database';
import { JobDispatcher, withTimeout } from '@mm/queue';

const logger = new Logger('WorkerHealth');

/** The worker's only HTTP surface: GET /health (database and queue). */
export function startWorkerHealthServer(app: INestApplicationContext, port: number): http.Server {
  const db = app.get(TenantDatabase);
  const dispatcher = app.get(JobDispatcher);
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    // Up or down only: the reason (hosts, ports, driver messages) goes to the log, not the answer.
    const probe = async (name: string, fn: () => Promise<unknown>) =>
      fn().then(
        () => 'up',
        (e: Error) => {
          logger.warn(`${name} is down: ${e.message}`);
          return 'down';
        },
      );
    const database = await probe('database', () => withTimeout(db.dataSource.query('SELECT 1'), 3000));
    const queue = await probe('queue', () => dispatcher.ping());
    const ok = database === 'up' && queue === 'up';
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'ok' : 'error', database, queue, backend: dispatcher.backend.kind }));
  });
  server.listen(port, '0.0.0.0');
  return server;
}
