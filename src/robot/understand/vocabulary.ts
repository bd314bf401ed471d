// Word sets that several modules of a reading share (index.ts, sentences.ts, slots.ts, values.ts): acknowledgements,
// "all" and its typos, pronouns for a thing. A set used by one module stays in it.
import { allowedEdits, edits } from '../grammar/nearmiss.js';

/** A message that only acknowledges ("ok", "d'accord", "noted"): nothing to run. */
export const ACKS = new Set(['ok', 'okay', 'k', 'kk', 'okok', 'accord', 'dac', 'noted', 'cool', 'nice', 'super', 'parfait', 'top', 'yes', 'oui', 'yep', 'ouais', 'great', 'good', 'bien', 'entendu', 'compris', 'got']);
export const ALL_WORDS = new Set(['all', 'everything', 'every', 'each', 'chaque', 'tout', 'tous', 'toutes', 'toute', 'everyone', 'full', 'complete', 'complet', 'globale', 'global', 'fleet', 'ensemble', 'integralite']);
/** "all", "everything", and "everything" mistyped ("evrything", "everyting"). */
export function isAllWord(w: string, known: ReadonlySet<string>): boolean {
  return ALL_WORDS.has(w) || (w.length >= 8 && !known.has(w) && edits(w, 'everything') <= allowedEdits(w.length));
}
export const PRONOUNS = new Set(['it', 'le', 'la', 'les', 'them', 'that', 'this', 'lui', 'ca']);
