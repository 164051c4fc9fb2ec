import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { uuidv7 } from '../protocol';

export interface SeedShape {
  workspaceId: string;
  conversations: number;
  /** Messages in each conversation (all but those listed in `sizes`). */
  messagesEach: number;
  /** Conversations with another number of messages, by their index. */
  sizes?: Record<number, number>;
}

/**
 * Fill a workspace straight through SQLite (one transaction, with the sync seqs the server would
 * have given), so a benchmark can start from a large workspace in seconds.
 */
export function seedWorkspace(dataDir: string, shape: SeedShape): { messages: number } {
  const db = new Database(join(dataDir, 'rapport.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insertCustomer = db.prepare(
    `insert into customers (id, workspace_id, name, email, visitor_token_hash, created_at, seq)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertConversation = db.prepare(
    `insert into conversations (id, workspace_id, customer_id, status, assignee_id, created_at,
       last_activity_at, last_message_preview, unread_count, seq)
     values (?, ?, ?, 'open', null, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = db.prepare(
    `insert into messages (id, workspace_id, conversation_id, author_kind, author_id, author_name,
       text, created_at, client_id, seq)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const row = db.prepare('select last_seq from workspaces where id = ?').get(shape.workspaceId) as {
    last_seq: number;
  };
  let seq = Number(row.last_seq);
  let total = 0;
  const start = Date.now() - 30 * 86_400_000;
  db.transaction(() => {
    // Messages go in before their conversation (its seq comes after theirs).
    db.pragma('defer_foreign_keys = ON');
    for (let c = 0; c < shape.conversations; c++) {
      const customerId = uuidv7();
      const conversationId = uuidv7();
      const createdAt = start + c * 1000;
      insertCustomer.run(
        customerId,
        shape.workspaceId,
        `Customer ${c}`,
        `customer${c}@example.test`,
        randomBytes(16).toString('hex'),
        createdAt,
        ++seq,
      );
      const count = shape.sizes?.[c] ?? shape.messagesEach;
      let at = createdAt;
      let preview = '';
      for (let m = 0; m < count; m++) {
        at += 1000;
        const fromCustomer = m % 2 === 0;
        preview = `Message ${m} in conversation ${c}: where is my order, and when does it ship?`;
        insertMessage.run(
          uuidv7(at),
          shape.workspaceId,
          conversationId,
          fromCustomer ? 'customer' : 'agent',
          fromCustomer ? customerId : null,
          fromCustomer ? null : 'Demo Admin',
          preview,
          at,
          uuidv7(at),
          ++seq,
        );
      }
      total += count;
      insertConversation.run(
        conversationId,
        shape.workspaceId,
        customerId,
        createdAt,
        at,
        preview.slice(0, 140),
        count % 2,
        ++seq,
      );
    }
    db.prepare('update workspaces set last_seq = ? where id = ?').run(seq, shape.workspaceId);
  })();
  db.close();
  return { messages: total };
}
