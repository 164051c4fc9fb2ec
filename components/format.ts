import type { Customer } from '../protocol';

/** What the agent sees as a customer's name: name, else email, else "Visitor" and an id suffix. */
export function customerDisplayName(customer: Customer | undefined, customerId: string): string {
  const name = customer?.name?.trim();
  if (name) return name;
  const email = customer?.email?.trim();
  if (email) return email;
  return `Visitor ${customerId.slice(-4)}`;
}

/** Up to two initials of a name, for small avatars and chips ("Ada Agent" → "AA"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word.slice(0, 1).toUpperCase())
    .join('');
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Formatters are built once: `toLocale…String` with options builds one per call, which costs
// milliseconds over a list of hundreds of messages.
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const count = new Intl.NumberFormat();

/** Compact time since `time` for lists: "now", "5m", "3h", "2d", else a short date. */
export function relativeTime(time: number, now: number): string {
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) return 'now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h`;
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)}d`;
  return shortDate.format(time);
}

/** Hour and minute of a message, in the agent's locale. */
export function clockTime(time: number): string {
  return clock.format(time);
}

/** Date and time in full, for tooltips and `<time>` titles. */
export function fullDateTime(time: number): string {
  return dateTime.format(time);
}

/** Date only, e.g. "First seen Mar 4, 2025". */
export function fullDate(time: number): string {
  return dateOnly.format(time);
}

/** A count with the locale's digit grouping, e.g. "12,000". */
export function formatCount(value: number): string {
  return count.format(value);
}
