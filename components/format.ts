import type { Customer } from '../protocol';

/** What the agent sees as a customer's name: name, else email, else "Visitor" and an id suffix. */
export function customerDisplayName(customer: Customer | undefined, customerId: string): string {
  const name = customer?.name?.trim();
  if (name) return name;
  const email = customer?.email?.trim();
  if (email) return email;
  return `Visitor ${customerId.slice(-4)}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact time since `time` for lists: "now", "5m", "3h", "2d", else a short date. */
export function relativeTime(time: number, now: number): string {
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) return 'now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h`;
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)}d`;
  return new Date(time).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Hour and minute of a message, in the agent's locale. */
export function clockTime(time: number): string {
  return new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Date and time in full, for tooltips and `<time>` titles. */
export function fullDateTime(time: number): string {
  return new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Date only, e.g. "First seen Mar 4, 2025". */
export function fullDate(time: number): string {
  return new Date(time).toLocaleDateString(undefined, { dateStyle: 'medium' });
}
