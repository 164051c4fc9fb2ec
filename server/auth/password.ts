import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Password hashes are stored as `$scrypt$N=<n>,r=<r>,p=<p>$<salt b64url>$<key b64url>`, so the
// parameters can change later and old hashes still verify with the parameters they were made with.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  /** Derived key length in bytes. */
  keyLength: number;
}

/** OWASP's recommendation for scrypt: N=2^17, r=8, p=1 (128 MiB of memory per hash). */
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1, keyLength: 64 };

const SALT_BYTES = 16;

/** A stored password hash that this server cannot read (corrupt or from an unknown scheme). */
export class PasswordHashFormatError extends Error {
  constructor() {
    super(
      'A stored password hash is not in the $scrypt$N=…,r=…,p=…$salt$key format; reset the password for that agent.',
    );
    this.name = 'PasswordHashFormatError';
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r * p bytes; leave headroom above Node's 32 MiB default.
    maxmem: 256 * params.N * params.r * params.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, params.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = OWASP_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `$scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^\$scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Read the parameters, salt and key out of a stored hash. */
export function parsePasswordHash(stored: string): {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
} {
  const match = FORMAT.exec(stored);
  if (!match) throw new PasswordHashFormatError();
  const [, n, r, p, salt, key] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const keyBuffer = Buffer.from(key, 'base64url');
  return {
    params: { N: Number(n), r: Number(r), p: Number(p), keyLength: keyBuffer.length },
    salt: Buffer.from(salt, 'base64url'),
    key: keyBuffer,
  };
}

/** Check a password against a stored hash, in constant time for equal-length keys. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, key } = parsePasswordHash(stored);
  const candidate = await derive(password, salt, params);
  return candidate.length === key.length && timingSafeEqual(candidate, key);
}

let dummyHash: Promise<string> | null = null;

/**
 * Spend as long as a real check when the email is unknown, so response times do not reveal which
 * emails have accounts. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('rapport-dummy-password');
  await verifyPassword(password, await dummyHash);
  return false;
}
