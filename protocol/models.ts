import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from './version';

export const IdSchema = z.string().min(1).max(64);
/** Milliseconds since the Unix epoch. */
export const TimestampSchema = z.number().int().nonnegative();

export const WorkspaceSchema = z.object({
  id: IdSchema,
  name: z.string(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const AGENT_ROLES = ['admin', 'agent'] as const;
/** What an agent can choose (the popup's switch and `agent.status`). */
export const AGENT_STATUSES = ['online', 'away'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
/**
 * What an agent is: a chosen status, or `offline` (set by the server when every connection of the
 * agent has been gone for a grace period) — or `away` set by the server after an idle time.
 */
export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export const AgentSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  email: z.string(),
  name: z.string(),
  role: z.enum(AGENT_ROLES),
  status: z.enum(AGENT_AVAILABILITIES),
  /** Chat slots: how many conversations routing gives this agent at once (servers before 5: absent). */
  capacity: z.number().int().positive().optional(),
});
export type Agent = z.infer<typeof AgentSchema>;

export const IDENTITY_KINDS = ['external_id', 'email', 'name', 'phone'] as const;

/**
 * Who the customer said they are through `Rapport.identify`. `verified` is true only when the
 * call carried a valid hash of the external id (then its email and name came from the site's
 * signed-in page too); unverified claims are shown marked as such and never match or merge.
 */
export const CustomerIdentitySchema = z.object({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string(),
  verified: z.boolean(),
  /** When it was last claimed. */
  at: TimestampSchema,
});
export type CustomerIdentity = z.infer<typeof CustomerIdentitySchema>;

/** A page of the business's site the widget reported. */
export const PageViewSchema = z.object({
  url: z.string(),
  title: z.string(),
  at: TimestampSchema,
});
export type PageView = z.infer<typeof PageViewSchema>;

export const CustomerSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  /** Null for an anonymous visitor who has not said who they are. */
  name: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: TimestampSchema,
  // Profile fields (optional: servers before them do not send them).
  /** The site's user id, set only by a verified identify; unique in the workspace. */
  externalId: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  notes: z.string().optional(),
  tags: z.array(z.string()).optional(),
  identities: z.array(CustomerIdentitySchema).optional(),
  firstSeenAt: TimestampSchema.optional(),
  lastSeenAt: TimestampSchema.optional(),
  /** The page the widget reported last. */
  lastPage: PageViewSchema.nullable().optional(),
  /** Set when this visitor turned out to be a known customer: everything moved to that one. */
  mergedIntoId: IdSchema.nullable().optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const CONVERSATION_STATUSES = ['open', 'closed'] as const;

export const ConversationSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  customerId: IdSchema,
  status: z.enum(CONVERSATION_STATUSES),
  assigneeId: IdSchema.nullable(),
  createdAt: TimestampSchema,
  /** Time of the latest message (or creation): lists sort on it, newest first. */
  lastActivityAt: TimestampSchema,
  /** First characters of the latest message, for lists. */
  lastMessagePreview: z.string(),
  /** Customer messages that no agent has read yet. */
  unreadCount: z.number().int().nonnegative(),
  /**
   * True while an open conversation waits in the routing queue for a free chat slot (then
   * `assigneeId` is null). Absent from servers before routing: read as false.
   */
  queued: z.boolean().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const AUTHOR_KINDS = ['customer', 'agent', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

export const MessageSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  conversationId: IdSchema,
  authorKind: z.enum(AUTHOR_KINDS),
  /** Agent or customer id; null for system messages. */
  authorId: IdSchema.nullable(),
  /** Display name at the time of writing (agents); null for customers and system. */
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: TimestampSchema,
  /** The id the sending client generated (UUIDv7); the server deduplicates on it. */
  clientId: IdSchema,
});
export type Message = z.infer<typeof MessageSchema>;

/** Message text as a client sends it: trimmed, not empty, at most MAX_MESSAGE_LENGTH characters. */
export const MessageTextSchema = z
  .string()
  .trim()
  .min(1, 'Write a message before sending.')
  .max(MAX_MESSAGE_LENGTH, `Messages can be at most ${MAX_MESSAGE_LENGTH} characters long.`);
