import { LoginRequestSchema } from '../../protocol';
import type { Failure, RequestData, ResponseData } from '../messages';
import { deleteAccountDb } from '../db';
import { saveSession } from './auth-store';
import { sessionDbName } from './account';
import { NOT_SIGNED_IN, type Background } from './background';

const LOGOUT_TIMEOUT_MS = 5_000;

/** `https://chat.example.com/` → `https://chat.example.com`; null unless http(s). */
export function normalizeServerUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function invalid(message: string): Failure {
  return { ok: false, code: 'invalid_request', message };
}

/**
 * Log in over REST, store the session, open the account's own database (S12) and connect.
 * Signing in as another account deletes the previous account's database.
 */
export async function signIn(
  bg: Background,
  req: RequestData<'auth.signIn'>,
): Promise<ResponseData<'auth.signIn'>> {
  const serverUrl = normalizeServerUrl(req.serverUrl);
  if (!serverUrl) {
    return invalid(
      'Enter the server address as a web address starting with https:// (or http:// for a server on this computer), e.g. https://chat.example.com.',
    );
  }
  const body = LoginRequestSchema.safeParse({ email: req.email, password: req.password });
  if (!body.success)
    return invalid(body.error.issues[0]?.message ?? 'Check your email and password.');
  const login = await bg.api(serverUrl).login(body.data);
  if (!login.ok) return login;

  const { token, expiresAt, agent, workspace } = login;
  const session = { serverUrl, token, expiresAt, agentId: agent.id, workspaceId: workspace.id };
  const previous = bg.session;
  const otherAccount = previous !== null && sessionDbName(previous) !== sessionDbName(session);
  await bg.endSession(null, otherAccount);
  if (previous) void bg.api(previous.serverUrl, previous.token, LOGOUT_TIMEOUT_MS).logout();
  // A session that ended (401, expiry) kept its database for its outbox: only for that account.
  const ended = await bg.meta.takeEnded();
  if (ended && ended !== sessionDbName(session)) await deleteAccountDb(ended);

  await saveSession(session);
  await bg.meta.writeSession({
    agentId: agent.id,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    serverUrl,
    dbName: sessionDbName(session),
  });
  const account = bg.begin(session);
  await account.db.agents.put(agent).catch(() => undefined); // the welcome brings it again
  return { ok: true, agent, workspace };
}

/** Disconnect, delete the account's database, forget the session, then tell the server (best effort). */
export async function signOut(bg: Background): Promise<ResponseData<'auth.signOut'>> {
  const previous = bg.session;
  await bg.endSession(null, true);
  if (previous) await bg.api(previous.serverUrl, previous.token, LOGOUT_TIMEOUT_MS).logout();
  return { ok: true };
}

/** The current session, or the failure to answer when there is none. */
export function requireSession(bg: Background): Failure | null {
  return bg.session ? null : NOT_SIGNED_IN;
}
