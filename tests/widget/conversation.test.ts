import { describe, expect, it } from 'vitest';
import { ConversationModel } from '../../widget/frame/conversation';
import { message } from './fakes';

describe('conversation model', () => {
  it('marks a pending message sent on its ack and ignores the echo that follows', () => {
    const model = new ConversationModel();
    model.addPending('mine', 'hi', 1);
    const stored = message({ authorKind: 'customer', clientId: 'mine', text: 'hi' });
    model.receive(stored);
    model.receive(stored);
    expect(model.list()).toHaveLength(1);
    expect(model.list()[0]).toMatchObject({ status: 'sent', id: stored.id });
  });

  it('dedupes on id as well as client id', () => {
    const model = new ConversationModel();
    const stored = message();
    model.receive(stored);
    model.receive({ ...stored, clientId: 'other' });
    expect(model.list()).toHaveLength(1);
  });

  it('keeps unsent messages after the server list on reset, and drops those the server has', () => {
    const model = new ConversationModel();
    model.addPending('a', 'first', 1);
    model.addPending('b', 'second', 2);
    const fromServer = message({ authorKind: 'customer', clientId: 'a', text: 'first' });
    const agent = message();
    model.reset([fromServer, agent]);
    expect(model.list().map((entry) => [entry.clientId, entry.status])).toEqual([
      ['a', 'sent'],
      [agent.clientId, 'sent'],
      ['b', 'pending'],
    ]);
    expect(model.pending().map((entry) => entry.clientId)).toEqual(['b']);
  });

  it('fails and retries only unsent messages', () => {
    const model = new ConversationModel();
    model.addPending('a', 'first', 1);
    expect(model.fail('a', 'Too long.')).toMatchObject({ status: 'failed', error: 'Too long.' });
    expect(model.pending()).toEqual([]);
    expect(model.retry('a')).toMatchObject({ status: 'pending', error: null });
    model.receive(message({ clientId: 'a', authorKind: 'customer' }));
    expect(model.fail('a', 'late')).toBeUndefined();
  });

  it('restores saved messages as pending after the list, skipping those already there', () => {
    const model = new ConversationModel();
    const agent = message();
    model.reset([agent]);
    model.addPending('live', 'typed here', 3);
    model.restore([
      { clientId: 'live', text: 'typed here', createdAt: 3 },
      { clientId: 'saved', text: 'from before', createdAt: 2 },
    ]);
    expect(model.list().map((entry) => [entry.clientId, entry.status])).toEqual([
      [agent.clientId, 'sent'],
      ['live', 'pending'],
      ['saved', 'pending'],
    ]);
  });

  it('discards only failed messages', () => {
    const model = new ConversationModel();
    model.addPending('a', 'first', 1);
    expect(model.discard('a')).toBe(false);
    model.fail('a', 'Oops.');
    expect(model.failedWithText('first')?.clientId).toBe('a');
    expect(model.discard('a')).toBe(true);
    expect(model.list()).toEqual([]);
  });
});
