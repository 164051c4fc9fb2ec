import { computed, type ComputedRef } from 'vue';
import type { Macro } from '../../protocol/macros';
import { getDb } from '../../lib/db';
import { createMacroIndex, type MacroIndex } from '../../lib/macros/search';
import { useLiveQuery } from '../common/useLiveQuery';
import { useMacroPins } from './useMacroPins';

export const NO_MACROS_TEXT =
  'No macros yet. Admins add team macros; you can add your own in the options page.';

/**
 * The signed-in agent's macros (read from the cache), a search index rebuilt when they change,
 * and their pins (Alt+1…9).
 */
export function useMacros() {
  const query = useLiveQuery(() => getDb().macros.toArray());
  const macros: ComputedRef<Macro[]> = computed(() => query.data.value ?? []);
  const index: ComputedRef<MacroIndex<Macro>> = computed(() => createMacroIndex(macros.value));
  const pins = useMacroPins(macros);
  return { macros, index, pins };
}
