import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type ApiError, type Change, type Message, type SyncPage } from '../../protocol';
import {
  addAgent,
  agentSocket,
  bearer,
  createWorkspaceWithAgent,
  login,
  startTestServer,
  visitorSocket,
  type TestServer,
  type TestSocket,
} from './helpers';
import { postgresAvailable, startPostgresTestServer } from './postgres';

type Ack = { clientId: string; message: Message };
type Changes = { changes: Change[] };

const DIALECTS = [
  { name: 'SQLite', start: startTestServer, skip: false },
  { name: 'Postgres', start: startPostgresTestServer, skip: !postgresAvailable },
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`sync over sockets: ${dialect.name}`, () => {
    let t: TestServer;
    let base: string;
    let workspaceA: string;
    let tokenA1: string;
    let tokenA2: string;
    let tokenB: string;
    let workspaceB: string;

    beforeAll(async () => {
      t = await dialect.start({ seedDemo: false });
      base = t.server.url;
      const a = await createWorkspaceWithAgent(t.storage, 'Shop A');
      const a2 = await addAgent(t.storage, a.workspaceId);
      const b = await createWorkspaceWithAgent(t.storage, 'Shop B');
      workspaceA = a.workspaceId;
      workspaceB = b.workspaceId;
      tokenA1 = (await login(base, a.email, a.password)).token;
      tokenA2 = (await login(base, a2.email, a2.password)).token;
      tokenB = (await login(base, b.email, b.password)).token;
    });
    afterAll(async () => {
      await t.close();
    });

    /** Every sync.changes frame received so far, flattened, after a ping barrier. */
    async function received(socket: TestSocket): Promise<Change[]> {
      await socket.barrier();
      const frames = socket.frames.filter((f) => f.type === 'sync.changes') as unknown as Changes[];
      socket.frames.splice(0);
      return frames.flatMap((f) => f.changes);
    }

    async function pull(socket: TestSocket, since: number, limit = 1000): Promise<SyncPage> {
      socket.send({ type: 'sync.pull', since, limit });
      return socket.next<SyncPage>('sync.page');
    }

    it('S4: both agents of a workspace get every commit, with consecutive seqs; no other workspace does', async () => {
      const a1 = await agentSocket(base, tokenA1);
      const a2 = await agentSocket(base, tokenA2);
      const b = await agentSocket(base, tokenB);
      const head = a1.welcome!.headSeq as number;
      expect(a2.welcome).toMatchObject({ headSeq: head, syncEpoch: a1.welcome!.syncEpoch });
      expect(b.welcome!.syncEpoch).not.toBe(a1.welcome!.syncEpoch);

      const visitor = await visitorSocket(base, workspaceA);
      const sent: Message[] = [];
      for (const text of ['one', 'two', 'three']) {
        visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text });
        sent.push((await visitor.socket.next<Ack>('message.ack')).message);
      }
      const conversationId = sent[0]!.conversationId;
      a2.send({ type: 'message.send', conversationId, clientId: uuidv7(), text: 'hello' });
      sent.push((await a2.next<Ack>('message.ack')).message);

      const fromA1 = await received(a1);
      const fromA2 = await received(a2);
      expect(fromA1).toEqual(fromA2);
      // customer, then (message, conversation) per send: one run of consecutive seqs.
      expect(fromA1.map((c) => c.seq)).toEqual(fromA1.map((_, i) => head + 1 + i));
      expect(fromA1.filter((c) => c.entity === 'message').map((c) => c.data)).toEqual(sent);
      expect(fromA1.every((c) => c.data.workspaceId === workspaceA)).toBe(true);

      const visitorB = await visitorSocket(base, workspaceB);
      visitorB.socket.send({ type: 'message.send', clientId: uuidv7(), text: 'B only' });
      await visitorB.socket.next('message.ack');
      const fromB = await received(b);
      expect(fromB.length).toBe(3);
      expect(fromB.every((c) => c.data.workspaceId === workspaceB)).toBe(true);
      expect(await received(a1)).toEqual([]);
      for (const s of [a1, a2, b, visitor.socket, visitorB.socket]) s.close();
    });

    it('S2: a pull from the cursor after missed frames returns exactly the missed changes', async () => {
      const agent = await agentSocket(base, tokenA1);
      const cursor = agent.welcome!.headSeq as number;
      agent.close();
      await agent.closed;

      // While the agent is away: a new visitor writes twice (customer, message, conversation, message, conversation).
      const visitor = await visitorSocket(base, workspaceA);
      const missed: Message[] = [];
      for (const text of ['while', 'away']) {
        visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text });
        missed.push((await visitor.socket.next<Ack>('message.ack')).message);
      }
      visitor.socket.close();

      const back = await agentSocket(base, tokenA1);
      expect(back.welcome!.headSeq).toBe(cursor + 5);
      const page = await pull(back, cursor);
      expect(page).toMatchObject({ cursor: cursor + 5, headSeq: cursor + 5, hasMore: false });
      expect(page.epoch).toBe(back.welcome!.syncEpoch);
      // Compacted: the conversation once, at its latest seq.
      expect(page.changes.map((c) => [c.seq, c.entity])).toEqual([
        [cursor + 1, 'customer'],
        [cursor + 2, 'message'],
        [cursor + 4, 'message'],
        [cursor + 5, 'conversation'],
      ]);
      expect(page.changes.filter((c) => c.entity === 'message').map((c) => c.data)).toEqual(missed);

      const paged: Change[] = [];
      let since = cursor;
      for (;;) {
        const p = await pull(back, since, 1);
        paged.push(...p.changes);
        since = p.cursor;
        if (!p.hasMore) break;
      }
      expect(paged).toEqual(page.changes);

      const rest = await fetch(`${base}/api/sync?since=${cursor}&limit=2`, {
        headers: bearer(tokenA1),
      });
      expect(rest.status).toBe(200);
      const restPage = (await rest.json()) as SyncPage;
      expect(restPage).toMatchObject({ cursor: cursor + 2, hasMore: true });
      expect(restPage.changes).toEqual(page.changes.slice(0, 2));
      back.close();
    });

    it('S3: a cursor ahead of the workspace is cursor_invalid; a malformed one invalid_request', async () => {
      const agent = await agentSocket(base, tokenA1);
      const head = agent.welcome!.headSeq as number;
      agent.send({ type: 'sync.pull', since: head + 1, limit: 10 });
      expect(await agent.next('error')).toMatchObject({ code: 'cursor_invalid' });
      agent.send({ type: 'sync.pull', since: -1, limit: 10 });
      expect(await agent.next('error')).toMatchObject({ code: 'invalid_request' });
      expect(await pull(agent, head)).toMatchObject({ changes: [], cursor: head, hasMore: false });
      agent.close();

      const ahead = await fetch(`${base}/api/sync?since=${head + 1}`, { headers: bearer(tokenA1) });
      expect(ahead.status).toBe(409);
      const body = (await ahead.json()) as ApiError;
      expect(body.code).toBe('cursor_invalid');
      expect(body.message).toMatch(/pull again from 0/);
      for (const query of ['since=abc', 'since=1.5', 'since=-3', '', 'since=0&limit=5001']) {
        const bad = await fetch(`${base}/api/sync?${query}`, { headers: bearer(tokenA1) });
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as ApiError).code).toBe('invalid_request');
      }
      expect((await fetch(`${base}/api/sync?since=0`)).status).toBe(401);
    });

    it('S5: read and assign are acked after commit, idempotent, and refuse foreign agents', async () => {
      const agent = await agentSocket(base, tokenA1);
      const me = agent.welcome!.agent as { id: string };
      const visitor = await visitorSocket(base, workspaceA);
      visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text: 'hi' });
      const { conversationId } = (await visitor.socket.next<Ack>('message.ack')).message;
      await received(agent);

      for (const frame of [
        { type: 'conversation.read', conversationId },
        { type: 'conversation.assign', conversationId, assigneeId: me.id },
      ]) {
        const first = uuidv7();
        agent.send({ ...frame, clientId: first });
        expect(await agent.next('ack')).toEqual({ type: 'ack', clientId: first });
        expect(await received(agent)).toHaveLength(1);
        const retry = uuidv7();
        agent.send({ ...frame, clientId: retry });
        expect(await agent.next('ack')).toEqual({ type: 'ack', clientId: retry });
        expect(await received(agent)).toEqual([]);
      }
      const conversation = await t.storage.getConversation(workspaceA, conversationId);
      expect(conversation).toMatchObject({ unreadCount: 0, assigneeId: me.id });

      const foreignAgent = (await agentSocket(base, tokenB)).welcome!.agent as { id: string };
      const clientId = uuidv7();
      agent.send({
        type: 'conversation.assign',
        conversationId,
        assigneeId: foreignAgent.id,
        clientId,
      });
      expect(await agent.next('error')).toMatchObject({ code: 'not_found', clientId });
      expect(await received(agent)).toEqual([]);
      agent.close();
      visitor.socket.close();
    });

    async function storedOnce(conversationId: string, clientId: string): Promise<void> {
      for (;;) {
        const page = await t.storage.listMessages(workspaceA, conversationId, { limit: 200 });
        if (page.messages.some((m) => m.clientId === clientId)) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }

    it('S5: sends cut before their ack and retried after reconnecting land exactly once', async () => {
      const visitor = await visitorSocket(base, workspaceA);
      visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text: 'open' });
      const { conversationId } = (await visitor.socket.next<Ack>('message.ack')).message;
      visitor.socket.close();
      const clientIds: string[] = [];

      for (let i = 0; i < 50; i++) {
        const asAgent = i % 2 === 0;
        const connect = () =>
          asAgent
            ? agentSocket(base, tokenA1)
            : visitorSocket(base, workspaceA, visitor.visitorToken).then((v) => v.socket);
        const clientId = uuidv7();
        clientIds.push(clientId);
        const frame = asAgent
          ? { type: 'message.send', conversationId, clientId, text: `agent ${i}` }
          : { type: 'message.send', clientId, text: `visitor ${i}` };
        const first = await connect();
        first.send(frame);
        if (i % 4 < 2) {
          // Cut at a random moment: usually before the server has read the frame.
          const wait = Math.floor(Math.random() * 3);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        } else {
          // Cut after the write committed but before the client read its ack.
          await storedOnce(conversationId, clientId);
        }
        first.terminate();
        await first.closed;
        const second = await connect();
        second.send(frame);
        const ack = await second.next<Ack>('message.ack');
        expect(ack.clientId).toBe(clientId);
        const stored = await t.storage.listMessages(workspaceA, conversationId, { limit: 200 });
        expect(stored.messages.filter((m) => m.clientId === clientId)).toEqual([ack.message]);
        second.send(frame);
        expect((await second.next<Ack>('message.ack')).message).toEqual(ack.message);
        second.close();
      }
      const all = await t.storage.listMessages(workspaceA, conversationId, { limit: 200 });
      const counts = new Map<string, number>();
      for (const m of all.messages) counts.set(m.clientId, (counts.get(m.clientId) ?? 0) + 1);
      expect(clientIds.map((id) => counts.get(id))).toEqual(clientIds.map(() => 1));
      expect(all.messages).toHaveLength(51);
    });
  });
}
