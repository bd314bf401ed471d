// The per-channel catch-up cursor (pure). Catch-up pages by post id (`after=<id>`), not by time.

export interface Cursor {
  /** The newest post seen in the channel. */
  id: string;
  at: number;
  /**
   * The last post seen with a strictly older create_at. The server's `after=<id>` means "create_at greater than
   * that post's", so posts sharing the newest post's millisecond would be skipped; catching up from here re-reads
   * them, and the dedup drops what was already handled.
   */
  prevId?: string;
}

/** The cursor after seeing `post`; unchanged when the post is older (a replay, or an old post edited). */
export function nextCursor(cur: Cursor | undefined, post: { id: string; create_at: number }): Cursor | undefined {
  if (cur && (cur.at > post.create_at || cur.id === post.id)) return undefined;
  const prevId = cur ? (cur.at < post.create_at ? cur.id : cur.prevId) : undefined;
  return { id: post.id, at: post.create_at, ...(prevId ? { prevId } : {}) };
}

/** The post id to catch up after. */
export const catchUpFrom = (cur: Cursor | undefined): string | undefined => (cur ? (cur.prevId ?? cur.id) : undefined);
