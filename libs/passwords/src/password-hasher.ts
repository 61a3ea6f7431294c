import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/**
 * scrypt (memory-hard, in Node's own crypto: no native dependency). N=2^17, r=8 uses 128 MiB per
 * hash, which makes guessing on GPUs expensive. Stored as `scrypt$N$r$p$salt$hash` so the
 * parameters can be raised later without breaking old hashes.
 */
export const SCRYPT_N = 1 << 17;
const N = SCRYPT_N;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * At most this many scrypt computations run at once, process-wide; the rest wait their turn. A
 * burst of logins (or a bulk import) then costs bounded memory and leaves libuv's thread pool
 * (shared with file and DNS work) free; a login arriving when too many wait is refused at once.
 */
export const SCRYPT_CONCURRENCY = 2;
export const SCRYPT_MAX_WAITING = 64;

class Slots {
  active = 0;
  peak = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  get queued(): number {
    return this.waiting.length;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** The process-wide scrypt slots (exported for tests and for refusing logins when busy). */
export const scryptSlots = new Slots(SCRYPT_CONCURRENCY);

/** True when so many password checks wait that one more would only add latency for everyone. */
export function passwordChecksSaturated(): boolean {
  return scryptSlots.queued >= SCRYPT_MAX_WAITING;
}

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return scryptSlots.run(() => rawScrypt(password, salt, n, r, p));
}

function rawScrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, options: { cost?: number } = {}): Promise<string> {
  // `cost` only for hashes made at an older cost (tests of the upgrade at login); everything else uses N.
  const n = options.cost ?? N;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True for a hash made with weaker parameters than today's: rehash it at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < N || Number(r) < R || Number(p) < P;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the e-mail is unknown, so timing does not reveal which e-mails exist. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(12).toString('hex'));
