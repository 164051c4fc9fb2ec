import { MAX_PAGE_TITLE_LENGTH, MAX_PAGE_URL_LENGTH } from '../../protocol/customer-limits';

export interface PageInfo {
  url: string;
  title: string;
}

/** How often the page's URL is compared with the last one reported (SPA navigation). */
export const PAGE_POLL_MS = 1000;
/** After popstate the app renders the new page (and its title) first. */
const AFTER_POPSTATE_MS = 300;

/** The page as reported: http(s) only, URL and title cut to what the server accepts. */
export function currentPage(win: Window): PageInfo | null {
  const url = win.location.href;
  if (!/^https?:/i.test(url)) return null;
  return {
    url: url.slice(0, MAX_PAGE_URL_LENGTH),
    title: win.document.title.trim().slice(0, MAX_PAGE_TITLE_LENGTH),
  };
}

/**
 * Report the current page now and whenever its URL changes: popstate and hashchange, and a poll
 * of location.href (pushState in single-page apps fires no event; history is not patched).
 * The title is read when the URL change is seen. Returns a function that stops watching.
 */
export function trackPages(win: Window, report: (page: PageInfo) => void): () => void {
  let lastUrl: string | null = null;
  const check = () => {
    const page = currentPage(win);
    if (!page || page.url === lastUrl) return;
    lastUrl = page.url;
    report(page);
  };
  const later = () => void win.setTimeout(check, AFTER_POPSTATE_MS);
  check();
  win.addEventListener('popstate', later);
  win.addEventListener('hashchange', check);
  const timer = win.setInterval(check, PAGE_POLL_MS);
  return () => {
    win.clearInterval(timer);
    win.removeEventListener('popstate', later);
    win.removeEventListener('hashchange', check);
  };
}
