/** What search needs of a macro. */
export interface MacroSummary {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  tags: string[];
  usageCount: number;
  /** Alt+1…9 slot, or null / absent when not pinned. */
  pinned?: number | null;
}

/** [start, end) offsets into the original (not normalized) field text. */
export type MatchRange = [start: number, end: number];

/** Where the query matched the fields a result list shows, for highlighting. */
export interface MacroMatch {
  field: 'shortcut' | 'title';
  ranges: MatchRange[];
}

export interface MacroHit<M extends MacroSummary = MacroSummary> {
  macro: M;
  /** Higher is better; see SCORE in search-score.ts. */
  score: number;
  matches?: MacroMatch[];
}

export interface MacroIndex<M extends MacroSummary = MacroSummary> {
  /**
   * Best macros for a query, best first. An empty query gives the most used first. The query is
   * what the agent typed after the trigger (`/`, `;`), not including it.
   */
  search(query: string, limit?: number): MacroHit<M>[];
  /** Pinned macros in slot order (Alt+1…9). */
  pinned(): M[];
  readonly size: number;
}
