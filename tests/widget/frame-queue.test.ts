import { afterEach, describe, expect, it } from 'vitest';
import { mountOnline } from './fakes';

afterEach(() => document.body.replaceChildren());

describe('widget frame: the queue (R7)', () => {
  it('R7: shows the place in line, follows it as it moves, then who joined', async () => {
    const frame = await mountOnline();
    const status = () => frame.query('queue-status');
    expect(status().hidden).toBe(true);

    frame.socket().receive({ type: 'queue.position', conversationId: 'c1', position: 3 });
    expect(status().hidden).toBe(false);
    expect(status().textContent).toBe(
      "You're number 3 in line — you can leave; we'll answer here when you come back.",
    );
    frame.socket().receive({ type: 'queue.position', conversationId: 'c1', position: 1 });
    expect(status().textContent).toContain("You're number 1 in line");

    frame.socket().receive({ type: 'queue.position', conversationId: 'c1', position: null });
    expect(status().hidden).toBe(true);
    frame.socket().receive({ type: 'agent.joined', conversationId: 'c1', agentName: 'Ana' });
    expect(status().hidden).toBe(false);
    expect(status().textContent).toBe('Ana joined');
  });
});
