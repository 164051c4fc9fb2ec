/**
 * Admin site patterns (enterprise policy `recognitionOffByDefault` / `macrosOffByDefault`):
 * - an origin, `https://mail.example.com` (scheme, host and port must all match);
 * - a host, `mail.example.com` (http or https, any port);
 * - a wildcard host, `*.example.com` (example.com and every subdomain), optionally with a scheme,
 *   `https://*.example.com`.
 * Anything else is ignored (never matches).
 */
export function matchesSitePattern(origin: string, pattern: string): boolean {
  let site: URL;
  try {
    site = new URL(origin);
  } catch {
    return false;
  }
  const text = pattern.trim().toLowerCase();
  const scheme = /^(https?):\/\//.exec(text);
  if (scheme && `${scheme[1]}:` !== site.protocol) return false;
  const rest = scheme ? text.slice(scheme[0].length).replace(/\/$/, '') : text;
  if (rest.startsWith('*.')) {
    const domain = rest.slice(2);
    if (!/^[a-z0-9.-]+$/.test(domain)) return false;
    return site.hostname === domain || site.hostname.endsWith(`.${domain}`);
  }
  if (scheme) {
    try {
      return new URL(`${scheme[0]}${rest}`).origin === site.origin;
    } catch {
      return false;
    }
  }
  return /^[a-z0-9.-]+$/.test(rest) && site.hostname === rest;
}

/** Whether any of the admin's patterns covers the site. */
export function matchesAnySitePattern(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesSitePattern(origin, pattern));
}

/** One feature's per-site state: what the agent switched and what the admin set as default. */
export interface SiteStates {
  /** Origins the agent switched off, sorted. */
  off: string[];
  /** Origins the agent switched on over the admin's default, sorted. */
  on: string[];
  /** The admin's patterns of sites where the feature is off by default. */
  policy: string[];
}

/** Off where the agent said so, or where the admin's policy says so and the agent did not override. */
export function siteIsOff(states: SiteStates, origin: string): boolean {
  if (states.off.includes(origin)) return true;
  return matchesAnySitePattern(origin, states.policy) && !states.on.includes(origin);
}
