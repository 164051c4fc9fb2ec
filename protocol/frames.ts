import { z } from 'zod';
import {
  AgentSchema,
  AGENT_STATUSES,
  ConversationSchema,
  CustomerSchema,
  IdSchema,
  MessageSchema,
  MessageTextSchema,
  WorkspaceSchema,
} from './models';
import { ERROR_CODES } from './errors';
import { ChangeSchema, SeqSchema, SyncPageSchema } from './sync';
import { SYNC_PAGE_DEFAULT, SYNC_PAGE_MAX } from './version';

// Every frame is one JSON object keyed on `type`. The first frame a client sends is `hello`;
// the server answers `welcome`, or closes with FATAL_CLOSE_CODE and a FATAL_REASONS reason.
// A single rejected request comes back as an `error` frame; the socket stays open.

const Ping = z.object({ type: z.literal('ping') });
const Pong = z.object({ type: z.literal('pong') });

// ---- Agent socket: /ws/agent ----

export const AgentHelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  token: z.string().min(1),
});

export const AgentClientFrameSchema = z.discriminatedUnion('type', [
  AgentHelloSchema,
  Ping,
  z.object({
    type: z.literal('message.send'),
    conversationId: IdSchema,
    clientId: IdSchema,
    text: MessageTextSchema,
  }),
  /** Idempotent writes; acknowledged with `ack` after commit. */
  z.object({ type: z.literal('conversation.read'), conversationId: IdSchema, clientId: IdSchema }),
  z.object({
    type: z.literal('conversation.assign'),
    conversationId: IdSchema,
    assigneeId: IdSchema.nullable(),
    clientId: IdSchema,
  }),
  /**
   * Routing writes (R6): acknowledged with `ack` after commit; a refusal (target offline, away or
   * full, the same agent, a conversation not open) comes back as an `error` frame with code
   * `routing_refused`, its `reason` and a sentence for the agent.
   */
  z.object({
    type: z.literal('conversation.transfer'),
    conversationId: IdSchema,
    toAgentId: IdSchema,
    clientId: IdSchema,
  }),
  z.object({ type: z.literal('conversation.close'), conversationId: IdSchema, clientId: IdSchema }),
  z.object({
    type: z.literal('conversation.reopen'),
    conversationId: IdSchema,
    clientId: IdSchema,
  }),
  /** The agent did something (side panel or popup visible, typing): not idle (R2). No answer. */
  z.object({ type: z.literal('agent.activity') }),
  /** Count one insertion of a macro, once per client id; acknowledged with `ack` (S15). */
  z.object({ type: z.literal('macro.use'), clientId: IdSchema, macroId: IdSchema }),
  z.object({ type: z.literal('agent.status'), status: z.enum(AGENT_STATUSES) }),
  /** Ask for the changes after `since`; answered with `sync.page` (or `error` cursor_invalid). */
  z.object({
    type: z.literal('sync.pull'),
    since: SeqSchema,
    limit: z.number().int().min(1).max(SYNC_PAGE_MAX).default(SYNC_PAGE_DEFAULT),
  }),
]);
export type AgentClientFrame = z.infer<typeof AgentClientFrameSchema>;

const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Set when the error answers a write: the write's client id. */
  clientId: IdSchema.optional(),
  /** With `routing_refused`: why, as a routing refusal code (e.g. `target_full`). */
  reason: z.string().optional(),
});

const MessageAck = z.object({
  type: z.literal('message.ack'),
  clientId: IdSchema,
  message: MessageSchema,
});

const MessageCreated = z.object({ type: z.literal('message.created'), message: MessageSchema });

export const AgentServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocolVersion: z.number().int(),
    agent: AgentSchema,
    workspace: WorkspaceSchema,
    /** Changes when the workspace's history is not the one a cursor refers to: resync from 0. */
    syncEpoch: z.string(),
    /** The workspace's latest seq now. */
    headSeq: SeqSchema,
  }),
  Pong,
  ErrorFrame,
  MessageAck,
  /** A conversation.read / conversation.assign committed. */
  z.object({ type: z.literal('ack'), clientId: IdSchema }),
  z.object({ type: z.literal('sync.page'), ...SyncPageSchema.shape }),
  /**
   * Live: one commit, which took the seqs `from`…`to`, sent to every agent of the workspace with
   * the changes that agent may see (S14): possibly none, but the range still moves the cursor.
   */
  z.object({
    type: z.literal('sync.changes'),
    from: SeqSchema,
    to: SeqSchema,
    changes: z.array(ChangeSchema),
  }),
]);
export type AgentServerFrame = z.infer<typeof AgentServerFrameSchema>;

// ---- Visitor socket: /ws/visitor ----

export const VisitorClientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocolVersion: z.number().int(),
    workspaceId: IdSchema,
    visitorToken: z.string().min(1),
  }),
  Ping,
  z.object({ type: z.literal('message.send'), clientId: IdSchema, text: MessageTextSchema }),
]);
export type VisitorClientFrame = z.infer<typeof VisitorClientFrameSchema>;

export const VisitorServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocolVersion: z.number().int(),
    customer: CustomerSchema,
    conversation: ConversationSchema.nullable(),
    messages: z.array(MessageSchema),
  }),
  Pong,
  ErrorFrame,
  MessageAck,
  MessageCreated,
  /**
   * The visitor's conversation waits for a free chat slot: its 1-based place in line, sent after
   * welcome and whenever it moves; null when it is no longer queued (R7).
   */
  z.object({
    type: z.literal('queue.position'),
    conversationId: IdSchema,
    position: z.number().int().positive().nullable(),
  }),
  /** An agent took the visitor's conversation (routing or a transfer): "Ana joined". */
  z.object({ type: z.literal('agent.joined'), conversationId: IdSchema, agentName: z.string() }),
]);
export type VisitorServerFrame = z.infer<typeof VisitorServerFrameSchema>;

/** Helper for servers and clients: the type of one union member by its `type`. */
export type FrameOf<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;
