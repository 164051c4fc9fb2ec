import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7, type Change } from '../../protocol';
import type { RapportStorage } from '../../server/storage/storage';
import { runMacroSyncContract } from './macro-sync-contract';
import type { StorageUnderTest } from './storage-contract';
import { drain, key, syncSetup } from './sync-fixture';

/** The sync rules every storage keeps (SPEC S1, S2, S3, S5, and S14–S16 for macros). */
export function runSyncContract(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`sync contract: ${name}`, () => {
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

    const setup = (s: RapportStorage = storage) => syncSetup(s, tick);

    it('S1: every change takes the next seq; a message send takes two consecutive seqs', async () => {
      const { workspace, agent, customer, say, reply, head } = await setup();
      expect(await head()).toBe(1); // the agent
      const sync = await storage.getSyncHead(workspace.id);
      expect(sync?.epoch).toMatch(/\S{8,}/);
      const ann = await storage.createCustomer({
        workspaceId: workspace.id,
        visitorTokenHash: 'ann',
        now: tick(),
      });
      expect(ann.changes).toEqual([{ seq: 2, entity: 'customer', data: ann.customer }]);
      const first = await say(ann.customer.id, 'Hi');
      expect(first.changes).toEqual([
        { seq: 3, entity: 'message', data: first.message },
        { seq: 4, entity: 'conversation', data: first.conversation },
      ]);
      const conversationId = first.conversation.id;
      const answered = await reply(conversationId, 'Hello');
      expect(
        answered.status === 'created' && answered.changes.map((c) => [c.seq, c.entity]),
      ).toEqual([
        [5, 'message'],
        [6, 'conversation'],
      ]);
      const online = await storage.setAgentStatus(workspace.id, agent.id, 'online');
      expect(online?.changes).toEqual([{ seq: 7, entity: 'agent', data: online?.agent }]);
      const read = await storage.markConversationRead(workspace.id, conversationId);
      expect(read?.changes.map((c) => c.seq)).toEqual([8]);
      const assigned = await storage.assignConversation(workspace.id, conversationId, null);
      expect(assigned.status === 'assigned' && assigned.changes.map((c) => c.seq)).toEqual([9]);
      const closed = await storage.setConversationStatus(workspace.id, conversationId, 'closed');
      expect(closed?.changes.map((c) => c.seq)).toEqual([10]);
      await customer('bob');
      expect(await head()).toBe(11);
    });

    it('S1: writes that change nothing or are refused take no seq', async () => {
      const { workspace, agent, customer, say, reply, head } = await setup();
      const ann = await customer('ann');
      const clientId = uuidv7();
      const opened = await say(ann.id, 'Hi', clientId);
      await storage.markConversationRead(workspace.id, opened.conversation.id);
      const before = await head();
      const again = await storage.markConversationRead(workspace.id, opened.conversation.id);
      expect(again?.changes).toEqual([]);
      expect((await storage.setAgentStatus(workspace.id, agent.id, 'away'))?.changes).toEqual([]);
      const retried = await storage.appendCustomerMessage({
        workspaceId: workspace.id,
        customerId: ann.id,
        clientId,
        text: 'Hi',
        now: tick(),
      });
      expect(retried.status).toBe('duplicate');
      expect((await reply('missing', 'x')).status).toBe('not_found');
      expect((await reply(opened.conversation.id, 'x', clientId)).status).toBe('client_id_taken');
      await storage.setConversationStatus(workspace.id, opened.conversation.id, 'closed');
      const afterClose = await head();
      expect(afterClose).toBe(before + 1);
      expect((await reply(opened.conversation.id, 'late')).status).toBe('closed');
      expect(await storage.markConversationRead(workspace.id, 'missing')).toBeNull();
      expect(await head()).toBe(afterClose);
      expect((await drain(storage, workspace.id, 0, 1000)).cursor).toBe(afterClose);
    });

    it('S1: concurrent writers get dense seqs in commit order and a poller misses none', async () => {
      const { workspace, agent, customer, head } = await setup();
      const clients = [storage];
      for (let i = 1; i < 8; i++) clients.push(await subject.connect());
      const customers = await Promise.all(clients.map((_, i) => customer(`c${i}`)));
      const start = await head();
      let writing = true;
      const seen = new Set<string>();
      let lastSeq = 0;
      const poll = async () => {
        let cursor = 0;
        const step = async () => {
          const page = await drain(clients[1]!, workspace.id, cursor, 37);
          for (const c of page.changes) {
            expect(c.seq).toBeGreaterThan(lastSeq);
            lastSeq = c.seq;
            seen.add(key(c));
          }
          cursor = page.cursor;
        };
        while (writing) await step();
        await step();
      };
      const write = async (client: RapportStorage, i: number) => {
        const changes: Change[] = [];
        let conversationId = '';
        for (let n = 0; n < 25; n++) {
          const input = {
            workspaceId: workspace.id,
            clientId: uuidv7(),
            text: `${i}/${n}`,
            now: tick(),
          };
          const r =
            n % 2 === 0
              ? await client.appendCustomerMessage({ ...input, customerId: customers[i]!.id })
              : await client.appendAgentMessage({
                  ...input,
                  conversationId,
                  agent: { id: agent.id, name: agent.name },
                });
          if (r.status !== 'created') throw new Error(`not created: ${r.status}`);
          conversationId = r.conversation.id;
          changes.push(...r.changes);
        }
        return changes;
      };
      const polling = poll();
      const written = (await Promise.all(clients.map(write))).flat();
      writing = false;
      await polling;

      const seqs = written.map((c) => c.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 8 * 25 * 2 }, (_, i) => start + 1 + i));
      expect(await head()).toBe(start + 400);
      const messages = written.filter((c) => c.entity === 'message').map(key);
      expect(messages).toHaveLength(200);
      expect(messages.filter((m) => !seen.has(m))).toEqual([]);
    });

    it('S2: pages concatenate to the compacted log, each entity once at its latest seq', async () => {
      const { workspace, customer, say, reply, head } = await setup();
      const conversations: string[] = [];
      for (const token of ['a', 'b', 'c']) {
        const c = await customer(token);
        const opened = await say(c.id, `hi from ${token}`);
        conversations.push(opened.conversation.id);
        await say(c.id, 'still there?');
        await reply(opened.conversation.id, 'yes');
      }
      await storage.markConversationRead(workspace.id, conversations[0]!);
      const full = await drain(storage, workspace.id, 0, 5000);
      expect(full.pages).toHaveLength(1);
      // 1 agent + 3 customers + 3 conversations + 9 messages, each once.
      expect(full.changes).toHaveLength(16);
      expect(new Set(full.changes.map(key)).size).toBe(16);
      const seqs = full.changes.map((c) => c.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(full.cursor).toBe(await head());
      const first = full.changes.find(
        (c) => c.entity === 'conversation' && c.data.id === conversations[0],
      );
      expect(first).toMatchObject({ seq: await head(), data: { unreadCount: 0 } });

      for (const limit of [1, 2, 3, 7]) {
        const paged = await drain(storage, workspace.id, 0, limit);
        expect(paged.changes).toEqual(full.changes);
        expect(paged.pages.slice(0, -1).every((p) => p.hasMore && p.changes.length === limit)).toBe(
          true,
        );
      }

      const cursor = full.cursor;
      await storage.assignConversation(workspace.id, conversations[1]!, null);
      const next = await drain(storage, workspace.id, cursor, 10);
      expect(next.changes.map((c) => [c.seq, key(c)])).toEqual([
        [cursor + 1, `conversation:${conversations[1]}`],
      ]);
    });

    it('S3: a cursor ahead of the workspace is refused; the head gives an empty page', async () => {
      const { workspace, customer, head } = await setup();
      await customer('ann');
      const latest = await head();
      expect(await storage.pullChanges(workspace.id, { since: latest + 1, limit: 10 })).toEqual({
        status: 'cursor_invalid',
        headSeq: latest,
      });
      const empty = await storage.pullChanges(workspace.id, { since: latest, limit: 10 });
      expect(empty).toMatchObject({ status: 'page', changes: [], cursor: latest, hasMore: false });
      expect(await storage.pullChanges('missing', { since: 0, limit: 10 })).toEqual({
        status: 'not_found',
      });

      const other = await setup();
      await other.customer('zed');
      const otherPage = await drain(storage, other.workspace.id, 0, 100);
      expect(otherPage.changes.every((c) => c.data.workspaceId === other.workspace.id)).toBe(true);
      expect(otherPage.changes).toHaveLength(2);
      const epochs = [workspace.id, other.workspace.id].map(
        async (id) => (await storage.getSyncHead(id))?.epoch,
      );
      const [a, b] = await Promise.all(epochs);
      expect(a).not.toBe(b);
      expect(empty.status === 'page' && empty.epoch).toBe(a);
    });

    it('S5: assign is idempotent and takes only agents of the same workspace', async () => {
      const { workspace, agent, customer, say } = await setup();
      const opened = await say((await customer('ann')).id, 'Hi');
      const id = opened.conversation.id;
      const assigned = await storage.assignConversation(workspace.id, id, agent.id);
      expect(assigned).toMatchObject({
        status: 'assigned',
        conversation: { assigneeId: agent.id },
      });
      expect(assigned.status === 'assigned' && assigned.changes).toHaveLength(1);
      const again = await storage.assignConversation(workspace.id, id, agent.id);
      expect(again.status === 'assigned' && again.changes).toEqual([]);
      const other = await setup();
      expect(await storage.assignConversation(workspace.id, id, other.agent.id)).toEqual({
        status: 'assignee_not_found',
      });
      expect(await storage.assignConversation(other.workspace.id, id, other.agent.id)).toEqual({
        status: 'not_found',
      });
      const cleared = await storage.assignConversation(workspace.id, id, null);
      expect(cleared).toMatchObject({ status: 'assigned', conversation: { assigneeId: null } });
    });

    runMacroSyncContract(() => storage, tick);
  });
}
