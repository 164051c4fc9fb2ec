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
  z.object({ type: z.literal('conversation.read'), conversationId: IdSchema }),
  z.object({ type: z.literal('agent.status'), status: z.enum(AGENT_STATUSES) }),
]);
export type AgentClientFrame = z.infer<typeof AgentClientFrameSchema>;

const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Set when the error answers a write: the write's client id. */
  clientId: IdSchema.optional(),
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
  }),
  Pong,
  ErrorFrame,
  MessageAck,
  MessageCreated,
  z.object({ type: z.literal('conversation.updated'), conversation: ConversationSchema }),
  z.object({ type: z.literal('customer.updated'), customer: CustomerSchema }),
  z.object({ type: z.literal('agent.updated'), agent: AgentSchema }),
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
]);
export type VisitorServerFrame = z.infer<typeof VisitorServerFrameSchema>;

/** Helper for servers and clients: the type of one union member by its `type`. */
export type FrameOf<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;
