import { expect } from 'vitest';
import { uuidv7, type Agent, type Conversation, type Message } from '../../protocol';
import {
  addAgent,
  agentSocket,
  bearer,
  createWorkspaceWithAgent,
  login,
  visitorSocket,
  type TestServer,
  type TestSocket,
} from './helpers';

// Workspaces with agents and visitors for the routing tests (SPEC R1–R8).

export interface OnlineAgent {
  agent: Agent;
  token: string;
  socket: TestSocket;
}

export interface RoutingWorkspace {
  workspaceId: string;
  adminToken: string;
  /** Sign in another agent, connect and (unless `status` says otherwise) go online. */
  agent(options?: { capacity?: number; status?: 'online' | 'away' }): Promise<OnlineAgent>;
  setCapacity(agentId: string, capacity: unknown): Promise<Response>;
  /** A new visitor whose first message opens a conversation. */
  customer(visitorToken?: string): Promise<Visitor>;
  conversation(id: string): Promise<Conversation>;
  openConversations(): Promise<Conversation[]>;
}

export interface Visitor {
  socket: TestSocket;
  visitorToken: string;
  customerId: string;
  /** Send a message; resolves with its conversation id once acknowledged. */
  say(text: string): Promise<string>;
}

export async function routingWorkspace(t: TestServer): Promise<RoutingWorkspace> {
  const base = t.server.url;
  const first = await createWorkspaceWithAgent(t.storage, 'Routing Shop');
  const { workspaceId } = first;
  const admin = await addAgent(t.storage, workspaceId, 'admin');
  const adminToken = (await login(base, admin.email, admin.password)).token;
  const setCapacity = (agentId: string, capacity: unknown) =>
    fetch(`${base}/api/admin/agents/${agentId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(adminToken) },
      body: JSON.stringify({ capacity }),
    });
  return {
    workspaceId,
    adminToken,
    setCapacity,
    async agent(options = {}) {
      const credentials = await addAgent(t.storage, workspaceId);
      const { token, agent } = await login(base, credentials.email, credentials.password);
      if (options.capacity !== undefined) {
        const response = await setCapacity(agent.id, options.capacity);
        expect(response.status).toBe(200);
      }
      const socket = await agentSocket(base, token);
      if ((options.status ?? 'online') === 'online') {
        socket.send({ type: 'agent.status', status: 'online' });
        await socket.barrier();
      }
      return { agent: { ...agent, status: options.status ?? 'online' }, token, socket };
    },
    async customer(visitorToken) {
      const visitor = await visitorSocket(base, workspaceId, visitorToken);
      return {
        ...visitor,
        async say(text) {
          const clientId = uuidv7();
          visitor.socket.send({ type: 'message.send', clientId, text });
          const ack = await visitor.socket.next<{ clientId: string; message: Message }>(
            'message.ack',
          );
          expect(ack.clientId).toBe(clientId);
          return ack.message.conversationId;
        },
      };
    },
    async conversation(id) {
      const conversation = await t.storage.getConversation(workspaceId, id);
      if (!conversation) throw new Error(`conversation ${id} not found`);
      return conversation;
    },
    async openConversations() {
      const { conversations } = await t.storage.listConversations(workspaceId, { closedLimit: 0 });
      return conversations.filter((c) => c.status === 'open');
    },
  };
}

/** Send a routing write on an agent socket; resolves with its ack or its error frame. */
export async function routingWrite(
  socket: TestSocket,
  frame: Record<string, unknown>,
): Promise<{ type: string; code?: string; reason?: string; message?: string }> {
  const clientId = uuidv7();
  socket.send({ ...frame, clientId });
  for (;;) {
    await socket.barrier();
    const index = socket.frames.findIndex(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId,
    );
    if (index >= 0) return socket.frames.splice(index, 1)[0] as { type: string };
  }
}

/** Poll until `check` passes (for timers: grace periods, idle). */
export async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
