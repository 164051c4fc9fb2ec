import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../protocol';
import type { RapportStorage } from '../../server/storage/storage';

export interface StorageUnderTest {
  storage: RapportStorage;
  /**
   * Another client of the same database, closed by dispose: a new pool on Postgres; on SQLite the
   * same storage (one connection per process).
   */
  connect(): Promise<RapportStorage>;
  /** Close and delete whatever the storage used. */
  dispose(): Promise<void>;
}

/**
 * The behaviour every RapportStorage must have, whatever the database. Call it once per dialect
 * (SQLite, Postgres). The sync rules (S1–S3, S5) are in sync-contract.ts.
 */
export function runStorageContract(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`storage contract: ${name}`, () => {
    let subject: StorageUnderTest;
    let storage: RapportStorage;
    let now = 1_700_000_000_000;
    const tick = () => (now += 1000);

    beforeEach(async () => {
      subject = await make();
      storage = subject.storage;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    async function workspaceWithCustomer() {
      const workspace = await storage.createWorkspace({ name: 'Shop', now: tick() });
      const agent = await storage.createAgent({
        workspaceId: workspace.id,
        email: `a-${workspace.id}@example.test`,
        name: 'Ada',
        role: 'admin',
        passwordHash: 'hash',
        now: tick(),
      });
      const { customer } = await storage.createCustomer({
        workspaceId: workspace.id,
        visitorTokenHash: `token-${workspace.id}`,
        now: tick(),
      });
      return { workspace, agent, customer };
    }

    it('creates and finds workspaces, agents and customers', async () => {
      const { workspace, agent, customer } = await workspaceWithCustomer();
      expect(await storage.getWorkspace(workspace.id)).toEqual(workspace);
      expect(await storage.getWorkspace('missing')).toBeNull();
      expect(await storage.findAgentByEmail(agent.email)).toEqual({ agent, passwordHash: 'hash' });
      expect(await storage.getAgent(workspace.id, agent.id)).toEqual(agent);
      expect(await storage.getAgent('other', agent.id)).toBeNull();
      expect(agent.status).toBe('away');
      expect((await storage.setAgentStatus(workspace.id, agent.id, 'online'))?.agent.status).toBe(
        'online',
      );
      expect(
        await storage.findCustomerByVisitorToken(workspace.id, `token-${workspace.id}`),
      ).toEqual(customer);
      expect(await storage.findCustomerByVisitorToken('other', `token-${workspace.id}`)).toBeNull();
      expect(customer).toMatchObject({ name: null, email: null });
    });

    it('refuses a second agent with the same email', async () => {
      const { workspace, agent } = await workspaceWithCustomer();
      await expect(
        storage.createAgent({
          ...agent,
          workspaceId: workspace.id,
          passwordHash: 'x',
          now: tick(),
        }),
      ).rejects.toThrow();
    });

    it('stores sessions by token hash and deletes expired ones', async () => {
      const { workspace, agent } = await workspaceWithCustomer();
      const base = { agentId: agent.id, workspaceId: workspace.id, now };
      await storage.createSession({ ...base, tokenHash: 'live', expiresAt: now + 10_000 });
      await storage.createSession({ ...base, tokenHash: 'old', expiresAt: now - 1 });
      expect(await storage.findSession('live')).toEqual({
        agentId: agent.id,
        workspaceId: workspace.id,
        expiresAt: now + 10_000,
      });
      expect(await storage.deleteExpiredSessions(now)).toBe(1);
      expect(await storage.findSession('old')).toBeNull();
      await storage.deleteSession('live');
      expect(await storage.findSession('live')).toBeNull();
    });

    it('opens a conversation with the first customer message and counts unread', async () => {
      const { workspace, customer } = await workspaceWithCustomer();
      const first = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId: uuidv7(),
        text: 'Hello <b>there</b>',
        now: tick(),
      });
      expect(first.status).toBe('created');
      if (first.status !== 'created') return;
      expect(first.conversationCreated).toBe(true);
      expect(first.conversation).toMatchObject({
        status: 'open',
        assigneeId: null,
        unreadCount: 1,
        lastMessagePreview: 'Hello <b>there</b>',
      });
      expect(first.message).toMatchObject({ authorKind: 'customer', text: 'Hello <b>there</b>' });
      const second = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId: uuidv7(),
        text: 'Anyone?',
        now: tick(),
      });
      expect(second).toMatchObject({ status: 'created', conversationCreated: false });
      if (second.status !== 'created') return;
      expect(second.conversation.id).toBe(first.conversation.id);
      expect(second.conversation.unreadCount).toBe(2);
      const read = await storage.markConversationRead(workspace.id, first.conversation.id);
      expect(read?.conversation.unreadCount).toBe(0);
    });

    it('S5: deduplicates on client id and keeps one row', async () => {
      const { workspace, customer } = await workspaceWithCustomer();
      const input = {
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId: uuidv7(),
        text: 'Once',
        now: tick(),
      };
      const a = await storage.appendCustomerMessage(input);
      const b = await storage.appendCustomerMessage({ ...input, now: tick() });
      expect(b.status).toBe('duplicate');
      if (a.status !== 'created' || b.status !== 'duplicate') return;
      expect(b.message).toEqual(a.message);
      const page = await storage.listMessages(workspace.id, a.conversation.id, { limit: 10 });
      expect(page.messages).toHaveLength(1);
    });

    it('assigns on the first agent reply and refuses closed or foreign conversations', async () => {
      const { workspace, agent, customer } = await workspaceWithCustomer();
      const opened = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId: uuidv7(),
        text: 'Hi',
        now: tick(),
      });
      if (opened.status !== 'created') throw new Error('not created');
      const conversationId = opened.conversation.id;
      const reply = {
        workspaceId: workspace.id,
        conversationId,
        agent: { id: agent.id, name: agent.name },
        clientId: uuidv7(),
        text: 'Hello!',
        now: tick(),
      };
      const sent = await storage.appendAgentMessage(reply);
      expect(sent).toMatchObject({ status: 'created', conversation: { assigneeId: agent.id } });
      expect(sent.status === 'created' && sent.message.authorName).toBe('Ada');

      const other = await workspaceWithCustomer();
      const foreign = await storage.appendAgentMessage({
        ...reply,
        workspaceId: other.workspace.id,
        clientId: uuidv7(),
      });
      expect(foreign.status).toBe('not_found');
      expect(await storage.getConversation(other.workspace.id, conversationId)).toBeNull();

      await storage.setConversationStatus(workspace.id, conversationId, 'closed');
      const closed = await storage.appendAgentMessage({ ...reply, clientId: uuidv7() });
      expect(closed.status).toBe('closed');
      const reopened = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId: uuidv7(),
        text: 'Me again',
        now: tick(),
      });
      expect(reopened).toMatchObject({ status: 'created', conversationCreated: true });
      const latest = await storage.findLatestConversation(workspace.id, customer.id);
      expect(latest?.id).not.toBe(conversationId);
      expect(latest?.status).toBe('open');
    });

    it('refuses a client id that belongs to another author', async () => {
      const { workspace, agent, customer } = await workspaceWithCustomer();
      const clientId = uuidv7();
      const opened = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: customer.id,
        clientId,
        text: 'Hi',
        now: tick(),
      });
      if (opened.status !== 'created') throw new Error('not created');
      const taken = await storage.appendAgentMessage({
        workspaceId: workspace.id,
        conversationId: opened.conversation.id,
        agent: { id: agent.id, name: agent.name },
        clientId,
        text: 'Hello',
        now: tick(),
      });
      expect(taken.status).toBe('client_id_taken');
    });

    it('pages messages oldest first with hasMore', async () => {
      const { workspace, customer } = await workspaceWithCustomer();
      let conversationId = '';
      const at = now;
      for (let i = 0; i < 5; i++) {
        // Same timestamp on purpose: createdAt still increases so cursors never skip.
        const r = await storage.appendCustomerMessage({
          workspaceId: workspace.id,
          customerId: customer.id,
          clientId: uuidv7(),
          text: `m${i}`,
          now: at,
        });
        if (r.status === 'created') conversationId = r.conversation.id;
      }
      const last = await storage.listMessages(workspace.id, conversationId, { limit: 2 });
      expect(last.messages.map((m) => m.text)).toEqual(['m3', 'm4']);
      expect(last.hasMore).toBe(true);
      const before = last.messages[0]!.createdAt;
      const earlier = await storage.listMessages(workspace.id, conversationId, {
        before,
        limit: 10,
      });
      expect(earlier.messages.map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
      expect(earlier.hasMore).toBe(false);
      const foreign = await storage.listMessages('other', conversationId, { limit: 10 });
      expect(foreign.messages).toEqual([]);
    });

    it('lists open conversations and the latest closed ones with their customers', async () => {
      const { workspace } = await workspaceWithCustomer();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { customer } = await storage.createCustomer({
          workspaceId: workspace.id,
          visitorTokenHash: `t${i}`,
          now: tick(),
        });
        const r = await storage.appendCustomerMessage({
          workspaceId: workspace.id,
          customerId: customer.id,
          clientId: uuidv7(),
          text: `c${i}`,
          now: tick(),
        });
        if (r.status === 'created') ids.push(r.conversation.id);
      }
      await storage.setConversationStatus(workspace.id, ids[0]!, 'closed');
      await storage.setConversationStatus(workspace.id, ids[1]!, 'closed');
      const list = await storage.listConversations(workspace.id, { closedLimit: 1 });
      expect(list.conversations.map((c) => c.id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(new Set(list.customers.map((c) => c.id))).toEqual(
        new Set(list.conversations.map((c) => c.customerId)),
      );
      const empty = await storage.listConversations('other', { closedLimit: 50 });
      expect(empty).toEqual({ conversations: [], customers: [] });
    });
  });
}
