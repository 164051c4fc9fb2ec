import { computed, type ComputedRef } from 'vue';
import type { Macro } from '../../protocol/macros';
import { getDb } from '../../lib/db';
import { createMacroIndex, type MacroIndex } from '../../lib/macros/search';
import { useLiveQuery } from '../common/useLiveQuery';

export const NO_MACROS_TEXT =
  'No macros yet. Admins add team macros; you can add your own in the options page.';

/** The signed-in agent's macros (read from the cache) and a search index, rebuilt when they change. */
export function useMacros(): {
  macros: ComputedRef<Macro[]>;
  index: ComputedRef<MacroIndex<Macro>>;
} {
  const query = useLiveQuery(() => getDb().macros.toArray());
  const macros = computed(() => query.data.value ?? []);
  const index = computed(() => createMacroIndex(macros.value));
  return { macros, index };
}
