import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createKyselyStorage } from '../../server/storage/kysely-storage';
import type { Database } from '../../server/storage/schema';

// After 0005 on a database that had customers (seedAt0001, then every migration before 0005):
// old customers read with an empty profile, every workspace has its own identity secret, old
// visitor tokens still work, and identify, pages and profile edits work on old rows.

const T = 1_700_000_000_000;

export async function expectIdentityAfter0005(db: Kysely<unknown>): Promise<void> {
  const storage = createKyselyStorage(db as Kysely<Database>);
  const customer = await storage.findCustomerByVisitorToken('ws-a', 'ws-a-token');
  expect(customer).toMatchObject({
    id: 'ws-a-cust',
    externalId: null,
    phone: null,
    notes: '',
    tags: [],
    identities: [],
    firstSeenAt: T + 2,
    lastSeenAt: T + 2,
    lastPage: null,
    mergedIntoId: null,
  });
  const a = await storage.getIdentitySecret('ws-a', T + 100);
  const b = await storage.getIdentitySecret('ws-b', T + 100);
  expect(a?.secret).toMatch(/^[0-9a-f]{64}$/);
  expect(b?.secret).toMatch(/^[0-9a-f]{64}$/);
  expect(a?.secret).not.toBe(b?.secret);
  expect(a?.rotatedAt).not.toBe(T + 100); // made by the migration, not on this first read

  const linked = await storage.identifyCustomer({
    workspaceId: 'ws-a',
    customerId: 'ws-a-cust',
    tokenHash: 'ws-a-token',
    externalId: 'user-1',
    verified: true,
    now: T + 101,
  });
  expect(linked?.outcome).toBe('linked');
  await storage.recordPageView({
    workspaceId: 'ws-a',
    customerId: 'ws-a-cust',
    url: 'https://shop.example/',
    title: 'Home',
    now: T + 102,
  });
  const profile = await storage.getCustomerProfile('ws-a', 'ws-a-cust');
  expect(profile?.conversations.map((c) => c.id)).toEqual(['ws-a-conv']);
  expect(profile?.pages).toEqual([{ url: 'https://shop.example/', title: 'Home', at: T + 102 }]);
  expect(profile?.customer).toMatchObject({ externalId: 'user-1', lastSeenAt: T + 102 });
}
