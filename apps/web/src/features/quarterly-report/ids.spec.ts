import { webcrypto } from 'node:crypto';
import { randomId } from './ids';

describe('randomId', () => {
  beforeAll(() => {
    if (!globalThis.crypto) Object.defineProperty(globalThis, 'crypto', { value: webcrypto });
  });

  it('makes distinct RFC 4122 version 4 ids without crypto.randomUUID (plain-HTTP intranets)', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
