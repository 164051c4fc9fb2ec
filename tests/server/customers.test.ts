import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAGES_KEPT_PER_CUSTOMER,
  uuidv7,
  type ApiError,
  type Customer,
  type SyncPage,
} from '../../protocol';
import { VISITOR_REPORT_LIMITS } from '../../server/routes/identity';
import { bearer, startTestServer, visitorSocket, type TestServer } from './helpers';
import {
  identify,
  newVisitor,
  profile,
  workspaceWithAdmin,
  type TestWorkspace,
} from './identity-fixture';

describe('page reports and customer profiles', () => {
  let t: TestServer;
  let base: string;
  let shop: TestWorkspace;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false, newVisitorLimits: { limit: 1000 } });
    base = t.server.url;
    shop = await workspaceWithAdmin(base, t.storage, 'Shop');
  });
  afterAll(async () => {
    await t.close();
  });

  function page(visitorToken: string, url: string, title = 'Page', workspaceId = shop.workspaceId) {
    return fetch(`${base}/api/visitor/page`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId, visitorToken, url, title }),
    });
  }

  function patch(token: string, customerId: string, body: unknown) {
    return fetch(`${base}/api/customers/${customerId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    });
  }

  it('stores reported pages newest first, keeps the latest 50, and updates last seen', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    for (let i = 1; i <= PAGES_KEPT_PER_CUSTOMER + 5; i++) {
      const response = await page(visitor.visitorToken, `https://shop.example/p/${i}`, `Page ${i}`);
      expect(response.status).toBe(204);
    }
    const card = await profile(base, shop.agent, visitor.customer.id);
    expect(card.body.pages).toHaveLength(PAGES_KEPT_PER_CUSTOMER);
    expect(card.body.pages[0]).toMatchObject({
      url: 'https://shop.example/p/55',
      title: 'Page 55',
    });
    expect(card.body.pages.at(-1)?.url).toBe('https://shop.example/p/6');
    expect(card.body.customer.lastPage).toMatchObject({ url: 'https://shop.example/p/55' });
    expect(card.body.customer.lastSeenAt).toBe(card.body.pages[0]!.at);
    expect(card.body.customer.firstSeenAt).toBe(visitor.customer.createdAt);
    // The same page again right away (a reload) is not stored twice.
    await page(visitor.visitorToken, 'https://shop.example/p/55', 'Page 55');
    expect((await profile(base, shop.agent, visitor.customer.id)).body.pages[0]!.at).toBe(
      card.body.pages[0]!.at,
    );
  });

  it('syncs the customer with its last page to agents', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    await page(visitor.visitorToken, 'https://shop.example/cart', 'Your cart');
    const response = await fetch(`${base}/api/sync?since=0&limit=5000`, {
      headers: bearer(shop.agent),
    });
    const pulled = (await response.json()) as SyncPage;
    const customers = pulled.changes
      .filter((c) => c.entity === 'customer')
      .map((c) => c.data as Customer);
    expect(customers.find((c) => c.id === visitor.customer.id)?.lastPage).toMatchObject({
      url: 'https://shop.example/cart',
      title: 'Your cart',
    });
  });

  it('refuses page reports that are too long, not http(s) or from unknown visitors', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    const long = `https://shop.example/${'a'.repeat(2049 - 'https://shop.example/'.length)}`;
    expect(long).toHaveLength(2049);
    const cases: [Response, string][] = [
      [await page(visitor.visitorToken, long), 'url'],
      [await page(visitor.visitorToken, 'https://shop.example/', 't'.repeat(301)), 'title'],
      [await page(visitor.visitorToken, 'javascript:alert(1)'), 'url'],
    ];
    for (const [response, path] of cases) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as ApiError;
      expect(body.code).toBe('invalid_request');
      expect(body.issues?.[0]?.path).toBe(path);
    }
    expect((await page(visitor.visitorToken, long.slice(0, 2048))).status).toBe(204);
    expect((await page('unknown-token', 'https://shop.example/')).status).toBe(401);
    const other = await workspaceWithAdmin(base, t.storage, 'Other');
    expect(
      (await page(visitor.visitorToken, 'https://x.example/', 'x', other.workspaceId)).status,
    ).toBe(401);
  });

  it('shows conversations with their agent, and edits name, phone, notes and tags', async () => {
    const { socket, customerId } = await visitorSocket(base, shop.workspaceId);
    socket.send({ type: 'message.send', clientId: uuidv7(), text: 'Hello' });
    const ack = await socket.next<{ message: { conversationId: string } }>('message.ack');
    socket.close();
    const conversationId = ack.message.conversationId;
    const reply = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(shop.agent) },
      body: JSON.stringify({ clientId: uuidv7(), text: 'Hi there' }),
    });
    expect(reply.status).toBe(200);

    const card = await profile(base, shop.agent, customerId);
    expect(card.status).toBe(200);
    expect(card.body.conversations).toEqual([
      expect.objectContaining({
        id: conversationId,
        status: 'open',
        assigneeName: expect.stringMatching(/^Agent /),
      }),
    ]);
    expect(card.body.conversations[0]!.lastMessageAt).toBeGreaterThanOrEqual(
      card.body.conversations[0]!.createdAt,
    );

    const edited = await patch(shop.agent, customerId, {
      name: '  Grace Hopper ',
      phone: '+1 (555) 010-0000',
      notes: 'Prefers email.',
      tags: ['vip', 'vip', 'wholesale'],
    });
    expect(edited.status).toBe(200);
    const { customer } = (await edited.json()) as { customer: Customer };
    expect(customer).toMatchObject({
      name: 'Grace Hopper',
      phone: '+1 (555) 010-0000',
      notes: 'Prefers email.',
      tags: ['vip', 'wholesale'],
    });
    const cleared = (await (await patch(shop.agent, customerId, { phone: '' })).json()) as {
      customer: Customer;
    };
    expect(cleared.customer).toMatchObject({ phone: null, name: 'Grace Hopper' });
  });

  it('I4: never gives the visitor profile data (notes, tags, identities, pages)', async () => {
    const { socket, visitorToken, customerId } = await visitorSocket(base, shop.workspaceId);
    socket.close();
    await patch(shop.agent, customerId, { notes: 'Rude on the phone', tags: ['watch'] });
    await page(visitorToken, 'https://shop.example/secret-sale', 'Secret sale');
    const claimed = await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken,
      id: 'someone',
      email: 'someone@example.com',
    });
    const resumed = await newVisitor(base, shop.workspaceId, visitorToken);
    const again = await visitorSocket(base, shop.workspaceId, visitorToken);
    again.socket.close();
    const visible = ['createdAt', 'email', 'id', 'name', 'workspaceId'];
    for (const customer of [
      claimed.body.customer,
      resumed.customer,
      again.socket.welcome!.customer,
    ]) {
      expect(Object.keys(customer as object).sort()).toEqual(visible);
    }
  });

  it('refuses invalid edits with 400 and a message', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    const id = visitor.customer.id;
    const cases: [unknown, RegExp][] = [
      [{}, /at least one of/],
      [{ phone: 'call me' }, /phone number/],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /at most 20 tags/],
      [{ tags: ['x'.repeat(41)] }, /at most 40 characters/],
      [{ notes: 'x'.repeat(10_001) }, /notes/],
      [{ email: 'a@b.c' }, /email/],
    ];
    for (const [body, message] of cases) {
      const response = await patch(shop.agent, id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as ApiError;
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(message);
    }
  });

  it('refuses a flood of page reports from one visitor with 429 rate_limited', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    for (let i = 0; i < VISITOR_REPORT_LIMITS.limit; i++) {
      expect((await page(visitor.visitorToken, 'https://shop.example/loop')).status).toBe(204);
    }
    const refused = await page(visitor.visitorToken, 'https://shop.example/loop');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ApiError).code).toBe('rate_limited');
    const other = await newVisitor(base, shop.workspaceId);
    expect((await page(other.visitorToken, 'https://shop.example/')).status).toBe(204);
  });

  it("keeps profiles in their workspace: another workspace's agent gets 404", async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    const other = await workspaceWithAdmin(base, t.storage, 'Elsewhere');
    expect((await profile(base, other.agent, visitor.customer.id)).status).toBe(404);
    const response = await patch(other.agent, visitor.customer.id, { notes: 'x' });
    expect(response.status).toBe(404);
    expect((await profile(base, shop.agent, visitor.customer.id)).body.customer.notes).toBe('');
    expect((await fetch(`${base}/api/customers/${visitor.customer.id}`)).status).toBe(401);
  });
});
