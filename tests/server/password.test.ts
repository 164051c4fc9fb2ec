import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  OWASP_SCRYPT,
  parsePasswordHash,
  PasswordHashFormatError,
  verifyPassword,
} from '../../server/auth/password';
import { hashToken, newToken } from '../../server/auth/tokens';
import { FAST_SCRYPT } from './helpers';

describe('password hashing', () => {
  it('uses the OWASP scrypt parameters by default and stores them with the hash', async () => {
    const stored = await hashPassword('s3cret pass');
    expect(stored).toMatch(/^\$scrypt\$N=131072,r=8,p=1\$/);
    const { params, salt, key } = parsePasswordHash(stored);
    expect(params).toEqual(OWASP_SCRYPT);
    expect(salt).toHaveLength(16);
    expect(key).toHaveLength(64);
    expect(await verifyPassword('s3cret pass', stored)).toBe(true);
    expect(await verifyPassword('s3cret pasS', stored)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, not the current defaults', async () => {
    const stored = await hashPassword('pw', FAST_SCRYPT);
    expect(parsePasswordHash(stored).params.N).toBe(FAST_SCRYPT.N);
    expect(await verifyPassword('pw', stored)).toBe(true);
    expect(await verifyPassword('wrong', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('same', FAST_SCRYPT);
    const b = await hashPassword('same', FAST_SCRYPT);
    expect(a).not.toBe(b);
  });

  it('rejects a stored hash in an unknown format with a clear error', async () => {
    await expect(verifyPassword('pw', 'md5$abc')).rejects.toBeInstanceOf(PasswordHashFormatError);
  });
});

describe('session tokens', () => {
  it('are 32 random bytes in base64url and stored as sha256 hex', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
