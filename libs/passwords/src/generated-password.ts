import { randomInt } from 'node:crypto';

/* Generated passwords: for accounts an administrator or an import creates (changed at the first login). */

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LOWER + UPPER + DIGITS;

/** A random 20-character password (≈115 bits) without look-alike characters, with every class present. */
export function generatePassword(length = 20): string {
  const chars = [LOWER, UPPER, DIGITS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(ALPHABET[randomInt(ALPHABET.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
