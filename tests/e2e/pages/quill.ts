import Quill from 'quill';
import 'quill/dist/quill.core.css';
import { addAfterField, exposeApi, scaffold } from './page-api';

// Quill 2 with its default modules (keyboard, clipboard, history: Ctrl+Z is Quill's own undo).
const host = scaffold('Quill');
const mount = document.createElement('div');
mount.id = 'field';
mount.style.cssText = 'min-height:6em;border:1px solid #888';
host.append(mount);
addAfterField();
const quill = new Quill(mount, {});

exposeApi({
  // getText() always ends with the final paragraph's '\n'.
  editorText: () => quill.getText().replace(/\n$/, ''),
  caretOffset: () => quill.getSelection()?.index ?? null,
  editorUndo: () => quill.history.undo(),
});
