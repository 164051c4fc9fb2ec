import { z } from 'zod';
import {
  AgentSchema,
  AGENT_STATUSES,
  ConversationSchema,
  CustomerSchema,
  IdSchema,
  MessageSchema,
  MessageTextSchema,
  TimestampSchema,
  WorkspaceSchema,
} from './models';

// ---- Agents: /api/auth, /api/me, /api/conversations ----

/** POST /api/auth/login */
export const LoginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  /** Opaque bearer token; send as `Authorization: Bearer <token>` and in the WebSocket hello. */
  token: z.string(),
  expiresAt: TimestampSchema,
  agent: AgentSchema,
  workspace: WorkspaceSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** POST /api/auth/logout → 204. GET /api/me → MeResponse. */
export const MeResponseSchema = z.object({ agent: AgentSchema, workspace: WorkspaceSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** PUT /api/me/status */
export const SetStatusRequestSchema = z.object({ status: z.enum(AGENT_STATUSES) });

/** GET /api/conversations: every open conversation and the latest closed ones, with their customers. */
export const ConversationListResponseSchema = z.object({
  conversations: z.array(ConversationSchema),
  customers: z.array(CustomerSchema),
});
export type ConversationListResponse = z.infer<typeof ConversationListResponseSchema>;

/** GET /api/conversations/:id/messages?before=<createdAt>&limit=<n>: oldest first. */
export const MessagePageQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const MessagePageResponseSchema = z.object({
  messages: z.array(MessageSchema),
  hasMore: z.boolean(),
});
export type MessagePageResponse = z.infer<typeof MessagePageResponseSchema>;

/** POST /api/conversations/:id/messages (agents) and POST /api/visitor/messages (visitors). */
export const SendMessageRequestSchema = z.object({
  clientId: IdSchema,
  text: MessageTextSchema,
});
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
export const SendMessageResponseSchema = z.object({ message: MessageSchema });

// ---- Visitors (the widget): /api/visitor ----

/** POST /api/visitor/session: start or resume an anonymous visitor. */
export const VisitorSessionRequestSchema = z.object({
  workspaceId: IdSchema,
  /** The token a previous session returned; omitted on the first visit. */
  visitorToken: z.string().max(200).optional(),
});
export const VisitorSessionResponseSchema = z.object({
  visitorToken: z.string(),
  customer: CustomerSchema,
  workspace: WorkspaceSchema,
  /** The visitor's latest conversation, if any, and its messages (oldest first). */
  conversation: ConversationSchema.nullable(),
  messages: z.array(MessageSchema),
});
export type VisitorSessionResponse = z.infer<typeof VisitorSessionResponseSchema>;
