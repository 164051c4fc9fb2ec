import { z } from 'zod';
import { MacroDeletedSchema, MacroPinsSchema, MacroSchema } from './macros';
import { AgentSchema, ConversationSchema, CustomerSchema, MessageSchema } from './models';
import { SYNC_PAGE_DEFAULT, SYNC_PAGE_MAX } from './version';

/** A server sequence number: dense per workspace, in commit order, starting at 1. */
export const SeqSchema = z.number().int().nonnegative();

/**
 * One change: the state of an entity after the commit that gave it `seq`. An entity changed again
 * later appears in a pull only at its latest seq (the log is compacted per entity). A personal
 * macro, its tombstone and an agent's pins reach only their owner (SPEC S14).
 */
export const ChangeSchema = z.discriminatedUnion('entity', [
  z.object({ seq: SeqSchema, entity: z.literal('conversation'), data: ConversationSchema }),
  z.object({ seq: SeqSchema, entity: z.literal('message'), data: MessageSchema }),
  z.object({ seq: SeqSchema, entity: z.literal('customer'), data: CustomerSchema }),
  z.object({ seq: SeqSchema, entity: z.literal('agent'), data: AgentSchema }),
  z.object({ seq: SeqSchema, entity: z.literal('macro'), data: MacroSchema }),
  /** The macro is gone for this audience: drop it from the cache. */
  z.object({ seq: SeqSchema, entity: z.literal('macroDeleted'), data: MacroDeletedSchema }),
  /** The receiving agent's own pins (Alt+1…9). */
  z.object({ seq: SeqSchema, entity: z.literal('macroPins'), data: MacroPinsSchema }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/** GET /api/sync?since=&limit= and the `sync.pull` frame. */
export const SyncPullSchema = z.object({
  since: SeqSchema,
  limit: z.number().int().min(1).max(SYNC_PAGE_MAX).default(SYNC_PAGE_DEFAULT),
});
export const SyncPullQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(SYNC_PAGE_MAX).default(SYNC_PAGE_DEFAULT),
});

/** One page of changes, oldest first. `cursor` is what to send as `since` next. */
export const SyncPageSchema = z.object({
  epoch: z.string(),
  changes: z.array(ChangeSchema),
  cursor: SeqSchema,
  /** The workspace's latest seq when the page was read (for progress). */
  headSeq: SeqSchema,
  hasMore: z.boolean(),
});
export type SyncPage = z.infer<typeof SyncPageSchema>;
