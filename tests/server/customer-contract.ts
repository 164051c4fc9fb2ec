import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGES_KEPT_PER_CUSTOMER, uuidv7, type Change } from '../../protocol';
import type { IdentifyInput } from '../../server/storage/customer-storage';
import type { RapportStorage } from '../../server/storage/storage';
import type { StorageUnderTest } from './storage-contract';

/** Consecutive seqs, right after `head`. */
function expectDense(changes: Change[], head: number): void {
  expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => head + 1 + i));
}

/**
 * Identity secrets, identify (claim, link, merge, switch), page views and profiles: the same on
 * every database. The HTTP behaviour is in identity.test.ts and customers.test.ts.
 */
export function runCustomerContract(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`customer storage contract: ${name}`, () => {
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

    async function shop() {
      const workspace = await storage.createWorkspace({ name: 'Shop', now: tick() });
      const agent = await storage.createAgent({
        workspaceId: workspace.id,
        email: `a-${workspace.id}@example.test`,
        name: 'Ada',
        role: 'agent',
        passwordHash: 'hash',
        now: tick(),
      });
      return { ws: workspace.id, agent };
    }

    async function visitor(ws: string, token = uuidv7()) {
      const { customer } = await storage.createCustomer({
        workspaceId: ws,
        visitorTokenHash: token,
        now: tick(),
      });
      return { customer, token };
    }

    const identify = (
      ws: string,
      v: { customer: { id: string }; token: string },
      externalId: string,
      verified: boolean,
      extra: Partial<IdentifyInput> = {},
    ) =>
      storage.identifyCustomer({
        workspaceId: ws,
        customerId: v.customer.id,
        tokenHash: v.token,
        externalId,
        verified,
        now: tick(),
        ...extra,
      });

    const head = async (ws: string) => (await storage.getSyncHead(ws))!.headSeq;

    it('creates the identity secret on first use, keeps it, and rotates it', async () => {
      const { ws } = await shop();
      expect(await storage.getIdentitySecret('missing', tick())).toBeNull();
      expect(await storage.rotateIdentitySecret('missing', tick())).toBeNull();
      const first = await storage.getIdentitySecret(ws, tick());
      expect(first?.secret).toMatch(/^[0-9a-f]{64}$/);
      expect(await storage.getIdentitySecret(ws, tick())).toEqual(first);
      const rotated = await storage.rotateIdentitySecret(ws, now + 5);
      expect(rotated).toEqual({
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
        rotatedAt: now + 5,
      });
      expect(rotated?.secret).not.toBe(first?.secret);
      expect(await storage.getIdentitySecret(ws, tick())).toEqual(rotated);
      const other = await shop();
      expect((await storage.getIdentitySecret(other.ws, tick()))?.secret).not.toBe(rotated?.secret);
    });

    it('stores an unverified claim on the visitor only, and does not repeat a write for it', async () => {
      const { ws } = await shop();
      const known = await visitor(ws);
      await identify(ws, known, 'u1', true);
      const stranger = await visitor(ws);
      const before = await head(ws);
      const claimed = await identify(ws, stranger, 'u1', false, { email: 'u1@example.test' });
      expect(claimed?.outcome).toBe('claimed');
      expect(claimed?.customer).toMatchObject({ id: stranger.customer.id, externalId: null });
      expect(claimed?.customer.identities).toEqual([
        expect.objectContaining({ kind: 'external_id', value: 'u1', verified: false }),
        expect.objectContaining({ kind: 'email', value: 'u1@example.test', verified: false }),
      ]);
      expectDense(claimed!.changes, before);
      const again = await identify(ws, stranger, 'u1', false, { email: 'u1@example.test' });
      expect(again?.changes).toEqual([]);
      expect((await storage.findCustomerByVisitorToken(ws, stranger.token))?.id).toBe(
        stranger.customer.id,
      );
    });

    it('links, then merges a second visitor: conversations, messages, pages and tokens move', async () => {
      const { ws, agent } = await shop();
      const first = await visitor(ws);
      const linked = await identify(ws, first, 'u1', true, { name: 'Grace', email: 'g@x.test' });
      expect(linked?.outcome).toBe('linked');
      expect(linked?.customer).toMatchObject({
        externalId: 'u1',
        name: 'Grace',
        email: 'g@x.test',
      });
      expect((await identify(ws, first, 'u1', true, { name: 'Grace' }))?.changes).toEqual([]);
      await storage.appendCustomerMessage({
        workspaceId: ws,
        customerId: first.customer.id,
        clientId: uuidv7(),
        text: 'old question',
        now: tick(),
      });

      const second = await visitor(ws);
      const asked = await storage.appendCustomerMessage({
        workspaceId: ws,
        customerId: second.customer.id,
        clientId: uuidv7(),
        text: 'new question',
        now: tick(),
      });
      if (asked.status !== 'created') throw new Error(asked.status);
      await storage.assignConversation(ws, asked.conversation.id, agent.id);
      await storage.recordPageView({
        workspaceId: ws,
        customerId: second.customer.id,
        url: 'https://shop.example/cart',
        title: 'Cart',
        now: tick(),
      });
      await storage.updateCustomer(ws, second.customer.id, { notes: 'Asked about returns' });

      const before = await head(ws);
      const merged = await identify(ws, second, 'u1', true);
      expect(merged?.outcome).toBe('merged');
      expect(merged?.mergedCustomerId).toBe(second.customer.id);
      expect(merged?.customer).toMatchObject({
        id: first.customer.id,
        notes: 'Asked about returns',
        lastPage: { url: 'https://shop.example/cart' },
        firstSeenAt: first.customer.createdAt,
      });
      // The known customer, the moved message, the moved conversation, the merged visitor.
      expect(merged?.changes.map((c) => `${c.entity}:${c.data.id}`)).toEqual([
        `customer:${first.customer.id}`,
        `message:${asked.message.id}`,
        `conversation:${asked.conversation.id}`,
        `customer:${second.customer.id}`,
      ]);
      expectDense(merged!.changes, before);
      expect(await head(ws)).toBe(before + 4);

      expect((await storage.findCustomerByVisitorToken(ws, second.token))?.id).toBe(
        first.customer.id,
      );
      expect(await storage.getConversation(ws, asked.conversation.id)).toMatchObject({
        customerId: first.customer.id,
        assigneeId: agent.id,
      });
      const profile = await storage.getCustomerProfile(ws, second.customer.id);
      expect(profile?.customer.id).toBe(first.customer.id);
      expect(profile?.conversations.map((c) => [c.id, c.assigneeName])).toEqual([
        [asked.conversation.id, 'Ada'],
        [expect.any(String), null],
      ]);
      expect(profile?.pages.map((p) => p.url)).toEqual(['https://shop.example/cart']);
      // A retried send of the moved message is still a duplicate, now as the known customer.
      const retried = await storage.appendCustomerMessage({
        workspaceId: ws,
        customerId: first.customer.id,
        clientId: asked.message.clientId,
        text: 'new question',
        now: tick(),
      });
      expect(retried.status).toBe('duplicate');
    });

    it('switches a token to another verified user without moving anything between them', async () => {
      const { ws } = await shop();
      const browser = await visitor(ws);
      await identify(ws, browser, 'x', true);
      const switched = await identify(ws, browser, 'y', true);
      expect(switched?.outcome).toBe('switched');
      expect(switched?.customer).toMatchObject({ externalId: 'y' });
      expect(switched?.customer.id).not.toBe(browser.customer.id);
      expect((await storage.findCustomerByVisitorToken(ws, browser.token))?.id).toBe(
        switched?.customer.id,
      );
      expect((await storage.getCustomer(ws, browser.customer.id))?.externalId).toBe('x');
      // Back to x: the token stands for x's customer again.
      const back = await identify(ws, { ...browser, customer: switched!.customer }, 'x', true);
      expect(back?.customer.id).toBe(browser.customer.id);
    });

    it('ends concurrent verified identifies of one id on one customer', async () => {
      const { ws } = await shop();
      const visitors = await Promise.all([visitor(ws), visitor(ws), visitor(ws)]);
      const other = await subject.connect();
      const results = await Promise.all(
        visitors.map((v, i) =>
          (i % 2 ? other : storage).identifyCustomer({
            workspaceId: ws,
            customerId: v.customer.id,
            tokenHash: v.token,
            externalId: 'same',
            verified: true,
            now: tick(),
          }),
        ),
      );
      const ids = new Set(results.map((r) => r?.customer.id));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => r?.outcome === 'linked')).toHaveLength(1);
      for (const v of visitors) {
        expect((await storage.findCustomerByVisitorToken(ws, v.token))?.id).toBe([...ids][0]);
      }
    });

    it('keeps the latest pages, skips an immediate repeat, and updates last seen', async () => {
      const { ws } = await shop();
      const v = await visitor(ws);
      const view = (url: string, at = tick()) =>
        storage.recordPageView({
          workspaceId: ws,
          customerId: v.customer.id,
          url,
          title: url,
          now: at,
        });
      for (let i = 0; i < PAGES_KEPT_PER_CUSTOMER + 3; i++) await view(`https://s.example/${i}`);
      const last = `https://s.example/${PAGES_KEPT_PER_CUSTOMER + 2}`;
      expect((await view(last))?.changes).toEqual([]);
      const profile = await storage.getCustomerProfile(ws, v.customer.id);
      expect(profile?.pages).toHaveLength(PAGES_KEPT_PER_CUSTOMER);
      expect(profile?.pages[0]?.url).toBe(last);
      expect(profile?.pages.at(-1)?.url).toBe('https://s.example/3');
      expect(profile?.customer.lastSeenAt).toBe(profile?.pages[0]?.at);
      expect(
        await storage.recordPageView({
          workspaceId: ws,
          customerId: 'missing',
          url: last,
          title: '',
          now: tick(),
        }),
      ).toBeNull();
    });

    it('updates profile fields with one seq, and takes none when nothing changes', async () => {
      const { ws } = await shop();
      const v = await visitor(ws);
      const before = await head(ws);
      const written = await storage.updateCustomer(ws, v.customer.id, {
        name: 'Grace',
        phone: '+1 555',
        notes: 'VIP',
        tags: ['a', 'b'],
      });
      expect(written?.customer).toMatchObject({
        name: 'Grace',
        phone: '+1 555',
        notes: 'VIP',
        tags: ['a', 'b'],
      });
      expectDense(written!.changes, before);
      expect(
        (await storage.updateCustomer(ws, v.customer.id, { name: 'Grace', tags: ['a', 'b'] }))
          ?.changes,
      ).toEqual([]);
      expect(await storage.updateCustomer(ws, 'missing', { name: 'x' })).toBeNull();
      const other = await shop();
      expect(await storage.updateCustomer(other.ws, v.customer.id, { name: 'x' })).toBeNull();
      expect(await storage.getCustomerProfile(other.ws, v.customer.id)).toBeNull();
    });

    it('keeps external ids per workspace', async () => {
      const a = await shop();
      const b = await shop();
      const inA = await visitor(a.ws);
      const inB = await visitor(b.ws);
      await identify(a.ws, inA, 'u1', true);
      const linked = await identify(b.ws, inB, 'u1', true);
      expect(linked?.outcome).toBe('linked');
      expect(linked?.customer.id).toBe(inB.customer.id);
      expect(await identify(b.ws, inA, 'u1', true)).toBeNull();
      expect(await storage.findCustomerByVisitorToken(b.ws, inA.token)).toBeNull();
    });
  });
}
