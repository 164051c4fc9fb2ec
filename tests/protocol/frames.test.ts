import { describe, expect, it } from 'vitest';
import {
  AgentClientFrameSchema,
  MAX_MESSAGE_LENGTH,
  SendMessageRequestSchema,
  VisitorClientFrameSchema,
  uuidv7,
} from '../../protocol';

describe('protocol frames', () => {
  it('accepts a well-formed agent message.send frame', () => {
    const frame = AgentClientFrameSchema.parse({
      type: 'message.send',
      conversationId: 'c1',
      clientId: uuidv7(),
      text: '  Hello  ',
    });
    expect(frame).toMatchObject({ type: 'message.send', text: 'Hello' });
  });

  it('rejects an unknown frame type', () => {
    expect(AgentClientFrameSchema.safeParse({ type: 'drop.tables' }).success).toBe(false);
  });

  it('refuses message text over the limit with a sentence a person can act on', () => {
    const result = SendMessageRequestSchema.safeParse({
      clientId: 'x',
      text: 'a'.repeat(MAX_MESSAGE_LENGTH + 1),
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(String(MAX_MESSAGE_LENGTH));
  });

  it('refuses an empty message', () => {
    const result = VisitorClientFrameSchema.safeParse({
      type: 'message.send',
      clientId: 'x',
      text: '   ',
    });
    expect(result.success).toBe(false);
  });
});

describe('uuidv7', () => {
  it('is a version-7 UUID whose order follows time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});
