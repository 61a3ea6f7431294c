import { ConsoleLogger, LogLevel } from '@nestjs/common';
import type { Environment } from './environment';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON lines in production, readable lines elsewhere. Never log tokens or passwords. */
export function createLogger(env: Pick<Environment, 'NODE_ENV' | 'LOG_LEVEL'>, context = 'MentorshipMonitor'): ConsoleLogger {
  const threshold = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4 }[env.LOG_LEVEL];
  return new ConsoleLogger(context, {
    json: env.NODE_ENV === 'production',
    colors: env.NODE_ENV !== 'production' && process.stdout.isTTY,
    logLevels: LEVELS.slice(0, threshold + 1),
  });
}
