import { startChat, type Chat } from './chat';
import { readFrameParams } from './params';
import { postToHost, type PostTarget } from './post';
import type { FetchLike } from './session';
import type { WebSocketFactory } from './socket';
import type { KeyValueStore } from './storage';
import { createChatView } from './view';

/** Everything the frame takes from the browser, so tests can pass fakes. */
export interface FrameEnvironment {
  root: HTMLElement;
  /** The frame's own URL: `…/widget/frame.html?workspace=…&host=…`. */
  href: string;
  storage: KeyValueStore;
  fetch: FetchLike;
  connect: WebSocketFactory;
  /** The embedding window (the host page). */
  parent: PostTarget;
  /** Open the chat at once (the frame is shown on its own, not embedded). */
  startOpen?: boolean;
  random?: () => number;
}

export interface FrameApp {
  /** Settles when the first session request has been handled. */
  ready: Promise<void>;
  stop(): void;
}

const NO_WORKSPACE_TEXT =
  'This chat is not set up: the widget’s script tag needs a data-workspace attribute.';

/** Render the launcher and window, tell the host page the layout, and start the chat. */
export function startFrameApp(env: FrameEnvironment): FrameApp {
  const params = readFrameParams(env.href);
  let chat: Chat | null = null;
  let open = false;
  const view = createChatView(env.root, {
    onOpenChange: setOpen,
    onSend: () => chat?.sendDraft(),
    onRetry: (clientId) => chat?.retry(clientId),
    onDiscard: (clientId) => chat?.discard(clientId),
  });

  function setOpen(next: boolean): void {
    open = next;
    postToHost(env.parent, params.hostOrigin, { rapport: 'widget', type: 'layout', open });
    view.setOpen(open);
    if (open) view.setUnread(false);
  }
  if (env.startOpen) setOpen(true);

  if (!params.workspaceId) {
    view.showUnavailable(NO_WORKSPACE_TEXT);
    return { ready: Promise.resolve(), stop: () => {} };
  }
  chat = startChat(env, view, params.workspaceId, () => open);
  return { ready: chat.ready, stop: () => chat?.stop() };
}
