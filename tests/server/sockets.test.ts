import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FATAL_CLOSE_CODE,
  MAX_MESSAGE_LENGTH,
  PROTOCOL_VERSION,
  uuidv7,
  type Change,
  type Message,
  type MessagePageResponse,
} from '../../protocol';
import {
  agentSocket,
  bearer,
  createWorkspaceWithAgent,
  login,
  post,
  startTestServer,
  TestSocket,
  visitorSocket,
  type TestServer,
} from './helpers';

type Ack = { clientId: string; message: Message };
type ErrorFrame = { code: string; message: string; clientId?: string };

describe('agent and visitor sockets', () => {
  let t: TestServer;
  let base: string;
  let workspaceId: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false });
    base = t.server.url;
    const agent = await createWorkspaceWithAgent(t.storage);
    workspaceId = agent.workspaceId;
    token = (await login(base, agent.email, agent.password)).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('S4: visitor message reaches agents as sync.changes; the agent reply reaches the visitor', async () => {
    const agent = await agentSocket(base, token);
    expect(agent.welcome).toMatchObject({
      protocolVersion: PROTOCOL_VERSION,
      syncEpoch: expect.any(String),
      headSeq: expect.any(Number),
    });
    let seq = agent.welcome!.headSeq as number;
    const nextChanges = async () => {
      const { changes } = await agent.next<{ changes: Change[] }>('sync.changes');
      expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => seq + 1 + i));
      seq += changes.length;
      return changes;
    };

    const visitor = await visitorSocket(base, workspaceId);
    expect(await nextChanges()).toMatchObject([
      { entity: 'customer', data: { id: visitor.customerId } },
    ]);
    const otherTab = await TestSocket.open(base, '/ws/visitor');
    otherTab.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId,
      visitorToken: visitor.visitorToken,
    });
    expect(await otherTab.next('welcome')).toMatchObject({ conversation: null, messages: [] });

    const clientId = uuidv7();
    visitor.socket.send({ type: 'message.send', clientId, text: 'Is the grinder in stock?' });
    const ack = await visitor.socket.next<Ack>('message.ack');
    expect(ack.clientId).toBe(clientId);
    expect(ack.message).toMatchObject({ authorKind: 'customer', authorId: visitor.customerId });

    const [message, conversation] = await nextChanges();
    expect(message).toMatchObject({ entity: 'message', data: ack.message });
    expect(conversation).toMatchObject({
      entity: 'conversation',
      data: { status: 'open', assigneeId: null, unreadCount: 1 },
    });
    expect(await otherTab.next('message.created')).toEqual({
      type: 'message.created',
      message: ack.message,
    });
    // The sender got its ack instead of a message.created (frames arrive in order: pong is last).
    await visitor.socket.barrier();
    expect(visitor.socket.frames.filter((f) => f.type === 'message.created')).toEqual([]);

    const replyId = uuidv7();
    const conversationId = ack.message.conversationId;
    agent.send({ type: 'message.send', conversationId, clientId: replyId, text: 'Yes, two left.' });
    const replyAck = await agent.next<Ack>('message.ack');
    expect(replyAck.message).toMatchObject({ authorKind: 'agent', text: 'Yes, two left.' });
    const assigned = await nextChanges();
    expect(assigned.map((c) => c.entity)).toEqual(['message', 'conversation']);
    expect(assigned[1]!.data).toMatchObject({ assigneeId: replyAck.message.authorId });
    expect(await visitor.socket.next('message.created')).toEqual({
      type: 'message.created',
      message: replyAck.message,
    });

    const readId = uuidv7();
    agent.send({ type: 'conversation.read', conversationId, clientId: readId });
    expect(await agent.next('ack')).toEqual({ type: 'ack', clientId: readId });
    expect(await nextChanges()).toMatchObject([
      { entity: 'conversation', data: { unreadCount: 0 } },
    ]);

    agent.send({ type: 'agent.status', status: 'online' });
    expect(await nextChanges()).toMatchObject([{ entity: 'agent', data: { status: 'online' } }]);

    // A reply over REST fans out too.
    const rest = await post(
      `${base}/api/conversations/${conversationId}/messages`,
      { clientId: uuidv7(), text: 'Shipping is free.' },
      bearer(token),
    );
    expect(rest.status).toBe(200);
    expect(await visitor.socket.next('message.created')).toMatchObject({
      message: { text: 'Shipping is free.' },
    });
    expect((await nextChanges()).map((c) => c.entity)).toEqual(['message', 'conversation']);
    for (const s of [agent, visitor.socket, otherTab]) s.close();
  });

  it('S5: stores a retried send once and acks both with the same message', async () => {
    const visitor = await visitorSocket(base, workspaceId);
    const clientId = uuidv7();
    visitor.socket.send({ type: 'message.send', clientId, text: 'Once only' });
    visitor.socket.send({ type: 'message.send', clientId, text: 'Once only' });
    const first = await visitor.socket.next<Ack>('message.ack');
    const second = await visitor.socket.next<Ack>('message.ack');
    expect(second.message.id).toBe(first.message.id);

    const agent = await agentSocket(base, token);
    const conversationId = first.message.conversationId;
    const replyId = uuidv7();
    agent.send({ type: 'message.send', conversationId, clientId: replyId, text: 'Hi' });
    agent.send({ type: 'message.send', conversationId, clientId: replyId, text: 'Hi' });
    const a = await agent.next<Ack>('message.ack');
    const b = await agent.next<Ack>('message.ack');
    expect(b.message.id).toBe(a.message.id);

    const page = await t.storage.listMessages(workspaceId, conversationId, { limit: 50 });
    expect(page.messages.map((m) => m.clientId)).toEqual([clientId, replyId]);
    agent.close();
    visitor.socket.close();
  });

  it('answers invalid frames with an error and keeps the socket open', async () => {
    const agent = await agentSocket(base, token);
    agent.send('{not json');
    expect(await agent.next<ErrorFrame>('error')).toMatchObject({ code: 'invalid_request' });
    agent.send({ type: 'message.send', clientId: 'c-1' });
    expect(await agent.next<ErrorFrame>('error')).toMatchObject({
      code: 'invalid_request',
      clientId: 'c-1',
    });
    agent.send({ type: 'no.such.frame' });
    expect(await agent.next<ErrorFrame>('error')).toMatchObject({ code: 'invalid_request' });
    agent.send({ type: 'ping' });
    await agent.next('pong');
    agent.close();
  });

  it('refuses oversized frames and over-long text with clear errors', async () => {
    const agent = await agentSocket(base, token);
    const clientId = uuidv7();
    agent.send({ type: 'message.send', conversationId: 'x', clientId, text: 'a'.repeat(70_000) });
    const tooLarge = await agent.next<ErrorFrame>('error');
    expect(tooLarge).toMatchObject({ code: 'frame_too_large', clientId });
    expect(tooLarge.message).toContain('64 KiB');

    agent.send({
      type: 'message.send',
      conversationId: 'x',
      clientId,
      text: 'b'.repeat(MAX_MESSAGE_LENGTH + 1),
    });
    const tooLong = await agent.next<ErrorFrame>('error');
    expect(tooLong).toMatchObject({ code: 'message_too_long', clientId });
    expect(tooLong.message).toBe('Messages can be at most 5000 characters long.');
    agent.send({ type: 'ping' });
    await agent.next('pong');
    agent.close();
  });

  it('S6: refuses a send to a closed conversation as data', async () => {
    const visitor = await visitorSocket(base, workspaceId);
    visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text: 'Bye' });
    const ack = await visitor.socket.next<Ack>('message.ack');
    await t.storage.setConversationStatus(workspaceId, ack.message.conversationId, 'closed');
    const agent = await agentSocket(base, token);
    const clientId = uuidv7();
    agent.send({
      type: 'message.send',
      conversationId: ack.message.conversationId,
      clientId,
      text: 'Wait!',
    });
    expect(await agent.next<ErrorFrame>('error')).toMatchObject({
      code: 'conversation_closed',
      clientId,
    });
    agent.close();
    visitor.socket.close();
  });

  it('stores and returns HTML verbatim (clients render it as text)', async () => {
    const html = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    const visitor = await visitorSocket(base, workspaceId);
    visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text: html });
    const ack = await visitor.socket.next<Ack>('message.ack');
    expect(ack.message.text).toBe(html);
    const page = (await (
      await fetch(`${base}/api/conversations/${ack.message.conversationId}/messages`, {
        headers: bearer(token),
      })
    ).json()) as MessagePageResponse;
    expect(page.messages.at(-1)?.text).toBe(html);
    visitor.socket.close();
  });

  it('closes with 4000 protocol_version after an error frame for an old client', async () => {
    const socket = await TestSocket.open(base, '/ws/agent');
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION - 1, token });
    expect(await socket.next<ErrorFrame>('error')).toEqual({
      type: 'error',
      code: 'protocol_version',
      message: 'This Rapport extension is too old for the server; update it.',
    });
    expect(await socket.closed).toEqual({ code: FATAL_CLOSE_CODE, reason: 'protocol_version' });
  });

  it('closes with 4000 unauthorized for a bad token or visitor token', async () => {
    const agent = await TestSocket.open(base, '/ws/agent');
    agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: 'nope' });
    expect(await agent.closed).toEqual({ code: FATAL_CLOSE_CODE, reason: 'unauthorized' });
    const visitor = await TestSocket.open(base, '/ws/visitor');
    visitor.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId,
      visitorToken: 'x',
    });
    expect(await visitor.closed).toEqual({ code: FATAL_CLOSE_CODE, reason: 'unauthorized' });
  });
});

describe('hello deadline', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false, helloTimeoutMs: 200 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('closes with 4000 hello_timeout when no hello arrives', async () => {
    const socket = await TestSocket.open(t.server.url, '/ws/agent');
    expect(await socket.closed).toEqual({ code: FATAL_CLOSE_CODE, reason: 'hello_timeout' });
  });
});
