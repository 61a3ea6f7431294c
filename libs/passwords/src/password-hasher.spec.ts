import { hashPassword, SCRYPT_CONCURRENCY, scryptSlots, verifyPassword } from './password-hasher';

describe('password hashing under load', () => {
  it(`runs at most ${SCRYPT_CONCURRENCY} scrypt computations at once, however many are asked for`, async () => {
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`password-${i}`)));
    expect(scryptSlots.peak).toBeGreaterThan(0);
    expect(scryptSlots.peak).toBeLessThanOrEqual(SCRYPT_CONCURRENCY);
    expect(await Promise.all(hashes.map((h, i) => verifyPassword(`password-${i}`, h)))).toEqual(hashes.map(() => true));
    expect(scryptSlots.active).toBe(0);
  });
});

describe('scrypt cost', () => {
  it('hashes with N=2^17 and asks for a rehash of weaker hashes only', async () => {
    const { needsRehash } = await import('./password-hasher');
    const hash = await hashPassword('cost-check-1');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(needsRehash(hash)).toBe(false);
    const old = await hashPassword('cost-check-1', { cost: 1 << 15 });
    expect(needsRehash(old)).toBe(true);
    expect(await verifyPassword('cost-check-1', old)).toBe(true);
  });
});
