import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { uuidv7, type Change, type CustomerIdentity } from '../../protocol';
import { parseIdentities } from './customer-fields';
import { mergeIdentities, moveCustomer, selectCustomer, type CustomerRow } from './customer-merge';
import { toCustomer } from './mappers';
import type { Database } from './schema';
import type { IdentifyInput, IdentifyResult, IdentitySecret } from './customer-storage';
import type { RapportStorage } from './storage';
import { change, takeSeqs, UnknownWorkspaceError, writeTransaction } from './sync-log';

type IdentityMethods =
  'getIdentitySecret' | 'rotateIdentitySecret' | 'findCustomerByVisitorToken' | 'identifyCustomer';

/** 32 random bytes, hex: the HMAC key a site uses as a string. */
function newSecret(): string {
  return randomBytes(32).toString('hex');
}

function claims(input: IdentifyInput): CustomerIdentity[] {
  const at = input.now;
  const verified = input.verified;
  const list: CustomerIdentity[] = [{ kind: 'external_id', value: input.externalId, verified, at }];
  if (input.email) list.push({ kind: 'email', value: input.email, verified, at });
  if (input.name) list.push({ kind: 'name', value: input.name, verified, at });
  return list;
}

/** The fields a verified identify writes on the customer it lands on. */
function verifiedFields(row: CustomerRow, input: IdentifyInput, base: Partial<CustomerRow> = {}) {
  const identities = base.identities ?? row.identities;
  return {
    ...base,
    external_id: input.externalId,
    name: input.name ?? base.name ?? row.name,
    email: input.email ?? base.email ?? row.email,
    identities: JSON.stringify(mergeIdentities(parseIdentities(identities), claims(input))),
    last_seen_at: input.now,
  };
}

/** Claims as a set, whenever they were made. */
function claimSet(text: string | null | undefined): string {
  return parseIdentities(text)
    .map((c) => `${c.kind}\u0000${c.value}\u0000${c.verified}`)
    .sort()
    .join('\n');
}

/** A repeated identify (every page load) with nothing new: no write, no seq. */
function changesNothing(row: CustomerRow, fields: Partial<CustomerRow>): boolean {
  return (
    (fields.external_id === undefined || fields.external_id === row.external_id) &&
    (fields.name === undefined || fields.name === row.name) &&
    (fields.email === undefined || fields.email === row.email) &&
    claimSet(fields.identities) === claimSet(row.identities)
  );
}

async function writeCustomer(
  trx: Transaction<Database>,
  row: CustomerRow,
  fields: Partial<CustomerRow>,
  seq: number,
) {
  const updated = await trx
    .updateTable('customers')
    .set({ ...fields, seq })
    .where('workspace_id', '=', row.workspace_id)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const customer = toCustomer(updated);
  return { customer, change: change(seq, 'customer', customer) };
}

/**
 * Identity secrets and `identify` over Kysely. Identify runs in one write transaction that takes
 * the workspace's seq lock first, so concurrent identifies of one external id are serialized: the
 * second one finds the customer the first one linked and merges into it.
 */
export function identityStore(db: Kysely<Database>): Pick<RapportStorage, IdentityMethods> {
  const readSecret = async (workspaceId: string): Promise<IdentitySecret | null> => {
    const row = await db
      .selectFrom('identity_secrets')
      .select(['secret', 'rotated_at'])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row ? { secret: row.secret, rotatedAt: Number(row.rotated_at) } : null;
  };
  const workspaceExists = async (workspaceId: string) =>
    !!(await db
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .executeTakeFirst());

  return {
    async getIdentitySecret(workspaceId, now) {
      const existing = await readSecret(workspaceId);
      if (existing || !(await workspaceExists(workspaceId))) return existing;
      await db
        .insertInto('identity_secrets')
        .values({ workspace_id: workspaceId, secret: newSecret(), rotated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      return readSecret(workspaceId);
    },

    async rotateIdentitySecret(workspaceId, now) {
      if (!(await workspaceExists(workspaceId))) return null;
      const secret = newSecret();
      await db
        .insertInto('identity_secrets')
        .values({ workspace_id: workspaceId, secret, rotated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ secret, rotated_at: now }))
        .execute();
      return { secret, rotatedAt: now };
    },

    async findCustomerByVisitorToken(workspaceId, tokenHash) {
      const linked = await db
        .selectFrom('visitor_tokens')
        .select('customer_id')
        .where('workspace_id', '=', workspaceId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      const base = db.selectFrom('customers').selectAll().where('workspace_id', '=', workspaceId);
      let row = await (
        linked
          ? base.where('id', '=', linked.customer_id)
          : base.where('visitor_token_hash', '=', tokenHash)
      ).executeTakeFirst();
      if (row?.merged_into_id) {
        row = await base.where('id', '=', row.merged_into_id).executeTakeFirst();
      }
      return row ? toCustomer(row) : null;
    },

    identifyCustomer(input) {
      const ws = input.workspaceId;
      return writeTransaction<IdentifyResult>(db, async (trx, abort) => {
        const seq = await takeSeqs(trx, ws, 1).catch((error: unknown) => {
          if (error instanceof UnknownWorkspaceError) return abort(null);
          throw error;
        });
        const current = await selectCustomer(trx, ws, input.customerId);
        if (!current || current.merged_into_id) return abort(null);

        if (!input.verified) {
          // Stored on the visitor's own customer, marked unverified; nothing else changes.
          const identities = mergeIdentities(parseIdentities(current.identities), claims(input));
          const fields = { identities: JSON.stringify(identities), last_seen_at: input.now };
          if (changesNothing(current, fields)) {
            return abort({ outcome: 'claimed', customer: toCustomer(current), changes: [] });
          }
          const written = await writeCustomer(trx, current, fields, seq);
          return { outcome: 'claimed', customer: written.customer, changes: [written.change] };
        }

        const known = await trx
          .selectFrom('customers')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('external_id', '=', input.externalId)
          .executeTakeFirst();

        if (known?.id === current.id || (!known && current.external_id === null)) {
          const fields = verifiedFields(current, input);
          if (changesNothing(current, fields)) {
            return abort({ outcome: 'linked', customer: toCustomer(current), changes: [] });
          }
          const written = await writeCustomer(trx, current, fields, seq);
          return { outcome: 'linked', customer: written.customer, changes: [written.change] };
        }

        if (current.external_id !== null) {
          // Another signed-in user on a browser linked to someone else: this token now stands for
          // that user's customer (found or new). Nothing moves between the two people.
          const target = known ?? (await insertKnownCustomer(trx, input, seq));
          const written = known
            ? await writeCustomer(trx, known, verifiedFields(known, input), seq)
            : null;
          await trx
            .insertInto('visitor_tokens')
            .values({
              workspace_id: ws,
              token_hash: input.tokenHash,
              customer_id: target.id,
              created_at: input.now,
            })
            .onConflict((oc) =>
              oc.columns(['workspace_id', 'token_hash']).doUpdateSet({ customer_id: target.id }),
            )
            .execute();
          const customer = written?.customer ?? toCustomer(target);
          return {
            outcome: 'switched',
            customer,
            changes: [written?.change ?? change(seq, 'customer', customer)],
          };
        }

        // An anonymous visitor who is a known customer: everything of theirs moves there.
        const into = known!;
        const moved = await moveCustomer(trx, ws, current, into);
        const written = await writeCustomer(
          trx,
          into,
          verifiedFields(into, input, moved.fields),
          seq,
        );
        const changes: Change[] = [written.change, ...moved.changes];
        return {
          outcome: 'merged',
          customer: written.customer,
          mergedCustomerId: current.id,
          changes,
        };
      });
    },
  };
}

/** A new customer for a verified external id, at `seq`. Its own token column holds a placeholder. */
async function insertKnownCustomer(
  trx: Transaction<Database>,
  input: IdentifyInput,
  seq: number,
): Promise<CustomerRow> {
  const row: CustomerRow = {
    id: uuidv7(input.now),
    workspace_id: input.workspaceId,
    name: input.name ?? null,
    email: input.email ?? null,
    // Nobody holds a token with this hash: the customer is reached through visitor_tokens.
    visitor_token_hash: `none:${randomUUID()}`,
    created_at: input.now,
    seq,
    external_id: input.externalId,
    phone: null,
    notes: null,
    tags: null,
    identities: JSON.stringify(claims(input)),
    first_seen_at: input.now,
    last_seen_at: input.now,
    last_page: null,
    merged_into_id: null,
  };
  await trx.insertInto('customers').values(row).execute();
  return row;
}
