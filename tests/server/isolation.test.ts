import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type ApiError, type ConversationListResponse } from '../../protocol';
import {
  agentSocket,
  bearer,
  createWorkspaceWithAgent,
  login,
  post,
  startTestServer,
  visitorSocket,
  type TestServer,
} from './helpers';

describe('workspace isolation', () => {
  let t: TestServer;
  let base: string;
  let conversationId: string;
  let tokenA: string;
  let tokenB: string;
  let workspaceA: string;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false });
    base = t.server.url;
    const a = await createWorkspaceWithAgent(t.storage, 'Shop A');
    const b = await createWorkspaceWithAgent(t.storage, 'Shop B');
    workspaceA = a.workspaceId;
    tokenA = (await login(base, a.email, a.password)).token;
    tokenB = (await login(base, b.email, b.password)).token;
    const { socket } = await visitorSocket(base, a.workspaceId);
    socket.send({ type: 'message.send', clientId: uuidv7(), text: 'Secret order #1' });
    const ack = await socket.next<{ message: { conversationId: string } }>('message.ack');
    conversationId = ack.message.conversationId;
    socket.close();
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists only the agent's own workspace", async () => {
    const listA = (await (
      await fetch(`${base}/api/conversations`, { headers: bearer(tokenA) })
    ).json()) as ConversationListResponse;
    expect(listA.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect(listA.customers).toHaveLength(1);
    const listB = (await (
      await fetch(`${base}/api/conversations`, { headers: bearer(tokenB) })
    ).json()) as ConversationListResponse;
    expect(listB).toEqual({ conversations: [], customers: [] });
  });

  it("cannot read another workspace's messages: 404", async () => {
    const ok = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
      headers: bearer(tokenA),
    });
    expect(ok.status).toBe(200);
    const response = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
      headers: bearer(tokenB),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ApiError).code).toBe('not_found');
  });

  it("cannot write to another workspace's conversation over REST or WebSocket", async () => {
    const rest = await post(
      `${base}/api/conversations/${conversationId}/messages`,
      { clientId: uuidv7(), text: 'Intruder' },
      bearer(tokenB),
    );
    expect(rest.status).toBe(404);

    const socket = await agentSocket(base, tokenB);
    const clientId = uuidv7();
    socket.send({ type: 'message.send', conversationId, clientId, text: 'Intruder' });
    expect(await socket.next('error')).toMatchObject({ code: 'not_found', clientId });
    const readId = uuidv7();
    socket.send({ type: 'conversation.read', conversationId, clientId: readId });
    expect(await socket.next('error')).toMatchObject({ code: 'not_found', clientId: readId });
    const assignId = uuidv7();
    socket.send({
      type: 'conversation.assign',
      conversationId,
      assigneeId: null,
      clientId: assignId,
    });
    expect(await socket.next('error')).toMatchObject({ code: 'not_found', clientId: assignId });
    socket.close();

    const page = await t.storage.listMessages(workspaceA, conversationId, { limit: 10 });
    expect(page.messages.map((m) => m.text)).not.toContain('Intruder');
  });
});
