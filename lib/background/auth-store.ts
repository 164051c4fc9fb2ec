import { browser } from 'wxt/browser';
import { z } from 'zod';

/**
 * The signed-in agent's session, kept in `browser.storage.local` under AUTH_STORAGE_KEY.
 * Extension storage is private to the extension: web pages and content scripts of other
 * extensions cannot read it.
 */
export const AUTH_STORAGE_KEY = 'rapport.auth';

const AuthSessionSchema = z.object({
  version: z.literal(1),
  serverUrl: z.string().url(),
  token: z.string().min(1),
  expiresAt: z.number(),
  agentId: z.string(),
  workspaceId: z.string(),
});
export type AuthSession = Omit<z.infer<typeof AuthSessionSchema>, 'version'>;

/** The stored session, or null when there is none, it is unreadable or it has expired. */
export async function loadSession(now = Date.now()): Promise<AuthSession | null> {
  const stored = await browser.storage.local.get(AUTH_STORAGE_KEY);
  const parsed = AuthSessionSchema.safeParse(stored[AUTH_STORAGE_KEY]);
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  const { serverUrl, token, expiresAt, agentId, workspaceId } = parsed.data;
  return { serverUrl, token, expiresAt, agentId, workspaceId };
}

export async function saveSession(session: AuthSession): Promise<void> {
  await browser.storage.local.set({ [AUTH_STORAGE_KEY]: { version: 1, ...session } });
}

export async function clearSession(): Promise<void> {
  await browser.storage.local.remove(AUTH_STORAGE_KEY);
}
