const SCRIPT_FILE = '/widget.js';

/**
 * The `<script>` tag that loaded the widget. `document.currentScript` is set while a classic
 * script (async or not) first runs; the src search is the fallback for environments without it.
 */
export function findWidgetScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  for (const script of Array.from(doc.querySelectorAll<HTMLScriptElement>('script[src]'))) {
    if (scriptPath(script.src).endsWith(SCRIPT_FILE)) return script;
  }
  return null;
}

function scriptPath(src: string): string {
  try {
    return new URL(src).pathname;
  } catch {
    return '';
  }
}

export interface WidgetConfig {
  workspaceId: string;
  /** Origin of the Rapport server: where widget.js, the frame and the API live. */
  serverOrigin: string;
}

/** Read the workspace id and the server origin from the script tag, or say what is wrong. */
export function readWidgetConfig(script: HTMLScriptElement): WidgetConfig | string {
  const workspaceId = script.dataset.workspace?.trim();
  if (!workspaceId) {
    return 'Rapport widget: add data-workspace="YOUR_WORKSPACE_ID" to the widget <script> tag.';
  }
  let url: URL;
  try {
    url = new URL(script.src);
  } catch {
    return 'Rapport widget: the <script> src is not a valid URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Rapport widget: load widget.js over http(s) from your Rapport server.';
  }
  return { workspaceId, serverOrigin: url.origin };
}

/** The frame's URL: the workspace and the host page's origin (the frame posts only to it). */
export function frameUrl(config: WidgetConfig, hostOrigin: string): string {
  const query = `workspace=${encodeURIComponent(config.workspaceId)}&host=${encodeURIComponent(hostOrigin)}`;
  return `${config.serverOrigin}/widget/frame.html?${query}`;
}
