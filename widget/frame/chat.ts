import type { FrameOf, VisitorServerFrame } from '../../protocol/frames';
import type { Message } from '../../protocol/models';
import { uuidv7 } from '../../protocol/uuid';
import { PROTOCOL_VERSION } from '../../protocol/version';
import type { FrameEnvironment } from './app';
import { backoffDelay } from './backoff';
import { type ChatEntry, ConversationModel } from './conversation';
import { checkDraft } from './draft';
import { postIdentify, postPage } from './identity';
import { Outbox } from './outbox';
import { joinedText, queueText } from './queue';
import { clearToken, loadToken, saveToken, startSession } from './session';
import { VisitorSocket } from './socket';
import type { ChatView } from './view';
import type { IdentifyUser } from '../shared/messages';

export const RELOAD_TEXT = 'Please reload the page to update the chat.';
const NOT_FOUND_TEXT =
  'This chat is not available: the workspace in the widget’s script tag was not found.';

export interface Chat {
  /** Settles when the first session request has been handled. */
  ready: Promise<void>;
  sendDraft(): void;
  retry(clientId: string): void;
  /** Drop a failed message for good. */
  discard(clientId: string): void;
  /**
   * `Rapport.identify` from the page, sent once the session is ready. When it makes this visitor
   * another customer (a verified returning one), the chat shows that customer's conversation.
   */
  identify(user: IdentifyUser): Promise<IdentifyReport>;
  /** The page the visitor is on, sent once the session is ready. */
  reportPage(page: { url: string; title: string }): void;
  /** `Rapport.reset()`: the user signed out; forget this browser's visitor, start a new one. */
  reset(): Promise<void>;
  stop(): void;
}

/** What identify came to, for the site's console. */
export interface IdentifyReport {
  verified: boolean;
  error: string | null;
}

export function socketUrl(href: string): string {
  const url = new URL('/ws/visitor', href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * The visitor's chat: session over REST, then the socket; keeps the conversation model and the
 * view in step and sends the composer's messages (queued while offline, in order). Unsent messages
 * are also kept in the outbox in storage, so they survive a page change and are sent from the next.
 */
export function startChat(
  env: FrameEnvironment,
  view: ChatView,
  workspaceId: string,
  isOpen: () => boolean,
): Chat {
  const conversation = new ConversationModel();
  const outbox = new Outbox(env.storage, workspaceId);
  let fatal = false;
  let stopped = false;
  const render = () => view.renderMessages(conversation.list());
  let token = loadToken(env.storage, workspaceId);
  let renewedToken = false;
  let sessionAttempt = 0;
  let sessionTimer: ReturnType<typeof setTimeout> | undefined;
  let customerId: string | null = null;
  let sessionStarted: () => void = () => {};
  const hasSession = new Promise<void>((resolve) => (sessionStarted = resolve));
  /** Identify and page reports, one at a time, in order, after the first session. */
  let visitorTasks: Promise<unknown> = Promise.resolve();

  const socket = new VisitorSocket({
    url: socketUrl(env.href),
    connect: env.connect,
    random: env.random,
    hello: () => ({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId,
      visitorToken: token ?? '',
    }),
    onStatus: (status) => view.setHint(status === 'reconnecting' ? 'Reconnecting…' : null),
    onFrame: handleFrame,
    onFatal: handleFatal,
  });

  async function openSession(): Promise<void> {
    const result = await startSession(env.fetch, workspaceId, token);
    if (stopped) return;
    if (result.kind === 'not_found') return view.showUnavailable(NOT_FOUND_TEXT);
    if (result.kind === 'failed') {
      if (!result.retryable) return view.showUnavailable(result.message);
      view.setError(`${result.message} Trying again…`);
      const delay = backoffDelay(sessionAttempt++, env.random);
      sessionTimer = setTimeout(() => void openSession(), delay);
      return;
    }
    sessionAttempt = 0;
    view.setError(null);
    token = result.session.visitorToken;
    customerId = result.session.customer.id;
    saveToken(env.storage, workspaceId, token);
    view.setWorkspaceName(result.session.workspace.name);
    conversation.reset(result.session.messages);
    forgetDelivered(result.session.messages);
    conversation.restore(outbox.load());
    render();
    socket.start();
    sessionStarted();
  }

  function afterSession<T>(
    task: (visitorToken: string) => Promise<T>,
    stoppedResult: T,
  ): Promise<T> {
    const run = visitorTasks
      .then(() => hasSession)
      .then(() => (stopped || !token ? stoppedResult : task(token)));
    visitorTasks = run.catch(() => undefined);
    return run;
  }

  function identify(user: IdentifyUser): Promise<IdentifyReport> {
    const stoppedReport: IdentifyReport = { verified: false, error: 'The chat was stopped.' };
    return afterSession(async (visitorToken) => {
      const outcome = await postIdentify(env.fetch, { workspaceId, visitorToken }, user);
      if (outcome.kind === 'refused') return { verified: false, error: outcome.message };
      const { response } = outcome;
      if (!stopped && response.customer.id !== customerId) {
        // A verified returning customer: their conversation replaces this visitor's, and the
        // socket reconnects as them.
        customerId = response.customer.id;
        conversation.reset(response.messages);
        forgetDelivered(response.messages);
        render();
        socket.stop();
        socket.start();
      }
      return { verified: response.verified, error: null };
    }, stoppedReport);
  }

  function reset(): Promise<void> {
    return afterSession(async () => {
      socket.stop();
      clearToken(env.storage, workspaceId);
      token = undefined;
      outbox.remove(outbox.load().map((entry) => entry.clientId));
      conversation.clear();
      render();
      await openSession();
    }, undefined);
  }

  function reportPage(page: { url: string; title: string }): void {
    void afterSession(
      (visitorToken) => postPage(env.fetch, { workspaceId, visitorToken }, page),
      undefined,
    );
  }

  function handleFrame(frame: VisitorServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        conversation.reset(frame.messages);
        forgetDelivered(frame.messages);
        render();
        for (const entry of conversation.pending()) sendEntry(entry);
        return;
      case 'message.ack':
      case 'message.created':
        conversation.receive(frame.message);
        outbox.remove([frame.message.clientId]);
        render();
        if (!isOpen() && frame.message.authorKind === 'agent') view.setUnread(true);
        return;
      case 'queue.position':
        view.setQueue(frame.position === null ? null : queueText(frame.position));
        return;
      case 'agent.joined':
        view.setQueue(joinedText(frame.agentName));
        return;
      case 'error':
        return handleError(frame);
      case 'pong':
        return;
    }
  }

  function handleError(frame: FrameOf<VisitorServerFrame, 'error'>): void {
    view.setError(frame.message);
    const failed = frame.clientId ? conversation.fail(frame.clientId, frame.message) : undefined;
    if (!failed) return;
    if (view.composer.value.trim() === '') view.composer.value = failed.text;
    render();
  }

  function handleFatal(reason: string): void {
    if (reason === 'unauthorized' && !renewedToken) {
      // The stored token is no longer valid: start a new visitor session once.
      renewedToken = true;
      clearToken(env.storage, workspaceId);
      token = undefined;
      void openSession();
      return;
    }
    fatal = true;
    view.setHint(null);
    view.setError(
      reason === 'protocol_version'
        ? RELOAD_TEXT
        : 'The chat was disconnected. Please reload the page.',
    );
    view.composer.disabled = true;
  }

  function sendDraft(): void {
    if (fatal) return;
    const draft = checkDraft(view.composer.value);
    if (draft.kind === 'empty') return;
    if (draft.kind === 'too_long') return view.setError(draft.message);
    // Sending a failed message's text again (it was put back in the composer) is a retry, so
    // the stored copy and the new one can't both land.
    const failed = conversation.failedWithText(draft.text);
    if (failed) return retry(failed.clientId);
    view.setError(null);
    view.composer.value = '';
    const entry = conversation.addPending(uuidv7(), draft.text, Date.now());
    outbox.add(entry);
    render();
    sendEntry(entry);
  }

  function retry(clientId: string): void {
    const entry = conversation.retry(clientId);
    if (!entry) return;
    if (view.composer.value.trim() === entry.text) view.composer.value = '';
    view.setError(null);
    outbox.add(entry);
    render();
    sendEntry(entry);
  }

  function discard(clientId: string): void {
    if (!conversation.discard(clientId)) return;
    outbox.remove([clientId]);
    view.setError(null);
    render();
  }

  /** The server has these: stored copies are delivered, not to be sent again. */
  function forgetDelivered(messages: readonly Message[]): void {
    outbox.remove(messages.map((message) => message.clientId));
  }

  /** Send now if the socket is welcomed; otherwise the entry stays pending until the next welcome. */
  function sendEntry(entry: ChatEntry): void {
    socket.send({ type: 'message.send', clientId: entry.clientId, text: entry.text });
  }

  return {
    ready: openSession(),
    sendDraft,
    retry,
    discard,
    identify,
    reportPage,
    reset,
    stop() {
      stopped = true;
      clearTimeout(sessionTimer);
      socket.stop();
    },
  };
}
