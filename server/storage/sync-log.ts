import type { Kysely, Transaction } from 'kysely';
import type { Change } from '../../protocol';
import type { Database } from './schema';

// Sequence numbers (SPEC S1). Every write that changes synced entities first takes its numbers
// from the workspace row: `UPDATE workspaces SET last_seq = last_seq + k ... RETURNING last_seq`.
// On Postgres that UPDATE's row lock is held until commit, so the next writer of the workspace
// waits and then gets the numbers after ours: dense and in commit order. On SQLite every
// transaction begins IMMEDIATE (sqlite.ts) and Kysely runs them one at a time on its connection.
// A rolled-back write gives its numbers back with everything else.

/** Take `count` consecutive seqs; returns the first. Throws when the workspace does not exist. */
export async function takeSeqs(
  trx: Transaction<Database>,
  workspaceId: string,
  count: number,
): Promise<number> {
  const row = await trx
    .updateTable('workspaces')
    .set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
    .where('id', '=', workspaceId)
    .returning('last_seq')
    .executeTakeFirst();
  if (!row) throw new UnknownWorkspaceError(workspaceId);
  return Number(row.last_seq) - count + 1;
}

/** A write addressed a workspace that does not exist. */
export class UnknownWorkspaceError extends Error {
  constructor(workspaceId: string) {
    super(
      `Workspace ${workspaceId} does not exist, so nothing was written. ` +
        'Check the workspace id, or create the workspace first.',
    );
    this.name = 'UnknownWorkspaceError';
  }
}

/** Thrown inside a write transaction to roll it back and answer `result` instead. */
class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('The write was rolled back on purpose: nothing changed.');
    this.name = 'Rollback';
  }
}

/**
 * One write transaction. `work` may call `abort(result)` to roll back (giving back any seqs it
 * took) and return `result`: used when a write turns out to change nothing.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>, abort: (result: T) => never) => Promise<T>,
): Promise<T> {
  const abort = (result: T): never => {
    throw new Rollback(result);
  };
  try {
    return await db.transaction().execute((trx) => work(trx, abort));
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
}

/** Build a Change; `data` is the protocol model of the entity. */
export function change<E extends Change['entity']>(
  seq: number,
  entity: E,
  data: Extract<Change, { entity: E }>['data'],
): Change {
  return { seq, entity, data } as Change;
}
