// A weekend gone by, said in the reason beside a request: "outbox drop all — stale grafana spam from the weekend",
// "restart ghost, it froze over the weekend", "…, spam from last weekend", « …, les alertes du week-end dernier ». The
// weekend is then what the reason tells of, not when the request should run ("restart ghost over the weekend" is still
// for later). Only when the weekend is pointed back at: "last"/"past" before it, « dernier »/« passé » after it, "from
// the"/« du » before it (where something came from), or a clause other than the request's that tells in the past
// ("it froze over the weekend"). Pure; the words only.
import type { SentenceWord } from './words.js';

const WEEKEND = new Set(['weekend', 'week-end']);
const BACK_BEFORE = new Set(['last', 'past']);
const BACK_AFTER = new Set(['dernier', 'passe']);
const FROM = new Set(['from', 'du', 'depuis', 'since']);

/**
 * Whether the word at `i` is a weekend gone by. `clause` gives each word's clause, `verbAt` the request's verb,
 * `past(w)` whether a word tells in the past.
 */
export function weekendGone(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number, past: (w: SentenceWord) => boolean): boolean {
  if (!WEEKEND.has(words[i]?.text ?? '')) return false;
  const [b1, b2, a1] = [words[i - 1]?.text ?? '', words[i - 2]?.text ?? '', words[i + 1]?.text ?? ''];
  if (BACK_BEFORE.has(b1) || BACK_AFTER.has(a1) || b1 === 'du' || (FROM.has(b2) && ['the', 'le', 'ce'].includes(b1))) return true;
  return clause[i] !== clause[verbAt] && words.some((w, k) => clause[k] === clause[i] && k !== i && past(w));
}
