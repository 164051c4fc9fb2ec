import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type ApiError, type VisitorSessionResponse } from '../../protocol';
import { post, startTestServer, visitorSocket, type TestServer } from './helpers';

describe('visitor sessions', () => {
  let t: TestServer;
  let base: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestServer();
    base = t.server.url;
    workspaceId = t.server.demo!.workspaceId;
  });
  afterAll(async () => {
    await t.close();
  });

  async function session(body: unknown): Promise<Response> {
    return post(`${base}/api/visitor/session`, body);
  }

  it('creates an anonymous customer with a new token, stored only as a hash', async () => {
    const response = await session({ workspaceId });
    expect(response.status).toBe(200);
    const body = (await response.json()) as VisitorSessionResponse;
    expect(body.visitorToken.length).toBeGreaterThanOrEqual(43);
    expect(body.customer).toMatchObject({ workspaceId, name: null, email: null });
    expect(body.workspace.name).toBe('Demo Shop');
    expect(body.conversation).toBeNull();
    expect(body.messages).toEqual([]);
    expect(await t.storage.findCustomerByVisitorToken(workspaceId, body.visitorToken)).toBeNull();
  });

  it('resumes the same customer, latest conversation and messages with the token', async () => {
    const { socket, visitorToken, customerId } = await visitorSocket(base, workspaceId);
    socket.send({ type: 'message.send', clientId: uuidv7(), text: 'Do you ship to Oslo?' });
    await socket.next('message.ack');
    socket.close();

    const body = (await (
      await session({ workspaceId, visitorToken })
    ).json()) as VisitorSessionResponse;
    expect(body.visitorToken).toBe(visitorToken);
    expect(body.customer.id).toBe(customerId);
    expect(body.conversation?.status).toBe('open');
    expect(body.messages.map((m) => m.text)).toEqual(['Do you ship to Oslo?']);
  });

  it('starts over with a new customer when the token is unknown', async () => {
    const body = (await (
      await session({ workspaceId, visitorToken: 'not-a-real-token' })
    ).json()) as VisitorSessionResponse;
    expect(body.visitorToken).not.toBe('not-a-real-token');
    expect(body.conversation).toBeNull();
  });

  it('answers an unknown workspace with 404 not_found', async () => {
    const response = await session({ workspaceId: 'no-such-workspace' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ApiError).code).toBe('not_found');
  });

  it('does not accept a token from another workspace', async () => {
    const other = await t.storage.createWorkspace({ name: 'Other', now: Date.now() });
    const { visitorToken, customerId } = await visitorSocket(base, workspaceId);
    const body = (await (
      await session({ workspaceId: other.id, visitorToken })
    ).json()) as VisitorSessionResponse;
    expect(body.customer.id).not.toBe(customerId);
    expect(body.customer.workspaceId).toBe(other.id);
  });
});

describe('new visitors per address', () => {
  it('refuses to create customers without end from one address, and still resumes known ones', async () => {
    const t = await startTestServer({ newVisitorLimits: { limit: 3, windowMs: 60_000 } });
    try {
      const base = t.server.url;
      const workspaceId = t.server.demo!.workspaceId;
      const first = (await (await post(`${base}/api/visitor/session`, { workspaceId })).json()) as {
        visitorToken: string;
      };
      for (let i = 0; i < 2; i++) {
        expect((await post(`${base}/api/visitor/session`, { workspaceId })).status).toBe(200);
      }
      const refused = await post(`${base}/api/visitor/session`, { workspaceId });
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as ApiError;
      expect(body.code).toBe('rate_limited');
      expect(body.message).toMatch(/too many new chats/i);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      const resumed = await post(`${base}/api/visitor/session`, {
        workspaceId,
        visitorToken: first.visitorToken,
      });
      expect(resumed.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
