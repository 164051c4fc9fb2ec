import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start';
import { startTestServer, type TestServer } from './helpers';
import { hmac, identify, secretOf } from './identity-fixture';
import { postgresAvailable, startPostgresTestServer } from './postgres';
import {
  eventually,
  routingWorkspace,
  routingWrite,
  type RoutingWorkspace,
} from './routing-fixture';

// Routing wired into the server (SPEC R1–R8), on SQLite and on Postgres.

const GRACE_MS = 200;
const dialects = [
  { name: 'SQLite', start: startTestServer, skip: false },
  { name: 'Postgres', start: startPostgresTestServer, skip: !postgresAvailable },
];

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`routing in the server: ${dialect.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await dialect.start({ seedDemo: false, offlineGraceMs: GRACE_MS });
    });
    afterAll(async () => {
      await t.close();
    });
    const workspace = (): Promise<RoutingWorkspace> => routingWorkspace(t);

    it('R3: a returning customer goes to their last agent while online with a free slot; others to the most free', async () => {
      const w = await workspace();
      const ana = await w.agent();
      const first = await w.customer();
      const firstConversation = await first.say('hello');
      expect(await first.socket.next('agent.joined')).toMatchObject({
        conversationId: firstConversation,
      });
      const second = await w.customer();
      await second.say('hi');
      expect((await w.conversation(firstConversation)).assigneeId).toBe(ana.agent.id);
      expect(
        await routingWrite(ana.socket, {
          type: 'conversation.close',
          conversationId: firstConversation,
        }),
      ).toMatchObject({ type: 'ack' });

      const ben = await w.agent();
      // Ana has 1 of 4 slots taken, Ben 0: the returning customer still goes to Ana (familiar).
      const again = await first.say('me again');
      expect(again).not.toBe(firstConversation);
      expect(await w.conversation(again)).toMatchObject({
        assigneeId: ana.agent.id,
        queued: false,
      });
      expect(await first.socket.next('agent.joined')).toMatchObject({
        conversationId: again,
        agentName: ana.agent.name,
      });
      // A new customer goes to the agent with the most free slots.
      const third = await w.customer();
      expect((await w.conversation(await third.say('new here'))).assigneeId).toBe(ben.agent.id);
    });

    it('R3: a verified customer back in a new browser is merged and goes to their last agent', async () => {
      const w = await workspace();
      const ana = await w.agent();
      const ben = await w.agent();
      const hash = hmac(await secretOf(t.server.url, w.adminToken), 'user-42');
      const before = await w.customer();
      const ids = { workspaceId: w.workspaceId, id: 'user-42', hash };
      expect(
        (await identify(t.server.url, { ...ids, visitorToken: before.visitorToken })).status,
      ).toBe(200);
      const first = await w.conversation(await before.say('hello'));
      const familiar = first.assigneeId === ana.agent.id ? ana : ben;
      expect(first.assigneeId).toBe(familiar.agent.id);
      await routingWrite(familiar.socket, { type: 'conversation.close', conversationId: first.id });

      // A new browser: an anonymous visitor, then identified as the same user (a merge). The
      // other agent has waited longer since an assignment, so only the familiar rule picks this one.
      const other = await w.customer();
      const merged = await identify(t.server.url, { ...ids, visitorToken: other.visitorToken });
      expect(merged.body).toMatchObject({ verified: true });
      const again = await w.customer(other.visitorToken);
      const second = await w.conversation(await again.say('back again'));
      expect(second.customerId).toBe(first.customerId);
      expect(second.assigneeId).toBe(familiar.agent.id);
    });

    it('R3, R7: when every slot is taken the customer is queued and hears their place; a closed slot takes the head', async () => {
      const w = await workspace();
      const ana = await w.agent({ capacity: 1 });
      const first = await w.customer();
      const held = await first.say('first');
      const second = await w.customer();
      const waiting = await second.say('second');
      const third = await w.customer();
      const last = await third.say('third');
      expect(await w.conversation(waiting)).toMatchObject({ assigneeId: null, queued: true });
      expect(await second.socket.next('queue.position')).toMatchObject({
        conversationId: waiting,
        position: 1,
      });
      expect(await third.socket.next('queue.position')).toMatchObject({
        conversationId: last,
        position: 2,
      });

      // A visitor who comes back hears their place after welcome.
      const back = await w.customer(third.visitorToken);
      expect(await back.socket.next('queue.position')).toMatchObject({ position: 2 });

      await routingWrite(ana.socket, { type: 'conversation.close', conversationId: held });
      expect(await w.conversation(held)).toMatchObject({
        status: 'closed',
        assigneeId: ana.agent.id,
      });
      expect(await w.conversation(waiting)).toMatchObject({
        assigneeId: ana.agent.id,
        queued: false,
      });
      expect(await second.socket.next('agent.joined')).toMatchObject({ agentName: ana.agent.name });
      expect(await third.socket.next('queue.position')).toMatchObject({ position: 1 });
      expect(await back.socket.next('queue.position')).toMatchObject({ position: 1 });

      // Reopening routes like a new conversation: Ana is full, so it queues behind the third.
      expect(
        await routingWrite(ana.socket, { type: 'conversation.reopen', conversationId: held }),
      ).toMatchObject({ type: 'ack' });
      expect(await w.conversation(held)).toMatchObject({
        status: 'open',
        assigneeId: null,
        queued: true,
      });
      expect(await first.socket.next('queue.position')).toMatchObject({
        conversationId: held,
        position: 2,
      });
    });

    it('R6: a transfer to an offline, away or full agent, or to the same agent, is refused with the reason', async () => {
      const w = await workspace();
      const ana = await w.agent();
      const one = await (await w.customer()).say('one');
      const two = await (await w.customer()).say('two');
      const dan = await w.agent({ capacity: 1 });
      const bea = await w.agent({ status: 'away' });
      const cid = await w.agent();
      cid.socket.close();
      await eventually(async () => {
        expect((await t.storage.getAgent(w.workspaceId, cid.agent.id))?.status).toBe('offline');
      });

      const transfer = (conversationId: string, toAgentId: string) =>
        routingWrite(ana.socket, { type: 'conversation.transfer', conversationId, toAgentId });
      expect(await transfer(one, dan.agent.id)).toMatchObject({ type: 'ack' });
      expect((await w.conversation(one)).assigneeId).toBe(dan.agent.id);
      expect(await transfer(two, dan.agent.id)).toMatchObject({
        type: 'error',
        code: 'routing_refused',
        reason: 'target_full',
        message: expect.stringContaining(dan.agent.name),
      });
      expect(await transfer(two, bea.agent.id)).toMatchObject({
        reason: 'target_away',
        message: expect.stringContaining('away'),
      });
      expect(await transfer(two, cid.agent.id)).toMatchObject({
        reason: 'target_offline',
        message: expect.stringContaining('offline'),
      });
      expect(await transfer(two, ana.agent.id)).toMatchObject({ reason: 'same_agent' });
      expect((await w.conversation(two)).assigneeId).toBe(ana.agent.id);
    });

    it('R5: chat slots are set by admins; 0, negative and fractions are refused with a message', async () => {
      const w = await workspace();
      const ana = await w.agent();
      for (const bad of [0, -1, 1.5, 'four']) {
        const response = await w.setCapacity(ana.agent.id, bad);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { code: string; reason: string; message: string };
        expect(body).toMatchObject({ code: 'invalid_request', reason: 'invalid_capacity' });
        expect(body.message).toMatch(/slot/);
      }
      const ok = await w.setCapacity(ana.agent.id, 2);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ agent: { id: ana.agent.id, capacity: 2 } });
      const forbidden = await fetch(`${t.server.url}/api/admin/agents/${ana.agent.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` },
        body: JSON.stringify({ capacity: 3 }),
      });
      expect(forbidden.status).toBe(403);
    });

    it('R1: offline after the grace period once the last socket closed; conversations move on; back on reconnect', async () => {
      const w = await workspace();
      const ana = await w.agent();
      const held = await (await w.customer()).say('hello');
      const ben = await w.agent();
      const second = await (await import('./helpers')).agentSocket(t.server.url, ana.token);
      ana.socket.close();
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 2));
      // Another socket is still open: still online.
      expect((await t.storage.getAgent(w.workspaceId, ana.agent.id))?.status).toBe('online');
      second.close();
      await eventually(async () => {
        expect((await t.storage.getAgent(w.workspaceId, ana.agent.id))?.status).toBe('offline');
      });
      expect((await w.conversation(held)).assigneeId).toBe(ben.agent.id);
      const back = await (await import('./helpers')).agentSocket(t.server.url, ana.token);
      expect(back.welcome).toMatchObject({ agent: { status: 'online', capacity: 4 } });
      back.close();
    });

    it('R3: simultaneous first messages with 2 agents × 2 slots: exactly 4 assigned, nobody over capacity, the rest queued', async () => {
      const w = await workspace();
      const agents = [await w.agent({ capacity: 2 }), await w.agent({ capacity: 2 })];
      const visitors = await Promise.all(Array.from({ length: 12 }, () => w.customer()));
      const ids = await Promise.all(visitors.map((v, i) => v.say(`hello ${i}`)));
      expect(new Set(ids).size).toBe(12);
      const open = await w.openConversations();
      expect(open).toHaveLength(12);
      const assigned = open.filter((c) => c.assigneeId !== null);
      expect(assigned).toHaveLength(4);
      for (const { agent } of agents)
        expect(assigned.filter((c) => c.assigneeId === agent.id)).toHaveLength(2);
      expect(open.filter((c) => c.queued)).toHaveLength(8);
      // Each queued visitor heard a distinct place in line.
      const places = await Promise.all(
        visitors
          .filter((_, i) => open.find((c) => c.id === ids[i])?.queued)
          .map(async (v) => (await v.socket.next<{ position: number }>('queue.position')).position),
      );
      expect(places.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });
}

describe('R2: away after an idle time', () => {
  let t: TestServer;
  let server: RunningServer;
  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false, idleAwayMs: 300 });
    server = t.server;
  });
  afterAll(async () => {
    await t.close();
  });

  it('R2: an online agent without activity becomes away, and online again on activity; a chosen away stays', async () => {
    expect(server.url).toMatch(/^http/);
    const w = await routingWorkspace(t);
    const ana = await w.agent();
    await eventually(async () => {
      expect((await t.storage.getAgent(w.workspaceId, ana.agent.id))?.status).toBe('away');
    });
    ana.socket.send({ type: 'agent.activity' });
    await eventually(async () => {
      expect((await t.storage.getAgent(w.workspaceId, ana.agent.id))?.status).toBe('online');
    });
    ana.socket.send({ type: 'agent.status', status: 'away' });
    await ana.socket.barrier();
    ana.socket.send({ type: 'agent.activity' });
    await ana.socket.barrier();
    expect((await t.storage.getAgent(w.workspaceId, ana.agent.id))?.status).toBe('away');
  });
});
