import type { VisitorIdentifyResponse } from '../../protocol/customers';
import type { IdentifyUser } from '../shared/messages';
import { isMessage } from './guards';
import type { FetchLike } from './session';

export type IdentifyOutcome =
  | { kind: 'ok'; response: VisitorIdentifyResponse }
  /** Refused or failed: the message says why (for the site's console). */
  | { kind: 'refused'; message: string };

interface VisitorAuth {
  workspaceId: string;
  visitorToken: string;
}

function post(fetchFn: FetchLike, path: string, body: object): Promise<Response> {
  return fetchFn(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function isIdentifyResponse(body: unknown): body is VisitorIdentifyResponse {
  if (typeof body !== 'object' || body === null) return false;
  const value = body as Record<string, unknown>;
  const customer = value.customer as Record<string, unknown> | null | undefined;
  return (
    typeof value.verified === 'boolean' &&
    typeof customer?.id === 'string' &&
    Array.isArray(value.messages) &&
    value.messages.every(isMessage)
  );
}

/** POST /api/visitor/identify (same origin as the frame). */
export async function postIdentify(
  fetchFn: FetchLike,
  auth: VisitorAuth,
  user: IdentifyUser,
): Promise<IdentifyOutcome> {
  let response: Response;
  try {
    const { id, email, name, hash } = user;
    response = await post(fetchFn, '/api/visitor/identify', { ...auth, id, email, name, hash });
  } catch {
    return { kind: 'refused', message: 'The chat server could not be reached; try again later.' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isIdentifyResponse(body)) return { kind: 'ok', response: body };
  const message = (body as { message?: unknown } | null)?.message;
  return {
    kind: 'refused',
    message:
      typeof message === 'string' && message
        ? message
        : `The chat server refused the identity (HTTP ${response.status}).`,
  };
}

/** POST /api/visitor/page; best effort (a lost page report only shortens the list). */
export async function postPage(
  fetchFn: FetchLike,
  auth: VisitorAuth,
  page: { url: string; title: string },
): Promise<void> {
  try {
    await post(fetchFn, '/api/visitor/page', { ...auth, url: page.url, title: page.title });
  } catch {
    // Nothing to do: the next page is reported anyway.
  }
}
