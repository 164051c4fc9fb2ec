import { isHostToFrameMessage, type HostToFrameMessage } from '../shared/messages';
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
  /** Where the host page's messages arrive (the frame's window); none: identify is not used. */
  messages?: MessageSource;
  /** Open the chat at once (the frame is shown on its own, not embedded). */
  startOpen?: boolean;
  random?: () => number;
}

/** The part of the frame's window that receives postMessage. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
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
  const started = startChat(env, view, params.workspaceId, () => open);
  chat = started;
  const onHostMessage = (event: MessageEvent) => {
    // Only the embedding page, at the origin the loader put in the frame's URL.
    if (!params.hostOrigin || event.origin !== params.hostOrigin) return;
    if (event.source !== (env.parent as unknown) || !isHostToFrameMessage(event.data)) return;
    void handleHostMessage(event.data);
  };
  async function handleHostMessage(message: HostToFrameMessage): Promise<void> {
    if (message.type === 'page')
      return started.reportPage({ url: message.url, title: message.title });
    if (message.type === 'reset') return started.reset();
    const { id, hash } = message.user;
    const report = await started.identify(message.user);
    postToHost(env.parent, params.hostOrigin, {
      rapport: 'widget',
      type: 'identify.result',
      id,
      hashGiven: hash !== undefined,
      ...report,
    });
  }
  env.messages?.addEventListener('message', onHostMessage);
  postToHost(env.parent, params.hostOrigin, { rapport: 'widget', type: 'ready' });
  return {
    ready: started.ready,
    stop() {
      env.messages?.removeEventListener('message', onHostMessage);
      started.stop();
    },
  };
}
