import { createHmac, timingSafeEqual } from 'node:crypto';
import { IDENTITY_HASH_PATTERN } from '../../protocol';

/** What the site's backend computes: hex HMAC-SHA256 of the user id, keyed by the secret string. */
export function identityHash(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id, 'utf8').digest('hex');
}

/**
 * True when `hash` is the HMAC of `id` under `secret`. The comparison is constant-time over two
 * 32-byte buffers; a hash that is not 64 hex characters is false without comparing.
 */
export function verifyIdentityHash(secret: string, id: string, hash: string): boolean {
  if (!IDENTITY_HASH_PATTERN.test(hash)) return false;
  const expected = createHmac('sha256', secret).update(id, 'utf8').digest();
  const given = Buffer.from(hash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
