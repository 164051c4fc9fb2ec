export interface FrameParams {
  /** Null when the script tag had no workspace: the frame then says so instead of a composer. */
  workspaceId: string | null;
  /** The host page's origin, the only target the frame posts to; null when missing or invalid. */
  hostOrigin: string | null;
}

/** Read `?workspace=…&host=…` from the frame's own URL. */
export function readFrameParams(href: string): FrameParams {
  const params = new URL(href).searchParams;
  const workspaceId = params.get('workspace')?.trim() || null;
  return { workspaceId, hostOrigin: parseOrigin(params.get('host')) };
}

/** `value` if it is exactly an http(s) origin (scheme, host and port, nothing else), else null. */
export function parseOrigin(value: string | null): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.origin === value ? value : null;
}
