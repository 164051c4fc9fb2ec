import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDraftsStore } from '../../../stores/drafts';
import { useSelectionStore } from '../../../stores/selection';

beforeEach(() => setActivePinia(createPinia()));

describe('drafts store', () => {
  it('keeps one draft per conversation', () => {
    const drafts = useDraftsStore();
    drafts.setDraft('a', 'for a');
    drafts.setDraft('b', 'for b');
    expect(drafts.draftFor('a')).toBe('for a');
    expect(drafts.draftFor('b')).toBe('for b');
    expect(drafts.draftFor('c')).toBe('');
  });

  it('forgets cleared and emptied drafts', () => {
    const drafts = useDraftsStore();
    drafts.setDraft('a', 'text');
    drafts.clearDraft('a');
    drafts.setDraft('b', 'text');
    drafts.setDraft('b', '');
    expect(drafts.byConversation).toEqual({});
  });
});

describe('selection store', () => {
  it('holds the selected conversation id', () => {
    const selection = useSelectionStore();
    expect(selection.conversationId).toBeNull();
    selection.select('a');
    expect(selection.conversationId).toBe('a');
    selection.select(null);
    expect(selection.conversationId).toBeNull();
  });
});
