import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { addAfterField, exposeApi, scaffold } from './page-api';

// TipTap 3 (ProseMirror) with StarterKit, which brings the undo/redo history (Ctrl+Z).
const host = scaffold('TipTap (ProseMirror)');
const mount = document.createElement('div');
mount.id = 'field';
mount.style.cssText = 'border:1px solid #888';
host.append(mount);
addAfterField();
const editor = new Editor({
  element: mount,
  extensions: [StarterKit],
  content: '<p></p>',
  editorProps: { attributes: { style: 'min-height:6em;padding:4px', 'data-testid': 'editor' } },
});

exposeApi({
  // Paragraphs joined by a single '\n' (getText's default separator is '\n\n').
  editorText: () => editor.getText({ blockSeparator: '\n' }),
  // ProseMirror positions count node boundaries; the text before the caret counts characters.
  caretOffset: () => {
    const { doc, selection } = editor.state;
    return doc.textBetween(0, selection.head, '\n').length;
  },
  editorUndo: () => void editor.commands.undo(),
  watchText: (listener) =>
    void editor.on('update', () => listener(editor.getText({ blockSeparator: '\n' }))),
});
