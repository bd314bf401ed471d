// What the understanding step returns (Understood), and what it is given (UnderstandOptions): the shapes every module
// of a reading shares, apart from index.ts, which re-exports them (its public API). Types and one threshold only.
import type { AnyCommand } from '../command.js';
import type { Grammar, ParsedCommand } from '../grammar/parse.js';
import type { Lang } from './words.js';

/** At or above this, a command with side effects runs on the reading; below, it is proposed first. */
export const CONFIDENT = 0.75;

export interface UnderstandOptions {
  grammar: Grammar;
  /** App names a sentence may mention: the catalog's and the summoned ones. */
  apps: () => readonly string[];
  /** What each app of the catalog is for (its description): an app called by it ("the kanban") is offered when asked. */
  described?: () => ReadonlyMap<string, string>;
  now?: () => number;
  /** The user's language, for ties (Mattermost locale, the shell's LANG). */
  lang?: Lang;
  /** The user's previous command in this thread, for follow-ups ("and wekan too", "now restore it"). */
  previous?: { canonical: string };
  /**
   * The apps summoned here, when the caller has read them: what a question for an argument of summoned apps
   * (`of: 'summoned'`) offers. Unread, such a question says so (`needs`), and the caller may ask again with them.
   */
  summoned?: readonly string[];
}

export interface Question {
  text: string;
  /** Short answers (app names, or whole command lines), each usable as a button. */
  options: string[];
  /** What an answer completes: the command line with `{}` where the answer goes. */
  template?: string;
  /** Its options would be the summoned apps, which were not given (UnderstandOptions.summoned). */
  needs?: 'summoned';
  /** The message asks for several commands that act, each of its own ("backup wekan then restart it"): one at a time. */
  several?: true;
}

export type Understood =
  | {
      kind: 'command';
      parsed: ParsedCommand;
      /** 1 for an exact line, lower for phrasings and guesses. */
      confidence: number;
      lang: Lang;
      via: 'exact' | 'grammar' | 'phrase' | 'follow-up';
    }
  | { kind: 'ask'; question: Question; lang: Lang; command?: AnyCommand }
  | { kind: 'unknown'; message: string; examples: string[]; lang: Lang; first?: string }
  | { kind: 'invalid'; code: string; message: string; hint?: string; command?: AnyCommand; lang: Lang };
