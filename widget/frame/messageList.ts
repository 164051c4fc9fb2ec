import type { ChatEntry } from './conversation';
import { bubbleSignature, renderBubble } from './bubble';

interface Rendered {
  node: HTMLElement;
  signature: string;
}

/**
 * Keeps a container's bubbles in step with the entries, keyed on client id: unchanged bubbles stay
 * in the DOM, so the live region announces only what is new or changed.
 */
export class MessageList {
  private readonly rendered = new Map<string, Rendered>();

  constructor(
    private readonly container: HTMLElement,
    private readonly onRetry: (clientId: string) => void,
    private readonly onDiscard: (clientId: string) => void,
  ) {}

  render(entries: readonly ChatEntry[]): void {
    const doc = this.container.ownerDocument;
    const keep = new Set<string>();
    let cursor = this.container.firstChild;
    for (const entry of entries) {
      keep.add(entry.clientId);
      const signature = bubbleSignature(entry);
      let current = this.rendered.get(entry.clientId);
      if (current && current.signature !== signature) {
        if (current.node === cursor) cursor = cursor.nextSibling;
        current.node.remove();
        current = undefined;
      }
      if (!current) {
        current = { node: renderBubble(doc, entry, this.onRetry, this.onDiscard), signature };
        this.rendered.set(entry.clientId, current);
      }
      if (current.node === cursor) cursor = cursor.nextSibling;
      else this.container.insertBefore(current.node, cursor);
    }
    for (const [clientId, { node }] of this.rendered) {
      if (keep.has(clientId)) continue;
      node.remove();
      this.rendered.delete(clientId);
    }
  }
}
