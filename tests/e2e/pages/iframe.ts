import { scaffold } from './page-api';

// A same-origin <iframe> holding a textarea and a contenteditable (iframe-child). The tests
// read the child's API through its frame; this page only marks itself ready once the child is.
const host = scaffold('same-origin iframe');
const frame = document.createElement('iframe');
frame.id = 'frame';
frame.src = 'iframe-child.html';
frame.style.cssText = 'width:700px;height:400px;border:1px solid #888';
frame.addEventListener('load', () => (document.documentElement.dataset.ready = 'true'));
host.append(frame);
