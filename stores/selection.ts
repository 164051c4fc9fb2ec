import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Which conversation the side panel shows. View state only: the conversation lives in Dexie. */
export const useSelectionStore = defineStore('selection', () => {
  const conversationId = ref<string | null>(null);

  function select(id: string | null): void {
    conversationId.value = id;
  }

  return { conversationId, select };
});
