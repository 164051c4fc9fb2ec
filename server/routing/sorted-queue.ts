/** What the queue orders: the earliest `queuedAt` first, ties by id. */
export interface QueueEntry {
  readonly id: string;
  readonly queuedAt: number;
}

function before(a: QueueEntry, b: QueueEntry): boolean {
  return a.queuedAt < b.queuedAt || (a.queuedAt === b.queuedAt && a.id < b.id);
}

/** Index of the first item of `items` not before `entry`. */
function lowerBound(items: readonly QueueEntry[], entry: QueueEntry): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(items[mid]!, entry)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Chunks split when they reach twice this many entries. */
const CHUNK = 256;

/**
 * Conversations in queue order, as a list of sorted chunks (at most 512 entries each). Finding an
 * entry is two binary searches; an insert or a removal moves at most one chunk's tail, so taking
 * the head or a conversation from the middle of 10,000 costs the same as from 100. A position
 * adds up the sizes of the chunks before it (n / 256 additions). Arrivals carry the newest key,
 * so they append.
 */
export class SortedQueue<T extends QueueEntry = QueueEntry> {
  private readonly chunks: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  first(): T | undefined {
    return this.chunks[0]?.[0];
  }

  /** 1-based position of `entry`, or 0 when it is not queued here. */
  positionOf(entry: QueueEntry): number {
    const c = this.chunkOf(entry);
    const chunk = this.chunks[c];
    if (!chunk) return 0;
    const index = lowerBound(chunk, entry);
    if (chunk[index]?.id !== entry.id) return 0;
    let position = index + 1;
    for (let i = 0; i < c; i++) position += this.chunks[i]!.length;
    return position;
  }

  /** Insert and return the 1-based position. The entry's key must not change while it is queued. */
  insert(entry: T): number {
    this.count++;
    const lastChunk = this.chunks[this.chunks.length - 1];
    if (!lastChunk) {
      this.chunks.push([entry]);
      return 1;
    }
    if (before(lastChunk[lastChunk.length - 1]!, entry)) {
      if (lastChunk.length < 2 * CHUNK) lastChunk.push(entry);
      else this.chunks.push([entry]);
      return this.count;
    }
    const c = this.chunkOf(entry);
    const chunk = this.chunks[c]!;
    chunk.splice(lowerBound(chunk, entry), 0, entry);
    if (chunk.length >= 2 * CHUNK) this.chunks.splice(c + 1, 0, chunk.splice(CHUNK));
    return this.positionOf(entry);
  }

  /** Remove `entry`; false when it was not queued here. */
  remove(entry: QueueEntry): boolean {
    const c = this.chunkOf(entry);
    const chunk = this.chunks[c];
    if (!chunk) return false;
    const index = lowerBound(chunk, entry);
    if (chunk[index]?.id !== entry.id) return false;
    if (index === 0) chunk.shift();
    else chunk.splice(index, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
    this.count--;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Index of the chunk that holds or would hold `entry` (the last chunk when past every one). */
  private chunkOf(entry: QueueEntry): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid]!;
      if (before(chunk[chunk.length - 1]!, entry)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
