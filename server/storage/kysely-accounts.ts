import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7, type AgentStatus } from '../../protocol';
import { DEFAULT_CAPACITY } from '../routing';
import { AGENT_COLUMNS, toAgent, toCustomer, toWorkspace } from './mappers';
import type { Database } from './schema';
import type { RapportStorage } from './storage';
import { change, takeSeqs, writeTransaction } from './sync-log';

type AccountMethods =
  | 'createWorkspace'
  | 'getWorkspace'
  | 'createAgent'
  | 'findAgentByEmail'
  | 'getAgent'
  | 'setAgentStatus'
  | 'createSession'
  | 'findSession'
  | 'deleteSession'
  | 'deleteExpiredSessions'
  | 'createCustomer'
  | 'getCustomer';

/** Workspaces, agents, sessions and customers over Kysely (visitor tokens: kysely-identity.ts). */
export function accountStore(db: Kysely<Database>): Pick<RapportStorage, AccountMethods> {
  const getAgent = async (workspaceId: string, agentId: string) => {
    const row = await db
      .selectFrom('agents')
      .select(AGENT_COLUMNS)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', agentId)
      .executeTakeFirst();
    return row ? toAgent(row) : null;
  };
  return {
    async createWorkspace({ id, name, now }) {
      const row = {
        id: id ?? uuidv7(now),
        name,
        created_at: now,
        last_seq: 0,
        sync_epoch: randomUUID(),
      };
      await db.insertInto('workspaces').values(row).execute();
      return toWorkspace(row);
    },
    async getWorkspace(id) {
      const row = await db
        .selectFrom('workspaces')
        .select(['id', 'name'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toWorkspace(row) : null;
    },

    createAgent(input) {
      return writeTransaction(db, async (trx) => {
        const row = {
          id: uuidv7(input.now),
          workspace_id: input.workspaceId,
          email: input.email,
          name: input.name,
          role: input.role,
          status: 'away' as const,
          chosen_status: 'away' as const,
          capacity: DEFAULT_CAPACITY,
          password_hash: input.passwordHash,
          created_at: input.now,
          seq: await takeSeqs(trx, input.workspaceId, 1),
        };
        await trx.insertInto('agents').values(row).execute();
        return toAgent(row);
      });
    },
    async findAgentByEmail(email) {
      const row = await db
        .selectFrom('agents')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      return row ? { agent: toAgent(row), passwordHash: row.password_hash } : null;
    },
    getAgent,
    async setAgentStatus(workspaceId, agentId, status: AgentStatus) {
      const current = await getAgent(workspaceId, agentId);
      if (!current) return null;
      if (current.status === status) return { agent: current, changes: [] };
      return writeTransaction(db, async (trx, abort) => {
        const seq = await takeSeqs(trx, workspaceId, 1);
        const row = await trx
          .updateTable('agents')
          .set({ status, seq })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', agentId)
          .returningAll()
          .executeTakeFirst();
        if (!row) return abort(null);
        const agent = toAgent(row);
        return { agent, changes: [change(seq, 'agent', agent)] };
      });
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

    createCustomer({ workspaceId, visitorTokenHash, now }) {
      return writeTransaction(db, async (trx) => {
        const row = {
          id: uuidv7(now),
          workspace_id: workspaceId,
          name: null,
          email: null,
          visitor_token_hash: visitorTokenHash,
          created_at: now,
          seq: await takeSeqs(trx, workspaceId, 1),
        };
        await trx.insertInto('customers').values(row).execute();
        const customer = toCustomer(row);
        return { customer, changes: [change(row.seq, 'customer', customer)] };
      });
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
  };
}
