import { expandPicked, restoreFocus, type ExpandDeps } from './expand';
import { focusedField } from './fields';
import { selectionTarget, targetRect } from './typed';

/**
 * The browser command reached this frame: if it is the focused frame and a field the overlay may
 * write into has focus, open the palette at the caret; a picked macro is inserted there.
 */
export async function openPaletteHere(doc: Document, deps: ExpandDeps): Promise<boolean> {
  if (!doc.hasFocus()) return false;
  const field = focusedField(doc);
  const target = field && selectionTarget(field);
  if (!target) return false;
  let ui;
  try {
    ui = await deps.loadUi();
  } catch (error) {
    console.warn('Rapport could not open the macro palette:', error);
    return false;
  }
  ui.openPalette({
    anchor: targetRect(target),
    search: async (query) => {
      const answer = await deps.send('overlay.search', { query, limit: 20 });
      if (!answer) throw new Error('Rapport is not answering. Reload the page and try again.');
      if (!answer.ok) throw new Error(answer.message);
      return answer.items;
    },
    onPick: (macroId) => void expandPicked(macroId, target, deps),
    onClose: () => restoreFocus(target),
  });
  return true;
}
