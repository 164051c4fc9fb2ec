import { computed, type ComputedRef } from 'vue';
import type { Macro } from '../../protocol/macros';
import { getDb } from '../../lib/db';
import { useLiveQuery } from '../common/useLiveQuery';

/** The first key of Alt+1…9 and the last. */
export const PIN_SLOTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** How a slot is written for people: "Alt+3". */
export function pinLabel(slot: number): string {
  return `Alt+${slot}`;
}

/**
 * The signed-in agent's pins (synced from the server, S16), as slots by macro id. The account's
 * database holds that one agent's row only. A pin to a macro that is not cached is left out.
 */
export function useMacroPins(macros: ComputedRef<Macro[]>): {
  slots: ComputedRef<ReadonlyMap<string, number>>;
  macroAt(slot: number): Macro | undefined;
} {
  const query = useLiveQuery(() => getDb().macroPins.toArray());
  const slots = computed(() => {
    const known = new Set(macros.value.map((m) => m.id));
    const map = new Map<string, number>();
    for (const pin of query.data.value?.[0]?.pins ?? []) {
      if (known.has(pin.macroId)) map.set(pin.macroId, pin.slot);
    }
    return map;
  });
  function macroAt(slot: number): Macro | undefined {
    return macros.value.find((macro) => slots.value.get(macro.id) === slot);
  }
  return { slots, macroAt };
}

/** The slot of an Alt+1…9 keydown (Option+digit on a Mac), else null. */
export function pinSlotOf(event: KeyboardEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  // `code` names the key whatever the layout types (Option+1 types "¡" on a Mac).
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key);
  return match ? Number(match[1]) : null;
}
