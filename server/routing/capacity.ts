/** Chat slots an agent gets until an admin says otherwise. */
export const DEFAULT_CAPACITY = 4;
/** More slots than anyone can answer at once: a larger number is taken for a typing mistake. */
export const MAX_CAPACITY = 100;

export type CapacityCheck = { ok: true; capacity: number } | { ok: false; message: string };

/**
 * Check chat slots as an admin typed them (the admin API passes the raw body value).
 * The refusal message says what to enter instead.
 */
export function validateCapacity(value: unknown): CapacityCheck {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return {
      ok: false,
      message: `Chat slots must be a whole number from 1 to ${MAX_CAPACITY}. Enter a number such as ${DEFAULT_CAPACITY}.`,
    };
  if (!Number.isInteger(value))
    return {
      ok: false,
      message: `Chat slots must be a whole number; ${value} is not. Enter ${Math.max(1, Math.floor(value))} or ${Math.max(1, Math.ceil(value))}.`,
    };
  if (value < 1)
    return {
      ok: false,
      message:
        `An agent needs at least 1 chat slot (you entered ${value}). ` +
        'To stop an agent from getting new conversations for a while, set them to away instead.',
    };
  if (value > MAX_CAPACITY)
    return {
      ok: false,
      message: `An agent can have at most ${MAX_CAPACITY} chat slots (you entered ${value}). Enter a smaller number.`,
    };
  return { ok: true, capacity: value };
}
