import type {
  Agent,
  Conversation,
  ConversationListResponse,
  Customer,
  Message,
} from '../../protocol';
import { getDb, type ConnectionState, type RapportDb, type SessionState } from '../db';

export type ConnectionUpdate = Omit<ConnectionState, 'key' | 'updatedAt'>;

/**
 * The only writer of the Dexie cache. Writes run one after another, in call order, so a snapshot
 * and the live frames that follow it land in the order they were received. `wipe()` starts a new
 * epoch: writes begun for an earlier epoch (e.g. a fetch that returns after sign-out) are dropped.
 */
export class CacheWriter {
  private currentEpoch = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly onConversationsChanged: () => Promise<void> | void = () => {}) {}

  /** The epoch to pass to writes whose data was requested now. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Resolves when every write queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  writeConnection(update: ConnectionUpdate): Promise<void> {
    const row: ConnectionState = { key: 'connection', ...update, updatedAt: Date.now() };
    return this.enqueue(async (db) => void (await db.state.put(row)));
  }

  writeSession(session: Omit<SessionState, 'key'>, epoch = this.epoch): Promise<void> {
    return this.enqueueFor(
      epoch,
      async (db) => void (await db.state.put({ key: 'session', ...session })),
    );
  }

  /**
   * The conversation list the server sent after welcome, with its customers and this agent.
   * Queued at once, before the list arrives, so frames received meanwhile are applied after it.
   */
  putSnapshot(
    pending: Promise<ConversationListResponse | null>,
    agent: Agent,
    epoch = this.epoch,
  ): Promise<void> {
    return this.enqueueFor(epoch, async (db) => {
      const list = await pending.catch(() => null);
      await db.transaction('rw', [db.conversations, db.customers, db.agents], async () => {
        await db.agents.put(agent);
        if (!list) return;
        await db.conversations.bulkPut(list.conversations);
        await db.customers.bulkPut(list.customers);
      });
      await this.onConversationsChanged();
    });
  }

  /** Store a conversation; resolves true when it was not in the cache before. */
  async putConversation(conversation: Conversation, epoch = this.epoch): Promise<boolean> {
    const isNew = await this.enqueueFor(epoch, async (db) => {
      const wasNew = await db.transaction('rw', db.conversations, async () => {
        const before = await db.conversations.get(conversation.id);
        await db.conversations.put(conversation);
        return before === undefined;
      });
      await this.onConversationsChanged();
      return wasNew;
    });
    return isNew ?? false;
  }

  putCustomer(customer: Customer, epoch = this.epoch): Promise<void> {
    return this.enqueueFor(epoch, async (db) => void (await db.customers.put(customer)));
  }

  putAgent(agent: Agent, epoch = this.epoch): Promise<void> {
    return this.enqueueFor(epoch, async (db) => void (await db.agents.put(agent)));
  }

  /** Store messages; one with the same clientId but another id (a local copy) is replaced. */
  putMessages(messages: Message[], epoch = this.epoch): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return this.enqueueFor(epoch, (db) =>
      db.transaction('rw', db.messages, async () => {
        for (const message of messages) {
          const copies = await db.messages
            .where('clientId')
            .equals(message.clientId)
            .filter((other) => other.id !== message.id)
            .primaryKeys();
          if (copies.length > 0) await db.messages.bulkDelete(copies);
        }
        await db.messages.bulkPut(messages);
      }),
    );
  }

  /** Sign-out: drop every cached row and the session, and show the agent as signed out. */
  wipe(error: string | null = null): Promise<void> {
    this.currentEpoch += 1;
    const signedOut: ConnectionState = {
      key: 'connection',
      status: 'signed_out',
      error,
      retryAt: null,
      updatedAt: Date.now(),
    };
    return this.enqueue(async (db) => {
      await db.transaction(
        'rw',
        [db.conversations, db.messages, db.customers, db.agents, db.state],
        async () => {
          await Promise.all([
            db.conversations.clear(),
            db.messages.clear(),
            db.customers.clear(),
            db.agents.clear(),
            db.state.clear(),
          ]);
          await db.state.put(signedOut);
        },
      );
      await this.onConversationsChanged();
    });
  }

  private enqueueFor<T>(
    epoch: number,
    write: (db: RapportDb) => Promise<T>,
  ): Promise<T | undefined> {
    return this.enqueue((db) =>
      epoch === this.currentEpoch ? write(db) : Promise.resolve(undefined),
    );
  }

  private enqueue<T>(write: (db: RapportDb) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => write(getDb()));
    this.tail = result.catch((error: unknown) => {
      console.error('Rapport could not write its cache:', error);
    });
    return result;
  }
}
