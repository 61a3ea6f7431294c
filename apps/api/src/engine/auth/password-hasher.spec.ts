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
