import type {
  Macro,
  MacroImportRequest,
  MacroImportRowError,
  MacroInput,
  MacroPin,
} from '../protocol/macros';
import type {
  Agent,
  AgentStatus,
  CustomerPatchRequest,
  CustomerProfileResponse,
  Customer,
  ErrorCode,
  Workspace,
} from '../protocol';
import type { SiteStates } from './overlay/site-patterns';

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
  /**
   * Queue a message in the outbox (IndexedDB) and show it at once as pending; the background
   * delivers it when connected, in order, exactly once. Fails only if it cannot even be queued
   * (not signed in, text invalid, storage error) — then the UI keeps the draft.
   */
  'message.send': (req: {
    conversationId: string;
    clientId: string;
    text: string;
  }) => Result<{ clientId: string }>;
  /** A failed message: try again with the same client id, or drop it (its text is returned). */
  'message.retry': (req: { clientId: string }) => Result<object>;
  'message.discard': (req: { clientId: string }) => Result<{ text: string }>;
  /** The agent opened a conversation: fetch its latest messages into the cache and mark it read. */
  'conversation.open': (req: { conversationId: string }) => Result<object>;
  /** Fetch the next page of older messages into the cache (scrolling up). */
  'conversation.loadOlder': (req: { conversationId: string }) => Result<{ hasMore: boolean }>;
  /** Queued through the outbox like messages. */
  'conversation.read': (req: { conversationId: string }) => Result<object>;
  'conversation.assign': (req: {
    conversationId: string;
    assigneeId: string | null;
  }) => Result<object>;
  /** Routing writes through the outbox (R4–R6); a refusal shows as a failed write with its reason. */
  'conversation.transfer': (req: { conversationId: string; toAgentId: string }) => Result<object>;
  'conversation.close': (req: { conversationId: string }) => Result<object>;
  'conversation.reopen': (req: { conversationId: string }) => Result<object>;
  /**
   * Fetch the agent's macros (team + own personal) from the server into the cache's `macros`,
   * replacing them. Only on request: sync keeps them current otherwise (S14).
   */
  'macros.refresh': () => Result<{ count: number }>;
  /**
   * A macro was inserted (side panel or page): count it through the outbox, exactly once on the
   * server, and at once in the cached count (S15). Fails only if it cannot even be queued.
   */
  'macro.used': (req: { macroId: string }) => Result<object>;
  /** Create (no id) or replace (id) a macro on the server, and cache the saved macro. */
  'macros.save': (req: { id?: string; input: MacroInput }) => Result<{ macro: Macro }>;
  /** Pin a macro to Alt+`slot` (1–9) for this agent on every browser, or unpin it (null). */
  'macros.pin': (req: { macroId: string; slot: number | null }) => Result<{ pins: MacroPin[] }>;
  'macros.delete': (req: { id: string }) => Result<object>;
  /** All or nothing: on refusal, `rowErrors` says what is wrong in which row. */
  'macros.import': (
    req: MacroImportRequest,
  ) => Result<{ imported: number }> | (Failure & { rowErrors?: MacroImportRowError[] });
  /** The agent's visible macros as a file's text (JSON or CSV). */
  'macros.export': (req: { format: 'json' | 'csv' }) => Result<{ text: string }>;
  /**
   * Fetch a customer's profile (conversations with their agents, pages visited) into the cache's
   * `customerProfiles`; the side panel reads it from there. A failure keeps the cached one.
   */
  'customer.profile': (req: { customerId: string }) => Result<{ profile: CustomerProfileResponse }>;
  /** Change a customer's name, phone, notes or tags on the server, and cache the saved fields. */
  'customer.update': (req: {
    customerId: string;
    patch: CustomerPatchRequest;
  }) => Result<{ customer: Customer }>;
  /**
   * Make sure one of the customer's past conversations is cached (from the cached profile when
   * sync has not brought it), so the side panel can select it; its messages load on open.
   */
  'customer.openConversation': (req: {
    customerId: string;
    conversationId: string;
  }) => Result<object>;
  'agent.setStatus': (req: { status: AgentStatus }) => Result<object>;
  /**
   * The agent did something in the side panel or popup (typed, selected a conversation, opened
   * the popup): the background sends `agent.activity` to the server, throttled (R2).
   */
  'agent.activity': () => Result<object>;
  /** Where macros on web pages are switched off or on, and the admin's off-by-default sites. */
  'overlay.sites': () => Result<SiteStates>;
  /** Switch macros on web pages on or off for one site (an http(s) origin); open tabs are told. */
  'overlay.setSite': (req: { origin: string; enabled: boolean }) => Result<SiteStates>;
  /** Where recognition on web pages is switched off or on, and the admin's off-by-default sites. */
  'recognition.sites': () => Result<SiteStates>;
  /** Switch recognition on or off for one site (an http(s) origin); open tabs are told. */
  'recognition.setSite': (req: { origin: string; enabled: boolean }) => Result<SiteStates>;
  /**
   * The side panel tells whether it is in view, so notifications fire only when it is not. Being
   * in view is not activity (R2): an agent may leave the panel open and walk away.
   */
  'sidepanel.visibility': (req: { visible: boolean }) => Result<object>;
}

export type BackgroundRequest = keyof BackgroundProtocol;
/** The per-site off switches on web pages: each answers `${name}.sites` and `${name}.setSite`. */
export type SiteListName = 'overlay' | 'recognition';
export type RequestData<K extends BackgroundRequest> = Parameters<BackgroundProtocol[K]>[0];
export type ResponseData<K extends BackgroundRequest> = ReturnType<BackgroundProtocol[K]>;
