import type {
  Agent,
  Conversation,
  Customer,
  CustomerConversation,
  CustomerIdentity,
} from '../../protocol';

// What the customer card shows, as pure functions of the cached rows (tested on their own).

/** A contact detail and whether a verified identify vouched for it. */
export interface ContactField {
  value: string;
  verified: boolean;
}

export interface Contact {
  email: ContactField | null;
  phone: ContactField | null;
  /** The site's user id: set only by a verified identify. */
  externalId: string | null;
  /** Unverified claims that no shown field already holds: "claims to be …", never the identity. */
  claims: CustomerIdentity[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function contactOf(customer: Customer | undefined): Contact {
  const identities = customer?.identities ?? [];
  const verified = (kind: CustomerIdentity['kind'], value: string) =>
    identities.some((i) => i.verified && i.kind === kind && same(i.value, value));
  const email = customer?.email?.trim() ? customer.email.trim() : null;
  const phone = customer?.phone?.trim() ? customer.phone.trim() : null;
  const shown = [email, phone, customer?.name ?? null, customer?.externalId ?? null].filter(
    (value): value is string => !!value,
  );
  const claims = identities.filter(
    (i) =>
      !i.verified &&
      !identities.some(
        (other) => other.verified && other.kind === i.kind && same(other.value, i.value),
      ) &&
      !shown.some((value) => same(value, i.value)),
  );
  return {
    email: email ? { value: email, verified: verified('email', email) } : null,
    phone: phone ? { value: phone, verified: verified('phone', phone) } : null,
    externalId: customer?.externalId ?? null,
    claims,
  };
}

export const CLAIM_LABELS: Record<CustomerIdentity['kind'], string> = {
  email: 'email',
  name: 'name',
  phone: 'phone',
  external_id: 'user id',
};

/** The address to link to, only for http(s) URLs; anything else is shown as text only. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** One of the customer's conversations, from the profile answer or the cache. */
export interface PastConversation {
  id: string;
  status: Conversation['status'];
  createdAt: number;
  /** Time of its latest message. */
  lastAt: number;
  assigneeId: string | null;
  /** The assignee's name (cached agents first, then the server's answer), or null. */
  assigneeName: string | null;
  /** Whether the cache holds it (it can be selected at once). */
  cached: boolean;
}

/**
 * The customer's conversations other than `currentId`, newest first: the profile's list joined
 * with the cached ones (offline, or before the profile arrives).
 */
export function pastConversations(
  currentId: string,
  fromProfile: CustomerConversation[],
  cached: Conversation[],
  agents: Agent[],
): PastConversation[] {
  const agentName = new Map(agents.map((agent) => [agent.id, agent.name] as const));
  const byId = new Map<string, PastConversation>();
  for (const c of fromProfile) {
    byId.set(c.id, {
      id: c.id,
      status: c.status,
      createdAt: c.createdAt,
      lastAt: c.lastMessageAt,
      assigneeId: c.assigneeId,
      assigneeName: (c.assigneeId && agentName.get(c.assigneeId)) || c.assigneeName,
      cached: false,
    });
  }
  for (const c of cached) {
    const known = byId.get(c.id);
    byId.set(c.id, {
      id: c.id,
      status: c.status,
      createdAt: c.createdAt,
      lastAt: Math.max(c.lastActivityAt, known?.lastAt ?? 0),
      assigneeId: c.assigneeId,
      assigneeName:
        (c.assigneeId && agentName.get(c.assigneeId)) ||
        (known?.assigneeId === c.assigneeId ? known.assigneeName : null),
      cached: true,
    });
  }
  byId.delete(currentId);
  return [...byId.values()].sort((a, b) => b.lastAt - a.lastAt || (a.id < b.id ? 1 : -1));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "5 minutes ago", "3 days ago", "2 months ago" … */
export function timeAgo(time: number, now: number): string {
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 30 * DAY) return relative.format(-Math.floor(elapsed / DAY), 'day');
  if (elapsed < 365 * DAY) return relative.format(-Math.floor(elapsed / (30 * DAY)), 'month');
  return relative.format(-Math.floor(elapsed / (365 * DAY)), 'year');
}

/** The header's line: "Returning customer — last talked 3 days ago with Ana", or "New customer". */
export function returningLine(past: PastConversation[], now: number): string {
  const last = past[0];
  if (!last) return 'New customer';
  const withWhom = last.assigneeName ? ` with ${last.assigneeName}` : '';
  return `Returning customer — last talked ${timeAgo(last.lastAt, now)}${withWhom}`;
}
