import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, uuidv7, type IdentitySecretResponse } from '../../protocol';
import {
  bearer,
  post,
  startTestServer,
  TestSocket,
  visitorSocket,
  type TestServer,
} from './helpers';
import {
  hmac,
  identify,
  newVisitor,
  profile,
  secretOf,
  workspaceWithAdmin,
  type TestWorkspace,
} from './identity-fixture';

describe('identify: verified, unverified, replayed and malformed', () => {
  let t: TestServer;
  let base: string;
  let shop: TestWorkspace;
  let secret: string;

  beforeAll(async () => {
    t = await startTestServer({ seedDemo: false, newVisitorLimits: { limit: 1000 } });
    base = t.server.url;
    shop = await workspaceWithAdmin(base, t.storage, 'Shop');
    secret = await secretOf(base, shop.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A visitor (browser) who chatted: their token, customer id and socket. */
  async function chattingVisitor(text: string) {
    const visitor = await visitorSocket(base, shop.workspaceId);
    visitor.socket.send({ type: 'message.send', clientId: uuidv7(), text });
    await visitor.socket.next('message.ack');
    return visitor;
  }

  it('gives admins a 64-hex secret; agents get 403, strangers 401', async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await secretOf(base, shop.admin)).toBe(secret);
    const agent = await fetch(`${base}/api/admin/identity-secret`, { headers: bearer(shop.agent) });
    expect(agent.status).toBe(403);
    expect(await agent.json()).toMatchObject({ code: 'forbidden', message: /only admins/i });
    expect((await fetch(`${base}/api/admin/identity-secret`)).status).toBe(401);
  });

  it('I1: links a verified visitor; another browser with the same id and hash is the same customer and sees the history', async () => {
    const first = await chattingVisitor('My order #1 never arrived');
    const hash = hmac(secret, 'user-1');
    const linked = await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: first.visitorToken,
      id: 'user-1',
      email: 'Ada@Example.com',
      name: 'Ada',
      hash,
    });
    expect(linked.status).toBe(200);
    expect(linked.body.verified).toBe(true);
    expect(linked.body.customer.id).toBe(first.customerId);

    // A fresh browser profile: a new anonymous visitor, then the same (id, hash).
    const second = await newVisitor(base, shop.workspaceId);
    expect(second.customer.id).not.toBe(first.customerId);
    expect(second.messages).toEqual([]);
    const returning = await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: second.visitorToken,
      id: 'user-1',
      hash,
    });
    expect(returning.body.verified).toBe(true);
    expect(returning.body.customer.id).toBe(first.customerId);
    expect(returning.body.messages.map((m) => m.text)).toEqual(['My order #1 never arrived']);

    // Its token now stands for the known customer: a reload and the socket show the history.
    const reloaded = await newVisitor(base, shop.workspaceId, second.visitorToken);
    expect(reloaded.customer.id).toBe(first.customerId);
    expect(reloaded.messages.map((m) => m.text)).toEqual(['My order #1 never arrived']);
    const socket = await TestSocket.open(base, '/ws/visitor');
    socket.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      workspaceId: shop.workspaceId,
      visitorToken: second.visitorToken,
    });
    const welcome = await socket.next<{ messages: { text: string }[] }>('welcome');
    expect(welcome.messages.map((m) => m.text)).toEqual(['My order #1 never arrived']);
    // Writing from the second browser lands in the same conversation the first one sees.
    socket.send({ type: 'message.send', clientId: uuidv7(), text: 'Any news?' });
    const ack = await socket.next<{ message: { conversationId: string } }>('message.ack');
    const created = await first.socket.next<{ message: { text: string; conversationId: string } }>(
      'message.created',
    );
    expect(created.message).toMatchObject({
      text: 'Any news?',
      conversationId: ack.message.conversationId,
    });
    socket.close();
    first.socket.close();

    const card = await profile(base, shop.agent, first.customerId);
    expect(card.body.customer).toMatchObject({
      externalId: 'user-1',
      email: 'ada@example.com',
      name: 'Ada',
    });
    expect(card.body.customer.identities).toContainEqual(
      expect.objectContaining({ kind: 'external_id', value: 'user-1', verified: true }),
    );
  });

  it('I1: merges an anonymous visitor who chatted into the known customer, closing their old socket', async () => {
    const known = await chattingVisitor('First visit question');
    const hash = hmac(secret, 'user-merge');
    const base0 = { workspaceId: shop.workspaceId, id: 'user-merge', hash };
    await identify(base, { ...base0, visitorToken: known.visitorToken });
    known.socket.close();

    const other = await chattingVisitor('Asked before signing in');
    const merged = await identify(base, { ...base0, visitorToken: other.visitorToken });
    expect(merged.body.customer.id).toBe(known.customerId);
    expect(await other.socket.closed).toEqual({ code: 1012, reason: 'visitor_moved' });

    const card = await profile(base, shop.agent, known.customerId);
    expect(card.body.conversations).toHaveLength(2);
    // The merged visitor's id leads to the known customer's profile.
    const viaOld = await profile(base, shop.agent, other.customerId);
    expect(viaOld.body.customer.id).toBe(known.customerId);
    const old = await t.storage.getCustomer(shop.workspaceId, other.customerId);
    expect(old?.mergedIntoId).toBe(known.customerId);
    // The visitor now sees the known customer's latest conversation (their own, moved).
    expect(merged.body.messages.map((m) => m.text)).toEqual(['Asked before signing in']);
  });

  it('I2: stores a claim with a wrong hash or no hash as unverified: no merge, no history', async () => {
    const owner = await chattingVisitor('Private: my address is 1 Main St');
    await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: owner.visitorToken,
      id: 'user-victim',
      hash: hmac(secret, 'user-victim'),
    });
    owner.socket.close();

    for (const hash of [hmac('not-the-secret', 'user-victim'), 'f'.repeat(64), undefined]) {
      const stranger = await newVisitor(base, shop.workspaceId);
      const claimed = await identify(base, {
        workspaceId: shop.workspaceId,
        visitorToken: stranger.visitorToken,
        id: 'user-victim',
        email: 'victim@example.com',
        ...(hash ? { hash } : {}),
      });
      expect(claimed.status).toBe(200);
      expect(claimed.body.verified).toBe(false);
      expect(claimed.body.customer.id).toBe(stranger.customer.id);
      expect(claimed.body.messages).toEqual([]);
      const reloaded = await newVisitor(base, shop.workspaceId, stranger.visitorToken);
      expect(reloaded.customer.id).toBe(stranger.customer.id);
      expect(reloaded.messages).toEqual([]);
      const card = await profile(base, shop.agent, stranger.customer.id);
      expect(card.body.customer).toMatchObject({ externalId: null, email: null });
      expect(card.body.customer.identities).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'external_id', value: 'user-victim', verified: false }),
          expect.objectContaining({ kind: 'email', value: 'victim@example.com', verified: false }),
        ]),
      );
    }
    const victim = await profile(base, shop.agent, owner.customerId);
    expect(victim.body.conversations).toHaveLength(1);
  });

  it('I3: refuses a valid hash replayed for another id (unverified), and links it for its own id only', async () => {
    const hashA = hmac(secret, 'user-a');
    const a = await newVisitor(base, shop.workspaceId);
    await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: a.visitorToken,
      id: 'user-a',
      hash: hashA,
    });
    const b = await newVisitor(base, shop.workspaceId);
    const replayed = await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: b.visitorToken,
      id: 'user-b',
      hash: hashA,
    });
    expect(replayed.body.verified).toBe(false);
    expect(replayed.body.customer.id).toBe(b.customer.id);
    expect((await profile(base, shop.agent, b.customer.id)).body.customer.externalId).toBeNull();
    // The same pair replayed from yet another browser is the feature: same customer.
    const c = await newVisitor(base, shop.workspaceId);
    const again = await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: c.visitorToken,
      id: 'user-a',
      hash: hashA,
    });
    expect(again.body).toMatchObject({ verified: true, customer: { id: a.customer.id } });
  });

  it('I1: switches a browser linked to one user to another verified user without mixing them', async () => {
    const browser = await chattingVisitor('I am user-x');
    const ids = { workspaceId: shop.workspaceId, visitorToken: browser.visitorToken };
    await identify(base, { ...ids, id: 'user-x', hash: hmac(secret, 'user-x') });
    const switched = await identify(base, { ...ids, id: 'user-y', hash: hmac(secret, 'user-y') });
    expect(switched.body.verified).toBe(true);
    expect(switched.body.customer.id).not.toBe(browser.customerId);
    expect(switched.body.messages).toEqual([]);
    expect(await browser.socket.closed).toEqual({ code: 1012, reason: 'visitor_moved' });
    const reloaded = await newVisitor(base, shop.workspaceId, browser.visitorToken);
    expect(reloaded.customer.id).toBe(switched.body.customer.id);
    expect(reloaded.messages).toEqual([]);
    const x = await profile(base, shop.agent, browser.customerId);
    expect(x.body.customer.externalId).toBe('user-x');
    expect(x.body.conversations).toHaveLength(1);
  });

  it('answers malformed input with 400 invalid_request, a message and the field', async () => {
    const visitor = await newVisitor(base, shop.workspaceId);
    const auth = { workspaceId: shop.workspaceId, visitorToken: visitor.visitorToken };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{}, 'id', /needs an id/],
      [{ id: 42 }, 'id', /needs an id/],
      [{ id: '' }, 'id', /needs an id/],
      [{ id: 'u', hash: 'abc123' }, 'hash', /64 hex characters/],
      [{ id: 'u', hash: 'g'.repeat(64) }, 'hash', /64 hex characters/],
      [{ id: 'u', hash: 'a'.repeat(65) }, 'hash', /64 hex characters/],
      [{ id: 'u', email: 'not an email' }, 'email', /not a valid email/],
      [{ id: 'x'.repeat(256) }, 'id', /at most 255/],
    ];
    for (const [body, path, message] of cases) {
      const refused = await identify(base, { ...auth, ...body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      expect(refused.body.message).toMatch(message);
      expect(refused.body.issues?.[0]?.path).toBe(path);
    }
    const card = await profile(base, shop.agent, visitor.customer.id);
    expect(card.body.customer.identities).toEqual([]);
    const unknown = await identify(base, { ...auth, visitorToken: 'nope', id: 'u' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('unauthorized');
  });

  it('I3: rotates the secret (admins only): the old hash stops verifying, the new one works', async () => {
    const refused = await post(`${base}/api/admin/identity-secret/rotate`, {}, bearer(shop.agent));
    expect(refused.status).toBe(403);
    const before = hmac(secret, 'user-rot');
    const rotated = await post(`${base}/api/admin/identity-secret/rotate`, {}, bearer(shop.admin));
    expect(rotated.status).toBe(200);
    const next = (await rotated.json()) as IdentitySecretResponse;
    expect(next.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(next.secret).not.toBe(secret);
    expect(await secretOf(base, shop.admin)).toBe(next.secret);
    const visitor = await newVisitor(base, shop.workspaceId);
    const auth = { workspaceId: shop.workspaceId, visitorToken: visitor.visitorToken };
    const old = await identify(base, { ...auth, id: 'user-rot', hash: before });
    expect(old.body.verified).toBe(false);
    const fresh = await identify(base, {
      ...auth,
      id: 'user-rot',
      hash: hmac(next.secret, 'user-rot'),
    });
    expect(fresh.body.verified).toBe(true);
    secret = next.secret;
  });

  it('I4: keeps workspaces apart: a valid hash of one workspace does nothing in another', async () => {
    const other = await workspaceWithAdmin(base, t.storage, 'Other shop');
    const otherSecret = await secretOf(base, other.admin);
    expect(otherSecret).not.toBe(secret);
    const known = await newVisitor(base, shop.workspaceId);
    await identify(base, {
      workspaceId: shop.workspaceId,
      visitorToken: known.visitorToken,
      id: 'user-iso',
      hash: hmac(secret, 'user-iso'),
    });
    const visitor = await newVisitor(base, other.workspaceId);
    const auth = { workspaceId: other.workspaceId, visitorToken: visitor.visitorToken };
    const foreign = await identify(base, {
      ...auth,
      id: 'user-iso',
      hash: hmac(secret, 'user-iso'),
    });
    expect(foreign.body).toMatchObject({ verified: false, customer: { id: visitor.customer.id } });
    const own = await identify(base, {
      ...auth,
      id: 'user-iso',
      hash: hmac(otherSecret, 'user-iso'),
    });
    expect(own.body).toMatchObject({ verified: true, customer: { id: visitor.customer.id } });
    expect((await profile(base, other.agent, known.customer.id)).status).toBe(404);
    // A token of one workspace is unknown in the other.
    const crossed = await identify(base, { ...auth, visitorToken: known.visitorToken, id: 'u' });
    expect(crossed.status).toBe(401);
  });
});
