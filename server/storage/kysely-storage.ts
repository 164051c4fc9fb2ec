import type { Kysely } from 'kysely';
import { uuidv7, type AgentStatus, type Conversation } from '../../protocol';
import { appendAgentMessage, appendCustomerMessage, listMessages } from './kysely-messages';
import { toAgent, toConversation, toCustomer, toWorkspace } from './mappers';
import type { Database } from './schema';
import type { RapportStorage } from './storage';

/**
 * RapportStorage over any Kysely dialect. Dialect-specific setup (opening the connection,
 * pragmas, migrations) lives in the factory that builds the Kysely instance (sqlite.ts).
 */
export function createKyselyStorage(db: Kysely<Database>): RapportStorage {
  return {
    async createWorkspace({ id, name, now }) {
      const row = { id: id ?? uuidv7(now), name, created_at: now };
      await db.insertInto('workspaces').values(row).execute();
      return toWorkspace(row);
    },
    async getWorkspace(id) {
      const row = await db
        .selectFrom('workspaces')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toWorkspace(row) : null;
    },

    async createAgent(input) {
      const row = {
        id: uuidv7(input.now),
        workspace_id: input.workspaceId,
        email: input.email,
        name: input.name,
        role: input.role,
        status: 'away' as const,
        password_hash: input.passwordHash,
        created_at: input.now,
      };
      await db.insertInto('agents').values(row).execute();
      return toAgent(row);
    },
    async findAgentByEmail(email) {
      const row = await db
        .selectFrom('agents')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      return row ? { agent: toAgent(row), passwordHash: row.password_hash } : null;
    },
    async getAgent(workspaceId, agentId) {
      const row = await db
        .selectFrom('agents')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', agentId)
        .executeTakeFirst();
      return row ? toAgent(row) : null;
    },
    async setAgentStatus(workspaceId, agentId, status: AgentStatus) {
      const row = await db
        .updateTable('agents')
        .set({ status })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', agentId)
        .returningAll()
        .executeTakeFirst();
      return row ? toAgent(row) : null;
    },

    async createSession(input) {
      await db
        .insertInto('sessions')
        .values({
          token_hash: input.tokenHash,
          agent_id: input.agentId,
          workspace_id: input.workspaceId,
          created_at: input.now,
          expires_at: input.expiresAt,
        })
        .execute();
    },
    async findSession(tokenHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return null;
      return {
        agentId: row.agent_id,
        workspaceId: row.workspace_id,
        expiresAt: Number(row.expires_at),
      };
    },
    async deleteSession(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteExpiredSessions(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
      return Number(result[0]?.numDeletedRows ?? 0);
    },

    async createCustomer({ workspaceId, visitorTokenHash, now }) {
      const row = {
        id: uuidv7(now),
        workspace_id: workspaceId,
        name: null,
        email: null,
        visitor_token_hash: visitorTokenHash,
        created_at: now,
      };
      await db.insertInto('customers').values(row).execute();
      return toCustomer(row);
    },
    async findCustomerByVisitorToken(workspaceId, tokenHash) {
      const row = await db
        .selectFrom('customers')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('visitor_token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toCustomer(row) : null;
    },
    async getCustomer(workspaceId, customerId) {
      const row = await db
        .selectFrom('customers')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', customerId)
        .executeTakeFirst();
      return row ? toCustomer(row) : null;
    },

    async listConversations(workspaceId, { closedLimit }) {
      const base = db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('last_activity_at', 'desc')
        .orderBy('id', 'desc');
      const open = await base.where('status', '=', 'open').execute();
      const closed = await base.where('status', '=', 'closed').limit(closedLimit).execute();
      const conversations: Conversation[] = [...open, ...closed].map(toConversation);
      const customerIds = [...new Set(conversations.map((c) => c.customerId))];
      const customers =
        customerIds.length === 0
          ? []
          : await db
              .selectFrom('customers')
              .selectAll()
              .where('workspace_id', '=', workspaceId)
              .where('id', 'in', customerIds)
              .execute();
      return { conversations, customers: customers.map(toCustomer) };
    },
    async getConversation(workspaceId, conversationId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', conversationId)
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },
    async findLatestConversation(workspaceId, customerId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },
    async setConversationStatus(workspaceId, conversationId, status) {
      const row = await db
        .updateTable('conversations')
        .set({ status })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', conversationId)
        .returningAll()
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },
    async markConversationRead(workspaceId, conversationId) {
      const row = await db
        .updateTable('conversations')
        .set({ unread_count: 0 })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', conversationId)
        .returningAll()
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },

    listMessages: (workspaceId, conversationId, options) =>
      listMessages(db, workspaceId, conversationId, options),
    appendAgentMessage: (input) => appendAgentMessage(db, input),
    appendCustomerMessage: (input) => appendCustomerMessage(db, input),

    async close() {
      await db.destroy();
    },
  };
}
