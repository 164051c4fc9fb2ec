import type { Agent, AgentStatus, ErrorCode, Message, Workspace } from '../protocol';

/** A failure an extension page can show as it is. */
export interface Failure {
  ok: false;
  code: ErrorCode | 'network' | 'not_signed_in';
  /** A sentence for the agent: what went wrong and what to do. */
  message: string;
  retryAfterSeconds?: number;
}

export type Result<T> = ({ ok: true } & T) | Failure;

/**
 * Every request an extension page (side panel, popup, options) can make of the background,
 * with its answer. `lib/messaging.ts` types `sendMessage` and `onMessage` from this map.
 */
export interface BackgroundProtocol {
  'auth.signIn': (req: {
    serverUrl: string;
    email: string;
    password: string;
  }) => Result<{ agent: Agent; workspace: Workspace }>;
  'auth.signOut': () => Result<object>;
  'message.send': (req: {
    conversationId: string;
    clientId: string;
    text: string;
  }) => Result<{ message: Message }>;
  /** The agent opened a conversation: fetch its latest messages into the cache and mark it read. */
  'conversation.open': (req: { conversationId: string }) => Result<object>;
  'conversation.read': (req: { conversationId: string }) => Result<object>;
  'agent.setStatus': (req: { status: AgentStatus }) => Result<object>;
  /** The side panel tells whether it is in view, so notifications fire only when it is not. */
  'sidepanel.visibility': (req: { visible: boolean }) => Result<object>;
}

export type BackgroundRequest = keyof BackgroundProtocol;
export type RequestData<K extends BackgroundRequest> = Parameters<BackgroundProtocol[K]>[0];
export type ResponseData<K extends BackgroundRequest> = ReturnType<BackgroundProtocol[K]>;
