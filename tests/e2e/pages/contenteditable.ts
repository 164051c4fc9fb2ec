import { addAfterField, editableApi, exposeApi, scaffold } from './page-api';

// A bare contenteditable <div> (no editor library: the browser's own editing and undo).
const host = scaffold('contenteditable');
const field = document.createElement('div');
field.id = 'field';
field.contentEditable = 'true';
field.style.cssText = 'min-height:6em;border:1px solid #888;padding:4px';
host.append(field);
addAfterField();
exposeApi(editableApi(field));
