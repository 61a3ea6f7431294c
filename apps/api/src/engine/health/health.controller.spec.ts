import { HttpException } from '@nestjs/common';
import { HealthController } from './health.controller';

describe('HealthController (public /health)', () => {
  it('answers up/down without the reason (hosts, driver messages stay in the log)', async () => {
    const dataSource = { query: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 (user mm_app_login)')) };
    const dispatcher = { ping: () => Promise.resolve(), backend: { kind: 'redis' } };
    const controller = new HealthController(dataSource as any, dispatcher as any);
    const error = await controller.health().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpException);
    const body = (error as HttpException).getResponse();
    expect(body).toEqual({ status: 'error', database: { status: 'down' }, queue: { status: 'up', backend: 'redis' } });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|mm_app_login/);
  });
});
