import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import * as path from 'node:path';
import { secretProblem, isPlaceholder, urlPassword } from './secret-strength';

/** Estimated bits a secret must carry (see estimatedBits): a signing key, and the admin's password. */
export const SECRET_MIN_BITS = { JWT_SECRET: 128, ADMIN_PASSWORD: 40 } as const;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the platform reads from the environment. Validated once at start-up so a
 * wrong value stops the process with a message naming the variable, instead of failing later.
 */
export class Environment {
  /** Production behaviour unless asked otherwise: JSON logs, no introspection, no field suggestions. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Owner connection used for migrations (and the Postgres queue backend); defaults to DATABASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL' })
  DATABASE_MIGRATION_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** `redis` or `postgres`; by default Redis when REDIS_URL is set. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['redis', 'postgres'])
  QUEUE_BACKEND?: 'redis' | 'postgres';

  @IsString()
  DATA_DIR: string = path.resolve(process.cwd(), '.data');

  /** The built web app the API serves; by default dist/web (`npm run build:web`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Secret that signs access tokens; the embedded default generates and keeps one under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' = 'info';

  /** Serve GraphQL introspection and the sandbox page (on by default outside production). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === 'true'))
  @IsOptional()
  GRAPHQL_INTROSPECTION?: boolean;

  /** Port of the worker's health endpoint (the worker serves nothing else over HTTP). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** How long a worker holds a job before others may consider it stalled (crashed worker). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_LOCK_DURATION_MS = 30_000;

  /** How often the worker re-queues recorded jobs that the queue lost. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  OUTBOX_RECONCILE_INTERVAL_MS = 30_000;

  /** How often the worker removes expired export files (one worker per tick, see scheduler_ticks). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  EXPORT_SWEEP_INTERVAL_MS = 15 * 60_000;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (login throttling per
   * address): Express `trust proxy` — `loopback` (default), `false`, a hop count, or addresses /
   * CIDRs / `loopback,linklocal,uniquelocal`, comma-separated. `true` is refused: any client could
   * then pick its own address.
   */
  @Matches(/^(false|\d{1,2}|[0-9A-Za-z.:/,\s]+)$/, {
    message: 'TRUST_PROXY must be false, a hop count, or proxy addresses/CIDRs (comma-separated)',
  })
  @Matches(/^(?!\s*true\s*$)/i, {
    message: 'TRUST_PROXY=true would let any client choose its address: name the proxy addresses or a hop count',
  })
  TRUST_PROXY = 'loopback';

  /** Outgoing mail for reminders (smtp:// or smtps://, credentials in the URL); without it reminders stay in the app. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of reminder e-mails; required with SMTP_URL. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.SMTP_URL !== undefined || env.SMTP_FROM !== undefined)
  @IsEmail({}, { message: 'SMTP_FROM must be an e-mail address (required when SMTP_URL is set)' })
  SMTP_FROM?: string;

  /** Seed the demo district on an empty database (the embedded default does). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : value === 'true'))
  @IsOptional()
  SEED_DEMO?: boolean;
}

export class EnvironmentError extends Error {}

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  // Every property with a validation rule is a setting: read exactly those from the environment.
  const keys = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', true, false)
      .map((m) => m.propertyName),
  );
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    if (source[key] !== undefined) raw[key] = source[key];
  }
  const env = plainToInstance(Environment, raw);
  const errors = validateSync(env, { whitelist: false });
  const weak = errors.length > 0 ? [] : weakSecrets(env);
  if (errors.length > 0 || weak.length > 0) {
    const lines = [
      ...errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`)),
      ...weak.map(([name, message]) => `  ${name}: ${message}`),
    ];
    throw new EnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  env.DATA_DIR = path.resolve(env.DATA_DIR);
  return env;
}

/**
 * Secrets that would let anyone in: placeholders copied from docker/.env.example, or values too
 * predictable to sign tokens with. Checked after the shape rules, named by variable, never quoted.
 */
function weakSecrets(env: Environment): [string, string][] {
  const problems: [string, string][] = [];
  for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD'] as const) {
    const value = env[name];
    const problem = value === undefined ? null : secretProblem(name, value, SECRET_MIN_BITS[name]);
    if (problem) problems.push([name, problem]);
  }
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'REDIS_URL'] as const) {
    const password = env[name] ? urlPassword(env[name]!) : null;
    if (password !== null && isPlaceholder(password))
      problems.push([name, `${name} holds a placeholder password (as in docker/.env.example): set a random one`]);
  }
  return problems;
}

/** TRUST_PROXY as Express takes it. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
