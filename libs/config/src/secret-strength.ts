import { deflateRawSync } from 'node:zlib';

/** Words that mark a value copied from an example file rather than chosen. */
const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?me|placeholder|example|your[-_ ]|dummy|^x+$|<[^>]*>|todo/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/**
 * A cautious estimate of the bits in a secret: the smaller of the character-frequency (Shannon)
 * estimate and the compressed size, so repeated words ("secret-secret-secret…") count once.
 * A random 48-byte base64url string scores well above 256; a long sentence of a few words low.
 */
export function estimatedBits(value: string): number {
  const chars = [...value];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  const shannon = perChar * chars.length;
  // Deflate's own framing costs a few bytes; what is left approximates the information in the text.
  const compressed = Math.max(0, deflateRawSync(Buffer.from(value, 'utf8'), { level: 9 }).length - 2) * 8;
  return Math.min(shannon, compressed);
}

/** Why a secret must not be used, or null; the message names the variable and never the value. */
export function secretProblem(name: string, value: string, minBits: number): string | null {
  if (isPlaceholder(value))
    return `${name} is a placeholder (as in docker/.env.example): set a random value, e.g. \`openssl rand -base64 48\``;
  if (estimatedBits(value) < minBits)
    return `${name} is too predictable (repeated or few distinct characters): use a random value, e.g. \`openssl rand -base64 48\``;
  return null;
}

/** The password inside a connection URL, if any. */
export function urlPassword(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}
