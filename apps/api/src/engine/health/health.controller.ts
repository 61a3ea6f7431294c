import { Controller, Get, HttpCode, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobDispatcher, withTimeout } from '@mm/queue';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

type Check = { status: 'up' | 'down' };

/** Liveness of the two things the platform cannot work without: the database and the queue. */
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: JobDispatcher,
  ) {}

  @Public()
  @Get()
  @HttpCode(200)
  async health(): Promise<{ status: string; database: Check; queue: Check & { backend: string } }> {
    const [database, queue] = await Promise.all([
      check('database', () => withTimeout(this.dataSource.query('SELECT 1'), 3000)),
      check('queue', () => this.dispatcher.ping()),
    ]);
    const body = {
      status: database.status === 'up' && queue.status === 'up' ? 'ok' : 'error',
      database,
      queue: { ...queue, backend: this.dispatcher.backend.kind },
    };
    if (body.status !== 'ok') throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}

const logger = new Logger('Health');

/** Up or down only: /health is public, so the reason (hosts, ports, driver messages) goes to the log. */
async function check(name: string, probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return { status: 'up' };
  } catch (error) {
    logger.warn(`${name} is down: ${(error as Error).message}`);
    return { status: 'down' };
  }
}
