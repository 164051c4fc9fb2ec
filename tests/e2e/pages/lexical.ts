import {
  $createParagraphNode,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  createEditor,
  UNDO_COMMAND,
  type LexicalNode,
} from 'lexical';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { mergeRegister } from '@lexical/utils';
import { addAfterField, exposeApi, scaffold } from './page-api';

// Lexical through its vanilla API: rich text and history plugins (Ctrl+Z is Lexical's undo).
const host = scaffold('Lexical');
const mount = document.createElement('div');
mount.id = 'field';
mount.contentEditable = 'true';
mount.style.cssText = 'min-height:6em;border:1px solid #888;padding:4px';
host.append(mount);
addAfterField();

const editor = createEditor({
  namespace: 'rapport-test',
  nodes: [HeadingNode, QuoteNode],
  onError: (error) => {
    throw error;
  },
});
editor.setRootElement(mount);
editor.update(() => void $getRoot().append($createParagraphNode()));
mergeRegister(registerRichText(editor), registerHistory(editor, createEmptyHistoryState(), 300));

/** Blocks joined by '\n' (the root's getTextContent() joins them by '\n\n'). */
function text(): string {
  return editor
    .getEditorState()
    .read(() =>
      $getRoot()
        .getChildren()
        .map((block) => block.getTextContent()),
    )
    .join('\n');
}

/** Characters before the selection's focus, counting '\n' between blocks. */
function caret(): number | null {
  return editor.getEditorState().read(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return null;
    const focus = selection.focus;
    let offset = 0;
    const blocks = $getRoot().getChildren();
    for (const [i, block] of blocks.entries()) {
      if (i > 0) offset += 1;
      const found = offsetIn(block, focus.key, focus.offset, focus.type);
      if (found !== null) return offset + found;
      offset += block.getTextContentSize();
    }
    return null;
  });
}

/** The text offset of (key, offset) inside `node`, or null when the point is not in it. */
function offsetIn(node: LexicalNode, key: string, offset: number, type: string): number | null {
  if (node.getKey() === key) {
    if (type === 'text') return offset;
    if (!$isElementNode(node)) return 0;
    return node
      .getChildren()
      .slice(0, offset)
      .reduce((sum, child) => sum + child.getTextContentSize(), 0);
  }
  if (!$isElementNode(node)) return null;
  let before = 0;
  for (const child of node.getChildren()) {
    const found = offsetIn(child, key, offset, type);
    if (found !== null) return before + found;
    before += child.getTextContentSize();
  }
  return null;
}

exposeApi({
  editorText: text,
  caretOffset: caret,
  editorUndo: () => void editor.dispatchCommand(UNDO_COMMAND, undefined),
  watchText: (listener) => void editor.registerUpdateListener(() => listener(text())),
});
