import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals the passwords an import generated until the coordinator who ran it takes them: AES-256-GCM
 * under a key derived (HKDF-SHA256) from the server secret, so neither a table dump nor a backup
 * holds them in clear. The associated data binds a ciphertext to its batch: moved to another
 * batch's row it no longer opens.
 */
export class CredentialCipher {
  private readonly secretKey: Buffer | null;

  /** Without a secret (a worker started without JWT_SECRET) other jobs still run; an import job fails. */
  constructor(serverSecret: string | undefined) {
    this.secretKey = serverSecret ? Buffer.from(hkdfSync('sha256', serverSecret, 'mentorship-monitor', 'import-credentials/v1', 32)) : null;
  }

  private get key(): Buffer {
    if (!this.secretKey) throw new Error('The credential cipher needs the server secret (JWT_SECRET)');
    return this.secretKey;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plaintext; throws when the text was altered, sealed for other data or under another key. */
  open(sealed: string, associatedData: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw new Error('Not a sealed credential');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (tagBytes.length !== TAG_BYTES) throw new Error('Not a sealed credential');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
