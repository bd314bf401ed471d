// Near-miss matching on top of `natural`: stemming ("summoning" → summon), Damerau-Levenshtein for typos
// (transpositions such as "statsu" count as one edit), Jaro-Winkler to rank close candidates, and its
// tokenizer for plain words.
// natural is loaded on the first near-miss, not at start: exact commands never need it, and its submodules
// cost ~6 MB of resident memory (its index would cost ~100 MB and a second). They are CommonJS, so a lazy
// synchronous require keeps the grammar synchronous.
import { createRequire } from 'node:module';
import type PorterStemmerT from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type PorterStemmerFrT from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import type JaroWinklerT from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import type * as LevenshteinT from 'natural/lib/natural/distance/levenshtein_distance.js';
import type AggressiveTokenizerT from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import { boundedMemo, boundedPairMemo } from './bounded-memo.js';

interface Natural {
  stemmer: typeof PorterStemmerT;
  stemmerFr: typeof PorterStemmerFrT;
  jaroWinkler: typeof JaroWinklerT;
  damerau: typeof LevenshteinT.DamerauLevenshteinDistance;
  tokenizer: AggressiveTokenizerT;
}

let loaded: Natural | undefined;
function natural(): Natural {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const Tokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer.js') as typeof AggressiveTokenizerT;
    loaded = {
      stemmer: require('natural/lib/natural/stemmers/porter_stemmer.js') as typeof PorterStemmerT,
      stemmerFr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as typeof PorterStemmerFrT,
      jaroWinkler: require('natural/lib/natural/distance/jaro-winkler_distance.js') as typeof JaroWinklerT,
      damerau: (require('natural/lib/natural/distance/levenshtein_distance.js') as typeof LevenshteinT).DamerauLevenshteinDistance,
      tokenizer: new Tokenizer(),
    };
  }
  return loaded;
}

/** Plain lower-case words of a phrase, punctuation dropped. */
export function wordsOf(text: string): string[] {
  return natural().tokenizer.tokenize(text.toLowerCase());
}

export type MatchKind = 'exact' | 'stem' | 'typo';

export interface Match<T> {
  kind: MatchKind;
  word: string;
  value: T;
}

export type MatchResult<T> = Match<T> | { kind: 'ambiguous'; candidates: string[] } | { kind: 'none' };

/** Edits tolerated for a word of this length: none for tiny words, where any edit makes another word. */
export function allowedEdits(len: number): number {
  if (len <= 3) return 0;
  if (len <= 5) return 1;
  return 2;
}

// Stems are asked for the same few hundred words (command names, phrases) again and again: memoised, bounded.
const memoised = boundedMemo<string>(20_000);

export function stem(word: string): string {
  const w = word.toLowerCase();
  return memoised(`en\u0000${w}`, () => natural().stemmer.stem(w));
}

/** The French stem of a word (sauvegardes → sauvegard). */
export function stemFr(word: string): string {
  const w = word.toLowerCase();
  return memoised(`fr\u0000${w}`, () => natural().stemmerFr.stem(w));
}

// The understanding step compares the same sentence words with the same app and command words on every message
// (a team repeats itself): each pair is computed once, in a bounded memo.
const editsMemo = boundedPairMemo<number>(10_000);

/** The most edits any caller tells apart (allowedEdits): two words further apart are all "more". */
export const MAX_EDITS = 2;

/**
 * Edits between two words (a transposition counts as one), exact up to MAX_EDITS; any more is MAX_EDITS + 1.
 * Most pairs asked are two unrelated words: their letters alone show it (bagDistance), without natural's
 * Damerau-Levenshtein, which builds an object for every cell of its table.
 */
export function edits(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > MAX_EDITS || bagDistanceAbove(x, y, MAX_EDITS)) return MAX_EDITS + 1;
  return editsMemo(x, y, () => Math.min(MAX_EDITS + 1, natural().damerau(x, y, { restricted: true })));
}

// letter counts of two ASCII words, left at zero between calls
const counts = new Int16Array(128);
/**
 * Whether more than `k` letters of one word are missing from the other, counted with repeats (the bag distance):
 * a lower bound of the edits, since an insertion, a deletion or a substitution changes each side's count by at
 * most one, and a transposition by none. False for a word that is not ASCII (not bounded here).
 */
export function bagDistanceAbove(x: string, y: string, k: number): boolean {
  for (let i = 0; i < x.length; i++) if (x.charCodeAt(i) > 127) return false;
  for (let i = 0; i < y.length; i++) if (y.charCodeAt(i) > 127) return false;
  for (let i = 0; i < x.length; i++) counts[x.charCodeAt(i)]!++;
  for (let i = 0; i < y.length; i++) counts[y.charCodeAt(i)]!--;
  let surplus = 0;
  let deficit = 0;
  for (const w of [x, y]) {
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      const n = counts[c]!;
      if (n > 0) surplus += n;
      else deficit -= n;
      counts[c] = 0;
    }
  }
  return Math.max(surplus, deficit) > k;
}

/** Find `input` among the candidate words: exact, then same stem, then a unique closest typo. */
export function matchWord<T>(input: string, candidates: ReadonlyMap<string, T>): MatchResult<T> {
  const word = input.toLowerCase();
  const exact = candidates.get(word);
  if (exact !== undefined) return { kind: 'exact', word, value: exact };

  const s = stem(word);
  const byStem = [...candidates].filter(([w]) => stem(w) === s);
  const stemValues = unique(byStem.map(([, v]) => v));
  if (stemValues.length === 1 && byStem[0]) return { kind: 'stem', word: byStem[0][0], value: byStem[0][1] };

  const ranked = rank(word, [...candidates.keys()]);
  if (ranked.length === 0) return { kind: 'none' };
  const best = ranked[0]!;
  const tied = ranked.filter((r) => r.edits === best.edits && Math.abs(r.jw - best.jw) < 0.02);
  const tiedValues = unique(tied.map((r) => candidates.get(r.word)));
  if (tiedValues.length > 1) return { kind: 'ambiguous', candidates: tied.map((r) => r.word) };
  return { kind: 'typo', word: best.word, value: candidates.get(best.word)! };
}

/** Names close enough to suggest ("did you mean wekan?"), best first. Never applied automatically. */
export function suggest(input: string, names: Iterable<string>, max = 3): string[] {
  return rank(input.toLowerCase(), [...names]).slice(0, max).map((r) => r.word);
}

function rank(word: string, names: string[]): { word: string; edits: number; jw: number }[] {
  const limit = allowedEdits(word.length);
  const { jaroWinkler } = natural();
  // (the edits through the memo, and Jaro-Winkler, which only orders, for the names close enough to be kept)
  return names
    .filter((name) => Math.abs(name.length - word.length) <= limit)
    .map((name) => ({ word: name, edits: edits(word, name) }))
    .filter((r) => r.edits <= Math.min(limit, allowedEdits(r.word.length)) && r.edits > 0)
    .map((r) => ({ ...r, jw: jaroWinkler(word, r.word.toLowerCase(), { ignoreCase: true }) }))
    .sort((a, b) => a.edits - b.edits || b.jw - a.jw);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
