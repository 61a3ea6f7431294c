import { findRedisServer, LocalRedisHandle, startLocalRedis } from '@mm/embedded';
import { tempDir, testServices } from './test-services';

/**
 * A throwaway redis-server for one test file (≈15 ms to start), or none when the run uses the
 * Postgres queue backend. TEST_REDIS_URL points at an external server instead.
 */
export async function startTestRedis(): Promise<{ url?: string; handle?: LocalRedisHandle; stop(): Promise<void> }> {
  if (testServices().queueBackend === 'postgres') return { stop: async () => undefined };
  if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, stop: async () => undefined };
  if (!findRedisServer())
    throw new Error(
      'redis-server is not installed (apt-get install redis-server), or leave QUEUE_BACKEND unset to use the Postgres backend',
    );
  const handle = await startLocalRedis({ dir: tempDir('mm-test-redis-') });
  return { url: handle.url, handle, stop: () => handle.stop() };
}
