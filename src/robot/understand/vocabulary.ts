// Word sets that several modules of a reading share (index.ts, intents.ts, negations.ts, sentences.ts, slots.ts,
// values.ts): acknowledgements, "all" and its typos, pronouns for a thing, verbs that show, a thing's noun phrase
// openers. A set used by one module stays in it (exported when index.ts uses it too).
import { allowedEdits, edits } from '../grammar/nearmiss.js';

/** A message that only acknowledges ("ok", "d'accord", "noted"): nothing to run. */
export const ACKS = new Set(['ok', 'okay', 'k', 'kk', 'okok', 'accord', 'dac', 'noted', 'cool', 'nice', 'super', 'parfait', 'top', 'yes', 'oui', 'yep', 'ouais', 'great', 'good', 'bien', 'entendu', 'compris', 'got']);
export const ALL_WORDS = new Set(['all', 'everything', 'every', 'each', 'chaque', 'tout', 'tous', 'toutes', 'toute', 'everyone', 'full', 'complete', 'complet', 'globale', 'global', 'fleet', 'ensemble', 'integralite']);
/** "all", "everything", and "everything" mistyped ("evrything", "everyting"). */
export function isAllWord(w: string, known: ReadonlySet<string>): boolean {
  return ALL_WORDS.has(w) || (w.length >= 8 && !known.has(w) && edits(w, 'everything') <= allowedEdits(w.length));
}
export const PRONOUNS = new Set(['it', 'le', 'la', 'les', 'them', 'that', 'this', 'lui', 'ca']);
/** Imperatives that ask to see something ("show", "montre", "affiche"). */
export const SHOW_VERBS = new Set(['show', 'list', 'display', 'give', 'montre', 'montrez', 'affiche', 'affichez', 'donne', 'donnez', 'liste', 'listez']);
/** Words a thing's noun phrase opens on ("the board", "le tableau", "its homepage", "ses pages"). */
/** The speaker (and their team) as the subject opening a clause: « je fais la mise à jour ce soir », "I'm upgrading it". */
export const SPEAKER_SUBJECTS = new Set(['je', 'j', 'i', "i'm", 'im', 'on', 'nous', 'we', "we're"]);
export const THING_OPENERS = new Set(['the', 'this', 'that', 'its', 'their', 'our', 'le', 'la', 'les', 'l', 'ce', 'cet', 'cette', 'ces', 'son', 'sa', 'ses', 'leur', 'leurs', 'notre', 'nos']);
