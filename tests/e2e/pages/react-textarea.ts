import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { addAfterField, exposeApi, scaffold } from './page-api';

// A React 18 controlled <textarea>: the value lives in useState and the page shows the state in
// an <output>, so the tests read React's state, not the DOM.
let state = '';

function ControlledTextarea() {
  const [value, setValue] = useState('');
  state = value;
  return h(
    'div',
    null,
    h('textarea', {
      id: 'field',
      rows: 6,
      cols: 60,
      value,
      onChange: (event: { target: HTMLTextAreaElement }) => setValue(event.target.value),
    }),
    h('p', null, 'React state: ', h('output', { id: 'state' }, value)),
  );
}

const host = scaffold('React-controlled textarea');
const field = () => document.getElementById('field') as HTMLTextAreaElement;
createRoot(host).render(h(ControlledTextarea));
addAfterField();
const ready = () => {
  if (!document.getElementById('field')) return void requestAnimationFrame(ready);
  exposeApi({
    // What React rendered last (the <output> shows the same): React's state, not the DOM value.
    editorText: () => state,
    caretOffset: () => field().selectionStart,
    editorUndo: () => {
      field().focus();
      document.execCommand('undo');
    },
  });
};
ready();
