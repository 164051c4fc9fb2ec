import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { uuidv7, type Message } from '../../protocol';
import { openSqliteStorage } from '../../server/storage/sqlite';
import {
  agentSocket,
  createWorkspaceWithAgent,
  login,
  startTestServer,
  visitorSocket,
} from './helpers';

describe('graceful shutdown', () => {
  it('closes sockets with 1012, loses no acknowledged message, and stops listening', async () => {
    const t = await startTestServer({ seedDemo: false });
    const base = t.server.url;
    const agent = await createWorkspaceWithAgent(t.storage);
    const { token } = await login(base, agent.email, agent.password);
    const agentWs = await agentSocket(base, token);
    const visitor = await visitorSocket(base, agent.workspaceId);
    await t.storage.close();

    const clientIds = Array.from({ length: 5 }, () => uuidv7());
    for (const clientId of clientIds) {
      visitor.socket.send({ type: 'message.send', clientId, text: `m ${clientId}` });
    }
    await t.server.close();

    expect(await agentWs.closed).toMatchObject({ code: 1012 });
    expect(await visitor.socket.closed).toMatchObject({ code: 1012 });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    // Every ack the visitor got is in the database; nothing is stored without its ack.
    const acked = visitor.socket.frames
      .filter((f) => f.type === 'message.ack')
      .map((f) => (f as { message: Message }).message.clientId);
    const storage = await openSqliteStorage({ dataDir: t.dataDir });
    const customer = await storage.getCustomer(agent.workspaceId, visitor.customerId);
    const conversation = customer
      ? await storage.findLatestConversation(agent.workspaceId, customer.id)
      : null;
    const stored = conversation
      ? (await storage.listMessages(agent.workspaceId, conversation.id, { limit: 50 })).messages
      : [];
    expect(stored.map((m) => m.clientId)).toEqual(acked);
    await storage.close();
    await rm(t.dataDir, { recursive: true, force: true });
  });

  it('can be closed twice and restarted on the same data folder', async () => {
    const t = await startTestServer();
    const workspaceId = t.server.demo!.workspaceId;
    await t.storage.close();
    await Promise.all([t.server.close(), t.server.close()]);
    const again = await startTestServer({ dataDir: t.dataDir });
    expect(again.server.demo).toEqual({
      workspaceId,
      email: 'admin@demo.rapport',
      password: null,
    });
    await again.close();
  });
});
