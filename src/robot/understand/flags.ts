// A command's flags said in a sentence: a flag phrase said whole and close together ("with all its data", "including
// jobs"), or the flag typed as on a command line (`--purge`), never after a word that keeps or negates ("keep the
// data", "not --purge"): a flag such as `--purge` deletes data, so its words scattered over a sentence ask for
// nothing. Also which words of a sentence a command's flag phrases read, so no rival reading is made of them. Pure.
import type { AnyCommand } from '../command.js';
import { boundedMemo } from '../grammar/bounded-memo.js';
import type { PhraseHit } from './phrase.js';
import { NEGATIONS, sentenceWords, STOPWORDS, type SentenceWord } from './words.js';
import { matchPhrase, type Table } from './command-table.js';

/** Words that keep what a flag would act on ("remove wekan but keep its data", "garde ses données", "the data can stay on disk", "no purge"). */
export const KEEP_WORDS = new Set(['stay', 'stays', 'remain', 'remains', 'rester', 'restent', 'reste', 'keep', 'kept', 'gardez', 'gardons', 'conservez', 'laissez', 'keeping', 'preserve', 'preserving', 'retain', 'retaining', 'leave', 'leaving', 'spare', 'garde', 'gardant', 'garder', 'conserve', 'conservant', 'conserver', 'laisse', 'laissant', 'laisser', 'no', 'non', 'aucun', 'aucune', ...NEGATIONS]);
// A flag phrase's words are the same on every message: read once (the phrases are the commands' own, a few hundred).
const flagPhraseWords = boundedMemo<string[]>(2000);
export function flagPhrase(phrase: string): string[] {
  return flagPhraseWords(phrase, () => sentenceWords(phrase).map((w) => w.text));
}

/**
 * Where a flag phrase is said, or undefined: every word of it (small ones too), close together, with no word
 * that keeps or negates just before. A flag such as `--purge` deletes data: its words scattered over the
 * sentence ("delete the deployment, keep the data") are no request for it.
 */
export function flagHit(command: AnyCommand, phrase: string, words: SentenceWord[], t: Table): PhraseHit | undefined {
  const pw = flagPhrase(phrase);
  // (every word of it must be read, and a small word only as itself: a phrase whose small word the sentence does not
  // say is not matched at all, as most of a command's flag phrases on most messages)
  if (pw.some((x) => STOPWORDS.has(x) && !words.some((w) => w.text === x))) return undefined;
  let h = matchPhrase({ command, words: pw, lang: undefined }, words, t, false);
  if (!h || h.confidence < 0.9 || h.used.length < pw.length) return undefined;
  // ("les 20 dernières commandes, avec les tâches planifiées": a small word of the phrase read earlier in the sentence,
  // "les", is read again from where the phrase's own words are)
  if (Math.max(...h.used) - Math.min(...h.used) > pw.length + 1 && h.pairs[0]) {
    const lead = pw.indexOf(h.pairs[0][0]);
    const from = h.pairs[0][1] - lead;
    if (from > 0) h = matchPhrase({ command, words: pw, lang: undefined }, words.map((w, i) => (i < from ? { text: '', stop: true } : w)), t, false);
    if (!h || h.confidence < 0.9 || h.used.length < pw.length) return undefined;
  }
  const first = Math.min(...h.used);
  if (Math.max(...h.used) - first > pw.length + 1) return undefined;
  return words.slice(Math.max(0, first - 3), first).some((w) => KEEP_WORDS.has(w.text)) ? undefined : h;
}
/**
 * The flag typed as the command line has it ("campaign is over: dismiss static --purge", « note : dismiss static
 * --purge »: a sentence around a command line is read as a sentence, and `--purge` is no word of a phrase), with
 * no word that keeps or negates just before ("dismiss static, not --purge", "without --purge").
 */
export function flagTyped(name: string, words: SentenceWord[]): boolean {
  const i = words.findIndex((w) => w.text === `--${name}`);
  return i >= 0 && !words.slice(Math.max(0, i - 3), i).some((w) => KEEP_WORDS.has(w.text));
}
export function flagSaid(command: AnyCommand, phrase: string, words: SentenceWord[], t: Table): boolean {
  return flagHit(command, phrase, words, t) !== undefined;
}

/** The sentence words a command's flag phrases read ("with its data", "including jobs"). */
export function flagWords(c: AnyCommand, words: SentenceWord[], t: Table): Set<number> {
  const flagged = new Set<number>();
  for (const f of c.flags ?? []) for (const ph of f.phrases ?? []) for (const i of flagHit(c, ph, words, t)?.used ?? []) flagged.add(i);
  return flagged;
}
