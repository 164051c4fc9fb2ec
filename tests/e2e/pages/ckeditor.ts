import { ClassicEditor } from '@ckeditor/ckeditor5-editor-classic';
import { Essentials } from '@ckeditor/ckeditor5-essentials';
import type { ModelElement } from '@ckeditor/ckeditor5-engine';
import { Paragraph } from '@ckeditor/ckeditor5-paragraph';
import '@ckeditor/ckeditor5-ui/dist/index.css';
import '@ckeditor/ckeditor5-editor-classic/dist/index.css';
import '@ckeditor/ckeditor5-engine/dist/index.css';
import { addAfterField, exposeApi, scaffold } from './page-api';

// CKEditor 5 (v44+ needs a license key; 'GPL' is the open-source one): ClassicEditor with
// Essentials (typing, enter, clipboard, undo: Ctrl+Z) and Paragraph.

const host = scaffold('CKEditor 5');
const mount = document.createElement('div');
mount.id = 'field';
host.append(mount);
addAfterField();

const editor = await ClassicEditor.create(mount, {
  licenseKey: 'GPL',
  plugins: [Essentials, Paragraph],
  toolbar: [],
});

/** The plain text of one model block: its text nodes, a soft break as '\n'. */
function blockText(block: ModelElement): string {
  let text = '';
  for (const item of editor.model.createRangeIn(block).getItems()) {
    if (item.is('$textProxy')) text += item.data;
    else if (item.is('element', 'softBreak')) text += '\n';
  }
  return text;
}

function blocks(): ModelElement[] {
  const root = editor.model.document.getRoot()!;
  return Array.from(root.getChildren()) as ModelElement[];
}

exposeApi({
  // The model root's text, blocks joined by '\n' (getData() would be HTML).
  editorText: () => blocks().map(blockText).join('\n'),
  caretOffset: () => {
    const focus = editor.model.document.selection.focus;
    if (!focus) return null;
    let offset = 0;
    for (const [i, block] of blocks().entries()) {
      if (i > 0) offset += 1;
      if (focus.parent === block) return offset + focus.offset;
      offset += blockText(block).length;
    }
    return null;
  },
  editorUndo: () => editor.execute('undo'),
});
