import { editableApi, exposeApi, namedApi, scaffold, valueApi } from './page-api';

// An open shadow root holding a textarea, a contenteditable and a next field (Playwright's CSS
// locators pierce open shadow roots: '#textarea', '#editable').
const host = scaffold('open shadow root');
const shadowHost = document.createElement('div');
shadowHost.id = 'shadow-host';
host.append(shadowHost);
const shadow = shadowHost.attachShadow({ mode: 'open' });
const textarea = document.createElement('textarea');
textarea.id = 'textarea';
textarea.rows = 4;
textarea.cols = 60;
const editable = document.createElement('div');
editable.id = 'editable';
editable.contentEditable = 'true';
editable.style.cssText = 'min-height:4em;border:1px solid #888;padding:4px';
const after = document.createElement('input');
after.id = 'after';
shadow.append(textarea, editable, after);
exposeApi(namedApi({ textarea: valueApi(textarea), editable: editableApi(editable) }));
