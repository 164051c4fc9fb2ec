import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { addAfterField, exposeApi, scaffold } from './page-api';

// Draft.js with React 18: the EditorState lives in useState; Draft handles Ctrl+Z itself
// (its 'undo' key command → EditorState.undo).
let current = EditorState.createEmpty();
let undo: () => void = () => {};

function DraftEditor() {
  const [editorState, setEditorState] = useState(() => EditorState.createEmpty());
  current = editorState;
  undo = () => setEditorState(EditorState.undo(editorState));
  return h(
    'div',
    { id: 'field', style: { border: '1px solid #888', minHeight: '6em', padding: 4 } },
    h(Editor, { editorState, onChange: setEditorState }),
  );
}

const host = scaffold('Draft.js');
createRoot(host).render(h(DraftEditor));
addAfterField();

function caret(): number | null {
  const content = current.getCurrentContent();
  const selection = current.getSelection();
  if (!selection.getHasFocus()) return null;
  let offset = 0;
  for (const block of content.getBlocksAsArray()) {
    if (block.getKey() === selection.getFocusKey()) return offset + selection.getFocusOffset();
    offset += block.getLength() + 1;
  }
  return null;
}

const ready = () => {
  if (!document.querySelector('[contenteditable="true"]')) return void requestAnimationFrame(ready);
  exposeApi({
    editorText: () => current.getCurrentContent().getPlainText('\n'),
    caretOffset: caret,
    editorUndo: () => undo(),
  });
};
ready();
