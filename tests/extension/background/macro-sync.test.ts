import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Change, MacroPins } from '../../../protocol';
import { getDb, resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { stopBackground } from '../../../lib/background';
import { changes, FakeSocket, initialChanges, macro, pulled, signedIn } from './helpers';

// Macros through the sync log in the background (SPEC S8, S14, S15, S17).

const refund = macro();
const thanks = macro({ id: 'ma2', shortcut: 'thanks', title: 'Thanks' });
const pins = (list: { slot: number; macroId: string }[], updatedAt = 1): MacroPins => ({
  id: 'ag1',
  workspaceId: 'ws1',
  pins: list,
  updatedAt,
});

/** Signed in with refund (seq 4) and thanks (seq 5) after the usual first page: cursor 5. */
function withMacros() {
  return signedIn({ initial: [...initialChanges(), ...changes(4, refund, thanks)] });
}

async function cursor(): Promise<number | undefined> {
  return (await getDb().sync.get('cursor'))?.seq;
}

/** The macro.use frames sent so far. */
function uses(socket: FakeSocket) {
  return socket.sentOfType('macro.use');
}

describe('macros through sync', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.restoreAllMocks();
  });

  it('S14: a live change updates a macro, a tombstone deletes it, the agent’s pins are stored', async () => {
    const { bg, socket } = await withMacros();
    socket.live(changes(6, { ...refund, title: 'Refunds', updatedAt: 2_000 }));
    await bg.idle();
    expect((await getDb().macros.get('ma1'))?.title).toBe('Refunds');
    const deleted: Change = {
      seq: 7,
      entity: 'macroDeleted',
      data: { id: 'ma2', workspaceId: 'ws1', ownerId: null },
    };
    const pinned: Change = {
      seq: 8,
      entity: 'macroPins',
      data: pins([{ slot: 1, macroId: 'ma1' }]),
    };
    socket.live([deleted, pinned]);
    await bg.idle();
    expect(await getDb().macros.get('ma2')).toBeUndefined();
    expect(await getDb().macroPins.get('ag1')).toEqual(pinned.data);
    expect(await cursor()).toBe(8);
  });

  it('S14: in one page, a macro deleted then visible again ends up cached (changes apply by seq)', async () => {
    const { bg, socket } = await withMacros();
    const tombstone: Change = {
      seq: 6,
      entity: 'macroDeleted',
      data: { id: 'ma1', workspaceId: 'ws1', ownerId: null },
    };
    const mine = { ...refund, scope: 'personal' as const, ownerId: 'ag1', updatedAt: 3_000 };
    socket.live([tombstone, ...changes(7, mine)]);
    await bg.idle();
    expect(await getDb().macros.get('ma1')).toEqual(mine);
  });

  it('S8/S14: a frame whose range holds no change for this agent still moves the cursor; a later one is not a gap', async () => {
    const { bg, socket } = await withMacros();
    socket.live([], { from: 6, to: 8 });
    await bg.idle();
    expect(await cursor()).toBe(8);
    socket.live(changes(9, { ...thanks, usageCount: 4 }));
    await bg.idle();
    expect(await cursor()).toBe(9);
    expect((await getDb().macros.get('ma2'))?.usageCount).toBe(4);
    expect(socket.pulls).toHaveLength(1); // no gap, no pull
    // A range already covered is ignored; one that starts later is a gap.
    socket.live([], { from: 7, to: 9 });
    socket.live([], { from: 11, to: 11 });
    await pulled(socket, 2);
    expect(socket.pulls[1]?.since).toBe(9);
  });

  it('S8: a frame that overlaps the cursor applies only the changes above it', async () => {
    const { bg, socket } = await withMacros();
    const older = { ...refund, title: 'Old', updatedAt: 500 };
    const newer = { ...thanks, title: 'New', updatedAt: 2_000 };
    socket.live([...changes(5, older), ...changes(6, newer)]);
    await bg.idle();
    expect((await getDb().macros.get('ma1'))?.title).toBe('Refund');
    expect((await getDb().macros.get('ma2'))?.title).toBe('New');
    expect(await cursor()).toBe(6);
  });

  it('S17: REST-era macros (legacy) stay until the first complete pull, which drops those it did not bring', async () => {
    const { bg, socket } = await signedIn({ deps: { random: () => 0 } });
    const gone = macro({ id: 'ma9', shortcut: 'gone' });
    await getDb().macros.bulkPut([
      { ...refund, legacy: 1 },
      { ...gone, legacy: 1 },
    ]);
    socket.serverClose();
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(2));
    const next = FakeSocket.last;
    next.welcome({ headSeq: 5 });
    await pulled(next, 1);
    next.page(changes(4, refund), { hasMore: true, headSeq: 5 });
    await pulled(next, 2);
    await vi.waitFor(async () => expect(await cursor()).toBe(4));
    // Not complete yet: the REST-era row is still there for offline use.
    expect(await getDb().macros.get('ma9')).toMatchObject({ legacy: 1 });
    next.page(changes(5, thanks), { headSeq: 5 });
    await bg.idle();
    expect((await getDb().macros.toArray()).map((m) => m.id).sort()).toEqual(['ma1', 'ma2']);
    expect(await getDb().macros.get('ma1')).toEqual(refund); // no longer marked
  });

  it('S3: a new epoch drops the cached macros and pins with the rest', async () => {
    const { bg, socket } = await signedIn({
      initial: [
        ...initialChanges(),
        ...changes(4, refund),
        { seq: 5, entity: 'macroPins', data: pins([{ slot: 2, macroId: 'ma1' }]) },
      ],
      deps: { random: () => 0 },
    });
    socket.serverClose();
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(2));
    const next = FakeSocket.last;
    next.welcome({ syncEpoch: 'epoch-2' });
    await pulled(next, 1);
    expect(await getDb().macros.count()).toBe(0);
    expect(await getDb().macroPins.count()).toBe(0);
    next.page([], { epoch: 'epoch-2' });
    await bg.idle();
  });

  it('S15: macro.used bumps the cached count at once, queues one macro.use and sends it once', async () => {
    const { bg, socket } = await withMacros();
    expect(await sendMessage('macro.used', { macroId: 'ma1' })).toEqual({ ok: true });
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(1);
    await vi.waitFor(() => expect(uses(socket)).toHaveLength(1));
    const [frame] = uses(socket);
    expect(frame).toMatchObject({ type: 'macro.use', macroId: 'ma1' });
    expect(frame?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    // Another agent's use committed before ours arrives while ours is pending: ours is kept.
    socket.live(changes(6, { ...refund, usageCount: 5 }));
    await bg.account!.sync.idle();
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(6);
    socket.receive({ type: 'ack', clientId: frame!.clientId });
    socket.live(changes(7, { ...refund, usageCount: 6 }));
    await bg.idle();
    expect(await getDb().outbox.count()).toBe(0);
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(6);
    expect(uses(socket)).toHaveLength(1);
  });

  it('S15: offline uses wait in the outbox and are sent after the next welcome with the same client ids', async () => {
    const { socket } = await signedIn({
      initial: [...initialChanges(), ...changes(4, refund)],
      deps: { random: () => 0.999 },
    });
    socket.serverClose(1006);
    await sendMessage('macro.used', { macroId: 'ma1' });
    await sendMessage('macro.used', { macroId: 'ma1' });
    expect((await getDb().macros.get('ma1'))?.usageCount).toBe(2);
    const queued = (await getDb().outbox.toArray()).map((e) => e.clientId);
    expect(queued).toHaveLength(2);
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(2), { timeout: 3_000 });
    const next = FakeSocket.last;
    next.welcome();
    await pulled(next, 1);
    next.page([]);
    await vi.waitFor(() => expect(uses(next)).toHaveLength(1));
    // Cut before the ack: the same write goes again on the next socket.
    next.serverClose(1006);
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(3), { timeout: 3_000 });
    const third = FakeSocket.last;
    third.welcome();
    await pulled(third, 1);
    third.page([]);
    await vi.waitFor(() => expect(uses(third)).toHaveLength(1));
    expect(uses(third)[0]?.clientId).toBe(queued[0]);
    third.receive({ type: 'ack', clientId: queued[0]! });
    await vi.waitFor(() => expect(uses(third)).toHaveLength(2));
    expect(uses(third)[1]?.clientId).toBe(queued[1]);
  });

  it('S15: a refused use is dropped, not kept as failed', async () => {
    const { bg, socket } = await withMacros();
    await sendMessage('macro.used', { macroId: 'ma1' });
    await vi.waitFor(() => expect(uses(socket)).toHaveLength(1));
    const clientId = uses(socket)[0]!.clientId;
    socket.receive({ type: 'error', code: 'invalid_request', message: 'No.', clientId });
    await bg.idle();
    expect(await getDb().outbox.count()).toBe(0);
  });
});
