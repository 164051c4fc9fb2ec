import Dexie from 'dexie';
import type { Customer } from '../../protocol';
import type { RapportDb } from '../db';
import { normalizeEmail, normalizePhone } from '../overlay/recognize/patterns';
import type { RecognizedCustomer } from '../overlay/protocol';

// The background's index for recognizing customers on web pages: normalized identifier →
// customer id, built from the cached customers' OWN `email` and `phone` fields only (never from
// identity claims, verified or not: an unverified claim must not reveal anyone), skipping
// customers merged into another. Built lazily on the first lookup after the customers table
// changed (Dexie's `storagemutated`, which every write of this database fires): a sync that
// touches customers costs one flag, not a rebuild.

type ObservabilitySet = Record<string, unknown>;

/** The identifiers a customer is recognized by (0 to 2). */
export function customerIdentifiers(customer: Customer): string[] {
  if (customer.mergedIntoId) return [];
  const ids: string[] = [];
  const email = normalizeEmail(customer.email);
  const phone = normalizePhone(customer.phone);
  if (email) ids.push(email);
  if (phone) ids.push(phone);
  return ids;
}

const seenAt = (c: Customer): number => c.lastSeenAt ?? c.createdAt;

export class CustomerIndex {
  private index: Promise<Map<string, string>> | null = null;
  private generation = 0;
  /** How many times the index was built (tests and the benchmark). */
  builds = 0;
  private readonly prefix: string;
  private readonly onMutated = (parts: ObservabilitySet): void => {
    for (const key in parts) {
      if (key.startsWith(this.prefix)) {
        this.generation++;
        this.index = null;
        return;
      }
    }
  };

  constructor(readonly db: RapportDb) {
    this.prefix = `idb://${db.name}/customers/`;
    Dexie.on('storagemutated', this.onMutated);
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
    this.index = null;
  }

  /** The customer id of each identifier that belongs to a known customer. */
  async lookup(identifiers: readonly string[]): Promise<Map<string, string>> {
    const index = await this.current();
    const found = new Map<string, string>();
    for (const identifier of identifiers) {
      const id = index.get(identifier);
      if (id !== undefined) found.set(identifier, id);
    }
    return found;
  }

  private current(): Promise<Map<string, string>> {
    if (this.index) return this.index;
    const generation = this.generation;
    const building = this.build();
    this.index = building;
    // A failed build is not kept; one that raced a write is used once, then built again.
    building.then(
      () => {
        if (generation !== this.generation && this.index === building) this.index = null;
      },
      () => {
        if (this.index === building) this.index = null;
      },
    );
    return building;
  }

  private async build(): Promise<Map<string, string>> {
    this.builds++;
    const index = new Map<string, string>();
    const at = new Map<string, number>();
    await this.db.customers.each((customer) => {
      for (const identifier of customerIdentifiers(customer)) {
        // Two customers with one address: the one seen last (the one the agent knows now).
        const other = at.get(identifier);
        if (other !== undefined && other >= seenAt(customer)) continue;
        index.set(identifier, customer.id);
        at.set(identifier, seenAt(customer));
      }
    });
    return index;
  }
}

/** Each customer's latest conversation, newest first, until every one is found. */
export async function latestConversations(
  db: RapportDb,
  customerIds: ReadonlySet<string>,
): Promise<Map<string, { id: string; lastActivityAt: number; assigneeId: string | null }>> {
  const latest = new Map<
    string,
    { id: string; lastActivityAt: number; assigneeId: string | null }
  >();
  if (customerIds.size === 0) return latest;
  await db.conversations
    .orderBy('lastActivityAt')
    .reverse()
    .until(() => latest.size === customerIds.size)
    .each((c) => {
      if (customerIds.has(c.customerId) && !latest.has(c.customerId)) {
        latest.set(c.customerId, {
          id: c.id,
          lastActivityAt: c.lastActivityAt,
          assigneeId: c.assigneeId,
        });
      }
    });
  return latest;
}

/** The page's candidates that are known customers, with what the card shows. */
export async function recognize(
  index: CustomerIndex,
  candidates: readonly string[],
): Promise<RecognizedCustomer[]> {
  const db = index.db;
  const found = await index.lookup(candidates);
  if (found.size === 0) return [];
  const ids = new Set(found.values());
  const [customers, latest] = await Promise.all([
    db.customers.bulkGet([...ids]),
    latestConversations(db, ids),
  ]);
  const byId = new Map(customers.flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const agentIds = [...new Set([...latest.values()].flatMap((c) => c.assigneeId ?? []))];
  const agents = await db.agents.bulkGet(agentIds);
  const agentName = new Map(agents.flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
  const matches: RecognizedCustomer[] = [];
  for (const [identifier, customerId] of found) {
    const customer = byId.get(customerId);
    if (!customer) continue;
    const conversation = latest.get(customerId);
    const match: RecognizedCustomer = {
      identifier,
      customerId,
      name: customer.name ?? customer.email ?? customer.phone ?? null,
    };
    if (conversation) {
      match.lastConversationAt = conversation.lastActivityAt;
      const name = conversation.assigneeId ? agentName.get(conversation.assigneeId) : undefined;
      if (name) match.lastAgentName = name;
    }
    matches.push(match);
  }
  return matches;
}
