/** All of the overlay's CSS. It lives in the closed shadow root: the page's CSS cannot reach in. */
export const OVERLAY_CSS = `
/* The host resets everything it could inherit from the page; the panel sets its own look. */
:host {
  all: initial;
  display: block;
  position: fixed;
  z-index: 2147483647;
}
.panel {
  color-scheme: light dark;
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1f2328;
  --bg: #ffffff;
  --muted: #59636e;
  --line: #d1d9e0;
  --active: #ddf4ff;
  --accent: #0969da;
  --error: #d1242f;
}
@media (prefers-color-scheme: dark) {
  .panel {
    color: #f0f6fc;
    --bg: #151b23;
    --muted: #9198a1;
    --line: #3d444d;
    --active: #1f3a5f;
    --accent: #4493f8;
    --error: #f85149;
  }
}
* { box-sizing: border-box; }
.panel {
  display: flex;
  flex-direction: column;
  overflow: hidden;
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 8px;
  box-shadow: 0 8px 24px rgba(0, 0, 0, 0.2);
}
input {
  font: inherit;
  color: inherit;
  background: transparent;
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 6px 8px;
  width: 100%;
  outline: none;
}
input:focus { border-color: var(--accent); box-shadow: 0 0 0 2px color-mix(in srgb, var(--accent) 30%, transparent); }
.search { padding: 8px; border-bottom: 1px solid var(--line); }
ul { list-style: none; margin: 0; padding: 4px; overflow-y: auto; flex: 1 1 auto; }
ul:empty { display: none; }
li { padding: 6px 8px; border-radius: 6px; cursor: pointer; }
li[aria-selected='true'] { background: var(--active); }
.shortcut { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--accent); margin-right: 8px; }
.title { font-weight: 600; }
.preview { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { padding: 10px 12px; color: var(--muted); }
.status:empty { display: none; }
.status.error { color: var(--error); }
.hint { padding: 4px 12px; font-size: 11px; color: var(--muted); border-top: 1px solid var(--line); }
form { padding: 12px; overflow-y: auto; }
h2 { font-size: 13px; margin: 0 0 8px; }
label { display: block; margin: 8px 0 4px; font-size: 12px; color: var(--muted); }
.buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 12px; }
button {
  font: inherit;
  padding: 4px 12px;
  border-radius: 6px;
  border: 1px solid var(--line);
  background: transparent;
  color: inherit;
  cursor: pointer;
}
button[type='submit'] { background: var(--accent); border-color: var(--accent); color: #fff; }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.card { padding: 12px; }
.card .name { font-size: 14px; margin: 0 0 4px; }
.card .muted { margin: 0; color: var(--muted); font-size: 12px; }
.card .buttons { margin-top: 10px; }
.card .status { padding: 8px 0 0; font-size: 12px; }
`;
