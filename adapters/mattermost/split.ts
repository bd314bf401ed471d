// Splitting over-long replies. Mattermost refuses posts above 16383 *runes* (code points, not UTF-16 units),
// so we count code points, cut at line boundaries when we can, and never leave a code fence open in one post:
// a chunk that ends inside a fence gets a closing fence, and the next chunk reopens it with the same info string.

export const MAX_POST_RUNES = 16383;

/** Length in Unicode code points (what the server counts). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

interface Fence {
  /** The fence characters, e.g. "```" or "~~~~". */
  marker: string;
  /** The full opening line (with indentation and info string), used to reopen. */
  open: string;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Given the current fence state and a line, return the state after the line. */
function nextFence(fence: Fence | null, line: string): Fence | null {
  const m = FENCE_RE.exec(line);
  if (!m) return fence;
  const marker = m[1]!;
  const rest = m[2]!;
  if (!fence) {
    // A backtick fence's info string cannot contain backticks (CommonMark).
    if (marker[0] === '`' && rest.includes('`')) return null;
    return { marker, open: line };
  }
  const closes = marker[0] === fence.marker[0] && marker.length >= fence.marker.length && rest.trim() === '';
  return closes ? null : fence;
}

/**
 * Split `text` into posts of at most `limit` code points. Short text comes back unchanged as one chunk.
 * Whitespace-only chunks are dropped (the server refuses empty posts).
 */
export function splitMessage(text: string, limit: number = MAX_POST_RUNES): string[] {
  if (codePoints(text) <= limit) return [text];

  const chunks: string[] = [];
  let cur: string[] = [];
  let curLen = 0; // code points of cur.join('\n')
  let fence: Fence | null = null;

  const closing = (f: Fence | null): number => (f ? 1 + f.marker.length : 0);
  const flush = (): void => {
    if (fence) cur.push(fence.marker);
    const chunk = cur.join('\n');
    if (chunk.trim() !== '') chunks.push(chunk);
    cur = fence ? [fence.open] : [];
    curLen = fence ? codePoints(fence.open) : 0;
  };
  const add = (piece: string, len: number): void => {
    curLen += (cur.length > 0 ? 1 : 0) + len;
    cur.push(piece);
  };

  for (const line of text.split('\n')) {
    const after = nextFence(fence, line);
    const len = codePoints(line);
    // Room needed: separator + the line + a closing fence if we will still be inside one afterwards.
    const need = (cur.length > 0 ? 1 : 0) + len + closing(after);
    if (curLen + need <= limit) {
      add(line, len);
      fence = after;
      continue;
    }
    // Does not fit: start a fresh chunk (unless the current one holds only a reopened fence).
    const onlyReopen = fence !== null && cur.length === 1;
    if (cur.length > 0 && !onlyReopen) flush();
    const freshNeed = (cur.length > 0 ? 1 : 0) + len + closing(after);
    if (curLen + freshNeed <= limit) {
      add(line, len);
      fence = after;
      continue;
    }
    // A single line longer than a post: cut it, preferring whitespace.
    let rest = [...line];
    while (rest.length > 0) {
      const room = Math.max(1, limit - curLen - (cur.length > 0 ? 1 : 0) - closing(fence === null ? after : fence));
      if (rest.length <= room) {
        add(rest.join(''), rest.length);
        break;
      }
      let cut = room;
      for (let i = room; i > room / 2; i--) {
        if (rest[i - 1] === ' ' || rest[i - 1] === '\t') {
          cut = i;
          break;
        }
      }
      add(rest.slice(0, cut).join(''), cut);
      rest = rest.slice(cut);
      flush();
    }
    fence = after;
  }
  if (cur.length > 0 && !(fence && cur.length === 1)) {
    if (fence) cur.push(fence.marker);
    const chunk = cur.join('\n');
    if (chunk.trim() !== '') chunks.push(chunk);
  }
  return chunks;
}
