import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Unsent composer text, per conversation, kept while the agent switches between chats. */
export const useDraftsStore = defineStore('drafts', () => {
  const byConversation = ref<Record<string, string>>({});

  function draftFor(conversationId: string): string {
    return byConversation.value[conversationId] ?? '';
  }

  function setDraft(conversationId: string, text: string): void {
    if (text === '') delete byConversation.value[conversationId];
    else byConversation.value[conversationId] = text;
  }

  function clearDraft(conversationId: string): void {
    delete byConversation.value[conversationId];
  }

  return { byConversation, draftFor, setDraft, clearDraft };
});
