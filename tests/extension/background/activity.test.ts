import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetDb } from '../../../lib/db';
import { sendMessage } from '../../../lib/messaging';
import { startBackground, stopBackground } from '../../../lib/background';
import { Account, ACTIVITY_EVERY_MS } from '../../../lib/background/account';
import type { Connection } from '../../../lib/background/connection';
import type { MetaWriter } from '../../../lib/background/meta';
import { PanelVisibility } from '../../../lib/background/visibility';
import type { AgentClientFrame } from '../../../protocol';
import { FakeSocket, fakeFetch, serverRoutes, signedIn } from './helpers';

const activityFrames = (socket: FakeSocket) => socket.sentOfType('agent.activity').length;

describe('agent activity (R2)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
    FakeSocket.instances = [];
  });
  afterEach(() => {
    stopBackground();
    vi.useRealTimers();
  });

  it('R2: forwards an activity request as agent.activity, at most once per ACTIVITY_EVERY_MS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { socket } = await signedIn();
    expect(activityFrames(socket)).toBe(0);

    expect(await sendMessage('agent.activity')).toEqual({ ok: true });
    expect(activityFrames(socket)).toBe(1);

    // Within the throttle: answered, not sent.
    vi.setSystemTime(Date.now() + ACTIVITY_EVERY_MS - 1);
    expect(await sendMessage('agent.activity')).toEqual({ ok: true });
    expect(activityFrames(socket)).toBe(1);

    vi.setSystemTime(Date.now() + 1);
    await sendMessage('agent.activity');
    expect(activityFrames(socket)).toBe(2);
  });

  it('R2: a side panel in view is not activity', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { socket } = await signedIn();
    expect(await sendMessage('sidepanel.visibility', { visible: true })).toEqual({ ok: true });
    vi.setSystemTime(Date.now() + ACTIVITY_EVERY_MS * 3);
    await sendMessage('sidepanel.visibility', { visible: true });
    expect(activityFrames(socket)).toBe(0);
  });

  it('R2: sends nothing while the socket is down', async () => {
    const { socket } = await signedIn();
    socket.serverClose();
    await sendMessage('agent.activity');
    expect(activityFrames(socket)).toBe(0);
  });

  it('R2: answers not_signed_in when no one is signed in', async () => {
    const { fetch } = fakeFetch(serverRoutes());
    startBackground({ fetch, WebSocket: FakeSocket });
    expect(await sendMessage('agent.activity')).toMatchObject({ ok: false, code: 'not_signed_in' });
  });
});

describe('Account.activity (R2)', () => {
  function account(online: { value: boolean }) {
    const sent: AgentClientFrame[] = [];
    const connection = {
      get online() {
        return online.value;
      },
      send: (frame: AgentClientFrame) => {
        sent.push(frame);
        return online.value;
      },
      reconnect: () => {},
    } as unknown as Connection;
    const session = {
      serverUrl: 'http://127.0.0.1:8787',
      token: 'tok',
      expiresAt: Date.now() + 3_600_000,
      agentId: 'ag1',
      workspaceId: 'ws1',
    };
    const meta = { writeSync: async () => {} } as unknown as MetaWriter;
    const acct = new Account(session, { connection, meta, visibility: new PanelVisibility() });
    return { acct, sent };
  }

  beforeEach(async () => {
    fakeBrowser.reset();
    await resetDb();
  });

  it('R2: sends agent.activity at most once per ACTIVITY_EVERY_MS', () => {
    const { acct, sent } = account({ value: true });
    acct.activity(100_000);
    acct.activity(100_000 + ACTIVITY_EVERY_MS - 1);
    expect(sent).toEqual([{ type: 'agent.activity' }]);
    acct.activity(100_000 + ACTIVITY_EVERY_MS);
    expect(sent).toHaveLength(2);
    acct.stop();
  });

  it('R2: activity while offline is dropped and does not hold back the next one', () => {
    const online = { value: false };
    const { acct, sent } = account(online);
    acct.activity(100_000);
    expect(sent).toEqual([]);
    online.value = true;
    acct.activity(100_001);
    expect(sent).toEqual([{ type: 'agent.activity' }]);
    acct.stop();
  });
});
