/** One piece of message text: plain text, or a link that is safe to make clickable. */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/**
 * Split message text into text and links. Only http(s) links are produced (a `www.` link gets
 * `https://`), so `javascript:` and other schemes stay plain text. Renderers must put every part in
 * the DOM as text (textContent / Vue interpolation), never as HTML.
 */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING_PUNCTUATION, '');
    if (raw.length === 0) continue;
    const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: raw, href: url.href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
