import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  accountDbName,
  activateDb,
  deleteAccountDb,
  getDb,
  getMetaDb,
  openActiveDb,
  RapportDb,
  resetDb,
} from '../../lib/db';
import type { Macro } from '../../protocol';

const v1Message = {
  id: 'me1',
  workspaceId: 'ws1',
  conversationId: 'co1',
  authorKind: 'customer',
  authorId: 'cu1',
  authorName: null,
  text: 'Hello',
  createdAt: 1_000,
  clientId: 'cl1',
};

describe('the Dexie databases', () => {
  beforeEach(async () => {
    await resetDb();
  });

  it('upgrades a version-1 cache: messages become sent, the new tables exist', async () => {
    const name = 'rapport-upgrade-test';
    const v1 = new Dexie(name);
    v1.version(1).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], clientId',
      customers: 'id',
      agents: 'id',
      state: 'key',
    });
    await v1.table('messages').bulkPut([v1Message, { ...v1Message, id: 'me2', clientId: 'cl2' }]);
    await v1.table('state').put({ key: 'connection', status: 'online' });
    v1.close();

    const db = new RapportDb(name);
    expect(await db.messages.toArray()).toEqual([
      { ...v1Message, delivery: 'sent' },
      { ...v1Message, id: 'me2', clientId: 'cl2', delivery: 'sent' },
    ]);
    expect(await db.messages.where('unsent').equals(1).count()).toBe(0);
    expect(db.verno).toBe(6);
    expect(db.tables.map((table) => table.name).sort()).toEqual([
      'agents',
      'conversations',
      'customerProfiles',
      'customers',
      'history',
      'macroPins',
      'macros',
      'messages',
      'outbox',
      'sync',
    ]);
    expect(await db.outbox.count()).toBe(0);
    await db.outbox.add({
      kind: 'conversation.read',
      conversationId: 'co1',
      clientId: 'x',
      status: 'pending',
      createdAt: 1,
    });
    await expect(
      db.outbox.add({
        kind: 'conversation.read',
        conversationId: 'co1',
        clientId: 'x',
        status: 'pending',
        createdAt: 2,
      }),
    ).rejects.toThrow(); // client ids are unique
    db.close();
    await Dexie.delete(name);
  });

  it('upgrades a version-2 cache: unsent messages get the sparse index, sent ones stay out of it', async () => {
    const name = 'rapport-upgrade-test-2';
    const v2 = new Dexie(name);
    v2.version(2).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], clientId, delivery',
      customers: 'id',
      agents: 'id',
      outbox: '++order, &clientId, status',
      sync: 'key',
      history: 'conversationId',
    });
    const sent = { ...v1Message, delivery: 'sent' };
    const pending = { ...v1Message, id: 'cl2', clientId: 'cl2', delivery: 'pending' };
    const failed = { ...v1Message, id: 'cl3', clientId: 'cl3', delivery: 'failed', failure: 'No.' };
    await v2.table('messages').bulkPut([sent, pending, failed]);
    await v2.table('sync').put({ key: 'cursor', seq: 7, epoch: 'e1' });
    v2.close();

    const db = new RapportDb(name);
    expect(await db.messages.toArray()).toEqual([
      { ...pending, unsent: 1 },
      { ...failed, unsent: 1 },
      sent,
    ]);
    expect((await db.messages.where('unsent').equals(1).primaryKeys()).sort()).toEqual([
      'cl2',
      'cl3',
    ]);
    expect(db.verno).toBe(6);
    const messages = db.tables.find((table) => table.name === 'messages')!;
    expect(messages.schema.indexes.map((index) => index.name).sort()).toEqual([
      '[conversationId+createdAt]',
      'unsent',
    ]);
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 7, epoch: 'e1' });
    db.close();
    await Dexie.delete(name);
  });

  it('S17: upgrades a version-4 cache: REST-fetched macros are kept but marked legacy; pins table', async () => {
    const name = 'rapport-upgrade-test-4';
    const v4 = new Dexie(name);
    v4.version(4).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], unsent',
      customers: 'id',
      agents: 'id',
      outbox: '++order, &clientId, status',
      sync: 'key',
      history: 'conversationId',
      macros: 'id, shortcut',
    });
    const macro: Macro = {
      id: 'ma1',
      workspaceId: 'ws1',
      scope: 'team',
      ownerId: null,
      shortcut: 'refund',
      title: 'Refund',
      body: 'Refunds take 5 days.',
      tags: [],
      usageCount: 2,
      createdAt: 1,
      updatedAt: 1,
    };
    await v4.table('macros').bulkPut([macro, { ...macro, id: 'ma2', shortcut: 'thanks' }]);
    await v4.table('sync').put({ key: 'cursor', seq: 42, epoch: 'e1' });
    v4.close();

    const db = new RapportDb(name);
    expect(db.verno).toBe(6);
    expect(await db.macros.where('legacy').equals(1).primaryKeys()).toEqual(['ma1', 'ma2']);
    expect(await db.macros.get('ma1')).toEqual({ ...macro, legacy: 1 });
    // The cursor is kept: the next pull brings every macro again (server migration 0004).
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 42, epoch: 'e1' });
    await db.macros.put(macro); // as the pull stores it: out of the sparse index
    expect(await db.macros.where('legacy').equals(1).primaryKeys()).toEqual(['ma2']);
    const pins = {
      id: 'ag1',
      workspaceId: 'ws1',
      pins: [{ slot: 1, macroId: 'ma1' }],
      updatedAt: 1,
    };
    await db.macroPins.put(pins);
    expect(await db.macroPins.get('ag1')).toEqual(pins);
    db.close();
    await Dexie.delete(name);
  });

  it('upgrades a version-5 cache: conversations are indexed by customer; a profiles table', async () => {
    const name = 'rapport-upgrade-test-5';
    const v5 = new Dexie(name);
    v5.version(5).stores({
      conversations: 'id, lastActivityAt, status',
      messages: 'id, [conversationId+createdAt], unsent',
      customers: 'id',
      agents: 'id',
      outbox: '++order, &clientId, status',
      sync: 'key',
      history: 'conversationId',
      macros: 'id, shortcut, legacy',
      macroPins: 'id',
    });
    const base = {
      workspaceId: 'ws1',
      status: 'open',
      assigneeId: null,
      createdAt: 1,
      lastActivityAt: 1,
      lastMessagePreview: '',
      unreadCount: 0,
    };
    await v5.table('conversations').bulkPut([
      { ...base, id: 'co1', customerId: 'cu1' },
      { ...base, id: 'co2', customerId: 'cu2' },
      { ...base, id: 'co3', customerId: 'cu1' },
    ]);
    await v5.table('sync').put({ key: 'cursor', seq: 9, epoch: 'e1' });
    v5.close();

    const db = new RapportDb(name);
    expect(db.verno).toBe(6);
    expect((await db.conversations.where('customerId').equals('cu1').primaryKeys()).sort()).toEqual(
      ['co1', 'co3'],
    );
    expect(await db.sync.get('cursor')).toEqual({ key: 'cursor', seq: 9, epoch: 'e1' });
    const profile = {
      customerId: 'cu1',
      customer: { id: 'cu1', workspaceId: 'ws1', name: 'Grace', email: null, createdAt: 1 },
      conversations: [],
      pages: [{ url: 'https://shop.test/', title: 'Shop', at: 2 }],
      fetchedAt: 3,
    };
    await db.customerProfiles.put(profile);
    expect(await db.customerProfiles.get('cu1')).toEqual(profile);
    db.close();
    await Dexie.delete(name);
  });

  it('S12: names one database per server, workspace and agent', () => {
    const name = accountDbName('https://chat.example.com/', 'ws1', 'ag1');
    expect(name).toMatch(/^rapport-data-[0-9a-z]+-ws1-ag1$/);
    expect(accountDbName('https://chat.example.com', 'ws1', 'ag1')).toBe(name);
    expect(accountDbName('https://other.example.com', 'ws1', 'ag1')).not.toBe(name);
    expect(accountDbName('https://chat.example.com', 'ws2', 'ag1')).not.toBe(name);
    expect(accountDbName('https://chat.example.com', 'ws1', 'ag2')).not.toBe(name);
  });

  it('S12: activates the session database for pages and deletes it on sign-out', async () => {
    expect(getDb().name).toBe('rapport-data-none');
    expect(await openActiveDb()).toBeUndefined();
    const dbName = accountDbName('https://chat.example.com', 'ws1', 'ag1');
    await getMetaDb().state.put({
      key: 'session',
      agentId: 'ag1',
      workspaceId: 'ws1',
      workspaceName: 'Acme',
      serverUrl: 'https://chat.example.com',
      dbName,
    });
    expect(await openActiveDb()).toMatchObject({ dbName });
    expect(getDb().name).toBe(dbName);
    await getDb().sync.put({ key: 'cursor', seq: 5, epoch: 'e' });
    expect(activateDb(dbName)).toBe(getDb());

    await deleteAccountDb(dbName);
    expect(await Dexie.exists(dbName)).toBe(false);
    expect(getDb().name).toBe('rapport-data-none');
  });
});
