// Near-miss matching on top of `natural`: stemming ("summoning" → summon), Damerau-Levenshtein for typos
// (transpositions such as "statsu" count as one edit) and Jaro-Winkler to rank close candidates.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance.js';

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

export function stem(word: string): string {
  return PorterStemmer.stem(word.toLowerCase());
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
  return names
    .map((name) => ({
      word: name,
      edits: DamerauLevenshteinDistance(word, name.toLowerCase(), { restricted: true }),
      jw: JaroWinklerDistance(word, name.toLowerCase(), { ignoreCase: true }),
    }))
    .filter((r) => r.edits <= Math.min(limit, allowedEdits(r.word.length)) && r.edits > 0)
    .sort((a, b) => a.edits - b.edits || b.jw - a.jw);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
