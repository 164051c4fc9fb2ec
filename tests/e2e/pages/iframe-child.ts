import { addAfterField, editableApi, exposeApi, namedApi, valueApi } from './page-api';

// Inside iframe.html (same origin): a textarea and a contenteditable.
const textarea = document.createElement('textarea');
textarea.id = 'textarea';
textarea.rows = 4;
textarea.cols = 60;
const editable = document.createElement('div');
editable.id = 'editable';
editable.contentEditable = 'true';
editable.style.cssText = 'min-height:4em;border:1px solid #888;padding:4px';
document.body.append(textarea, editable);
addAfterField();
exposeApi(namedApi({ textarea: valueApi(textarea), editable: editableApi(editable) }));
