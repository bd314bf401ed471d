// A phrase of the command table, what it reads in a sentence, and what a command's argument means to a sentence:
// the shapes the understanding step and its request rules (not-a-request.ts) share.
import type { AnyCommand, ArgMeaning, ArgSpec } from '../command.js';
import type { Lang } from './words.js';

/** One way of saying a command (its name, an alias, a phrase of a language or of a form). */
export interface Phrase {
  command: AnyCommand;
  words: string[];
  lang: Lang | undefined;
  /** A form's fixed arguments (`outbox retry`), and the ones that use asks for when not said. */
  fixed?: Readonly<Record<string, string>>;
  needs?: readonly string[];
  /** Its place in the table: candidates are tried in the table's order, so ties rank as before. */
  index?: number;
}

/** A phrase read in a sentence: where, how well. */
export interface PhraseHit {
  phrase: Phrase;
  score: number;
  confidence: number;
  used: number[];
  first: number;
  /** Each content word of the phrase, the sentence word it was read on, and how (1 exact, 0.9 stem, 0.8 typo). */
  pairs: [phraseWord: string, at: number, score: number][];
}

/** What an argument means to a sentence (its declared meaning, else read from its type or name). */
export function meaningOf(a: ArgSpec): ArgMeaning | 'app' | 'app-or-all' | 'command' | 'word' {
  if (a.meaning) return a.meaning;
  if (a.type === 'minion' || a.type === 'minion-or-summoner') return 'app';
  if (a.type === 'minion-or-all' || a.type === 'backup-subject') return 'app-or-all';
  if (a.type === 'command') return 'command';
  if (a.type === 'int') return 'count';
  if (a.name === 'when') return 'date';
  if (a.name === 'version') return 'version';
  return 'word';
}

