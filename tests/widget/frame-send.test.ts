import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../protocol/version';
import { message, mountFrame, mountOnline, typeAndSend, welcome } from './fakes';

afterEach(() => document.body.replaceChildren());

function sentMessages(frame: Awaited<ReturnType<typeof mountFrame>>) {
  return frame.sockets.flatMap((socket) => socket.framesOfType('message.send'));
}

describe('widget frame: sending', () => {
  it('shows a message at once as pending and marks it sent on the ack', async () => {
    const frame = await mountOnline();
    typeAndSend(frame, '  Where is my order?  ');
    const [bubble] = frame.queryAll('message');
    expect(bubble?.dataset.status).toBe('pending');
    expect(bubble?.dataset.authorKind).toBe('customer');
    expect(frame.composer().value).toBe('');
    const [sent] = frame.socket().framesOfType('message.send');
    expect(sent).toMatchObject({ type: 'message.send', text: 'Where is my order?' });
    const clientId = sent!.clientId as string;
    expect(clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    const stored = message({ authorKind: 'customer', clientId, text: 'Where is my order?' });
    frame.socket().receive({ type: 'message.ack', clientId, message: stored });
    frame.socket().receive({ type: 'message.created', message: stored });
    const bubbles = frame.queryAll('message');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0]?.dataset.status).toBe('sent');
    expect(bubbles[0]?.querySelector('[data-testid="message-text"]')?.textContent).toBe(
      'Where is my order?',
    );
  });

  it('does not double its own message when message.created comes before the ack', async () => {
    const frame = await mountOnline();
    typeAndSend(frame, 'hi');
    const clientId = frame.socket().framesOfType('message.send')[0]!.clientId as string;
    const stored = message({ authorKind: 'customer', clientId, text: 'hi' });
    frame.socket().receive({ type: 'message.created', message: stored });
    frame.socket().receive({ type: 'message.ack', clientId, message: stored });
    expect(frame.queryAll('message').map((b) => b.dataset.status)).toEqual(['sent']);
  });

  it('sends on Enter but not on Shift+Enter, and never sends empty text', async () => {
    const frame = await mountOnline();
    typeAndSend(frame, 'line one', true);
    typeAndSend(frame, '   \n ');
    frame.query<HTMLButtonElement>('send').click();
    expect(sentMessages(frame)).toEqual([]);
    expect(frame.queryAll('message')).toHaveLength(0);
  });

  it('sends with the send button', async () => {
    const frame = await mountOnline();
    frame.composer().value = 'by click';
    frame.query<HTMLButtonElement>('send').click();
    expect(sentMessages(frame)).toMatchObject([{ text: 'by click' }]);
  });

  it('keeps too long text in the composer with an inline error', async () => {
    const frame = await mountOnline();
    const text = 'x'.repeat(MAX_MESSAGE_LENGTH + 1);
    typeAndSend(frame, text);
    expect(sentMessages(frame)).toEqual([]);
    expect(frame.composer().value).toBe(text);
    expect(frame.query('widget-error').hidden).toBe(false);
    expect(frame.query('widget-error').textContent).toContain(String(MAX_MESSAGE_LENGTH));
  });

  it('queues messages while offline and sends them in order after the welcome', async () => {
    const frame = await mountFrame();
    typeAndSend(frame, 'first');
    typeAndSend(frame, 'second');
    expect(frame.queryAll('message').map((b) => b.dataset.status)).toEqual(['pending', 'pending']);
    frame.socket().open();
    expect(sentMessages(frame)).toEqual([]);
    frame.socket().receive(welcome());
    expect(sentMessages(frame).map((frame) => frame.text)).toEqual(['first', 'second']);
  });

  it('marks a rejected message failed, restores its text and retries it with the same id', async () => {
    const frame = await mountOnline();
    typeAndSend(frame, 'please help');
    const clientId = frame.socket().framesOfType('message.send')[0]!.clientId as string;
    frame.socket().receive({
      type: 'error',
      code: 'rate_limited',
      message: 'You are sending messages too fast. Wait a moment.',
      clientId,
    });
    const [bubble] = frame.queryAll('message');
    expect(bubble?.dataset.status).toBe('failed');
    expect(bubble?.textContent).toContain('too fast');
    expect(frame.composer().value).toBe('please help');
    expect(frame.query('widget-error').textContent).toContain('too fast');

    const retry = Array.from(bubble!.querySelectorAll('button')).find(
      (b) => b.textContent === 'Retry',
    );
    retry!.click();
    expect(frame.queryAll('message')[0]?.dataset.status).toBe('pending');
    expect(frame.composer().value).toBe('');
    expect(sentMessages(frame).map((sent) => sent.clientId)).toEqual([clientId, clientId]);
  });

  it('does not overwrite a draft when a message fails', async () => {
    const frame = await mountOnline();
    typeAndSend(frame, 'first');
    const clientId = frame.socket().framesOfType('message.send')[0]!.clientId as string;
    frame.composer().value = 'new draft';
    frame.socket().receive({ type: 'error', code: 'internal', message: 'Oops.', clientId });
    expect(frame.composer().value).toBe('new draft');
  });
});
