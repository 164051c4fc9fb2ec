import type { VisitorSessionResponse } from '../../protocol/rest';
import type { KeyValueStore } from './storage';
import { isMessage } from './guards';

export type SessionResult =
  | { kind: 'ok'; session: VisitorSessionResponse }
  | { kind: 'not_found' }
  | { kind: 'failed'; message: string; retryable: boolean };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const SESSION_PATH = '/api/visitor/session';

export function tokenKey(workspaceId: string): string {
  return `rapport.visitorToken.${workspaceId}`;
}

export function loadToken(store: KeyValueStore, workspaceId: string): string | undefined {
  return store.getItem(tokenKey(workspaceId)) ?? undefined;
}

/** Best effort: a full or blocked storage only means the next page load starts a new visitor. */
export function saveToken(store: KeyValueStore, workspaceId: string, token: string): void {
  try {
    store.setItem(tokenKey(workspaceId), token);
  } catch {
    // Nothing to do: the chat works for this page without a stored token.
  }
}

export function clearToken(store: KeyValueStore, workspaceId: string): void {
  store.removeItem(tokenKey(workspaceId));
}

/** POST /api/visitor/session (same origin as the frame): start or resume the visitor. */
export async function startSession(
  fetchFn: FetchLike,
  workspaceId: string,
  visitorToken: string | undefined,
): Promise<SessionResult> {
  let response: Response;
  try {
    response = await fetchFn(SESSION_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(visitorToken ? { workspaceId, visitorToken } : { workspaceId }),
    });
  } catch {
    return { kind: 'failed', message: 'Can’t reach the chat right now.', retryable: true };
  }
  if (response.status === 404) return { kind: 'not_found' };
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    return {
      kind: 'failed',
      message: errorMessage(body) ?? 'The chat is not available right now.',
      retryable: response.status >= 500 || response.status === 429,
    };
  }
  if (!isSessionResponse(body)) {
    return {
      kind: 'failed',
      message: 'The chat server sent an unexpected answer.',
      retryable: true,
    };
  }
  return { kind: 'ok', session: body };
}

function errorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' && message ? message : null;
}

function isSessionResponse(body: unknown): body is VisitorSessionResponse {
  if (typeof body !== 'object' || body === null) return false;
  const value = body as Record<string, unknown>;
  const workspace = value.workspace as Record<string, unknown> | null | undefined;
  return (
    typeof value.visitorToken === 'string' &&
    value.visitorToken.length > 0 &&
    typeof workspace?.name === 'string' &&
    Array.isArray(value.messages) &&
    value.messages.every(isMessage)
  );
}
