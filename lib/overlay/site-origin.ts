/**
 * The site a per-site switch is about: `https://mail.example.com/inbox` → `https://mail.example.com`.
 * Null unless http(s) (browser pages, files and extension pages have no switch).
 */
export function siteOrigin(input: string | undefined | null): string | null {
  if (!input) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}
