import { CredentialCipher } from './credential-cipher';

const SECRET = 'a-server-secret-of-forty-characters-0001';

describe('CredentialCipher', () => {
  const cipher = new CredentialCipher(SECRET);

  it('opens what it sealed, and seals the same text differently each time', () => {
    const text = JSON.stringify([{ email: 'k@school.ru', password: 'Пароль-9x' }]);
    const a = cipher.seal(text, 'batch-1');
    const b = cipher.seal(text, 'batch-1');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('k@school.ru');
    expect(cipher.open(a, 'batch-1')).toBe(text);
    expect(new CredentialCipher(SECRET).open(b, 'batch-1')).toBe(text);
  });

  it('refuses an altered ciphertext, an altered tag, another batch and another key', () => {
    const sealed = cipher.seal('secret-password', 'batch-1');
    const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => cipher.open([v, iv, tag, flip(body)].join('.'), 'batch-1')).toThrow();
    expect(() => cipher.open([v, iv, flip(tag), body].join('.'), 'batch-1')).toThrow();
    expect(() => cipher.open([v, flip(iv), tag, body].join('.'), 'batch-1')).toThrow();
    expect(() => cipher.open(sealed, 'batch-2')).toThrow();
    expect(() => new CredentialCipher('another-secret-of-forty-characters-00002').open(sealed, 'batch-1')).toThrow();
    expect(() => cipher.open('v1.short', 'batch-1')).toThrow('Not a sealed credential');
  });

  it('refuses to seal or open without a server secret', () => {
    const keyless = new CredentialCipher(undefined);
    expect(() => keyless.seal('x', 'batch-1')).toThrow('JWT_SECRET');
    expect(() => keyless.open(cipher.seal('x', 'batch-1'), 'batch-1')).toThrow('JWT_SECRET');
  });
});
