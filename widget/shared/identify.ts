import {
  IDENTITY_HASH_PATTERN,
  MAX_CUSTOMER_NAME_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_EXTERNAL_ID_LENGTH,
} from '../../protocol/customer-limits';
import type { IdentifyUser } from './messages';

const PREFIX = 'Rapport.identify:';
const EXAMPLE = "Rapport.identify({ id: 'user-42', email, name, hash })";
const NOT_SENT = 'Nothing was sent.';

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** An optional text field: absent, null or '' mean "not given". */
function optionalText(
  user: Record<string, unknown>,
  key: 'email' | 'name',
  max: number,
): string | undefined | { error: string } {
  const value = user[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    return { error: `${PREFIX} ${key} must be a string (got ${typeName(value)}). ${NOT_SENT}` };
  }
  if (value.length > max) {
    return { error: `${PREFIX} ${key} can be at most ${max} characters. ${NOT_SENT}` };
  }
  return value;
}

/**
 * Check what the site passed to `Rapport.identify` before anything leaves the page: the user to
 * send, or the console message that says what to fix.
 */
export function checkIdentify(input: unknown): IdentifyUser | { error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { error: `${PREFIX} pass an object, e.g. ${EXAMPLE}. ${NOT_SENT}` };
  }
  const user = input as Record<string, unknown>;
  const { id, hash } = user;
  if (id === undefined || id === null || id === '') {
    return {
      error: `${PREFIX} id is missing. Pass your signed-in user's id as a string: ${EXAMPLE}. ${NOT_SENT}`,
    };
  }
  if (typeof id !== 'string') {
    return {
      error: `${PREFIX} id must be a string (got ${typeName(id)}). Pass String(user.id), and compute the hash over that same string. ${NOT_SENT}`,
    };
  }
  if (id.length > MAX_EXTERNAL_ID_LENGTH) {
    return {
      error: `${PREFIX} id can be at most ${MAX_EXTERNAL_ID_LENGTH} characters. ${NOT_SENT}`,
    };
  }
  const checked: IdentifyUser = { id };
  if (hash !== undefined && hash !== null && hash !== '') {
    if (typeof hash !== 'string' || !IDENTITY_HASH_PATTERN.test(hash)) {
      const got = typeof hash === 'string' ? `${hash.length} characters` : typeName(hash);
      return {
        error: `${PREFIX} hash must be 64 hex characters (got ${got}): the HMAC-SHA256 of the id under your workspace's identity secret, computed on your server. See "Identify your signed-in users" in Rapport's README. ${NOT_SENT}`,
      };
    }
    checked.hash = hash;
  }
  for (const [key, max] of [
    ['email', MAX_EMAIL_LENGTH],
    ['name', MAX_CUSTOMER_NAME_LENGTH],
  ] as const) {
    const value = optionalText(user, key, max);
    if (typeof value === 'object') return value;
    if (value !== undefined) checked[key] = value;
  }
  return checked;
}

/** The loader's console line for the server's answer (null: nothing to say). */
export function identifyResultText(result: {
  id: string;
  verified: boolean;
  hashGiven: boolean;
  error: string | null;
}): { level: 'error' | 'warn'; text: string } | null {
  if (result.error) return { level: 'error', text: `${PREFIX} ${result.error}` };
  if (result.verified) return null;
  const why = result.hashGiven
    ? `the hash does not match id "${result.id}" under your workspace's identity secret (was the secret rotated, or the hash computed over another string?)`
    : 'no hash was given';
  return {
    level: 'warn',
    text: `${PREFIX} ${why}, so this is stored as an unverified claim: it links nothing and shows no earlier conversations. Compute hash = HMAC-SHA256(id) with the identity secret on your server.`,
  };
}
