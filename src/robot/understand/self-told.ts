// What the speaker says of themself beside a request: "could you restart ghost? I'm not technical", « tu peux le
// relancer ? pardon je suis pas technique », « je ne suis pas informaticienne ». The "not" is about the speaker's
// trade, in a clause of its own (never the request's), so it turns nothing around: the request stands. Only a trade or a
// skill: "I'm not sure", « je ne suis pas sûr » doubt the request and still turn it around. Pure.
import type { SentenceWord } from './words.js';

/** The speaker, and the copula said of them ("i'm", "i am", « je suis », « j'suis »). */
const SPEAKER = new Set(["i'm", 'im', 'i', 'je', 'j']);
const COPULA = new Set(['am', 'suis', "i'm", 'im']);
/** A trade or a skill one is or is not ("technical", « informaticienne »). */
const TRADES = new Set([
  'technical', 'techy', 'techie', 'tech', 'geek', 'developer', 'dev', 'programmer', 'engineer', 'expert', 'savvy',
  'technique', 'informaticien', 'informaticienne', 'informaticiens', 'informaticiennes', 'developpeur', 'developpeuse', 'ingenieur', 'ingenieure', 'geek', 'experte', 'calee', 'cale', 'doue', 'douee', 'specialiste',
]);

/** What may stand between the "not" and the trade. */
const FILLERS = new Set(['a', 'an', 'un', 'une', 'very', 'really', 'that', 'so', 'tres', 'vraiment', 'du', 'tout', 'pas', 'trop', 'super', 'hyper', 'at', 'all', 'much', 'of', 'bien']);

/** Whether the "not" at `i` tells what the speaker is not (a trade), in a clause other than the request's (`verbAt`). */
export function toldOfSelf(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number | undefined): boolean {
  const k = clause[i];
  if (k === undefined || verbAt === undefined || clause[verbAt] === k) return false;
  const inK = words.map((w, j) => (clause[j] === k ? j : -1)).filter((j) => j >= 0);
  const speaker = inK.findIndex((j) => SPEAKER.has(words[j]!.text));
  if (speaker < 0) return false;
  const after = inK.slice(speaker).map((j) => words[j]!.text);
  // (the copula is the speaker's own word, "i'm", or said after it; the trade comes within three words of the "not")
  const copula = COPULA.has(after[0]!) || after.slice(1, 3).some((w) => COPULA.has(w));
  // (the first word after the "not", past the copula, the other half of « ne … pas » and an article, is the trade:
  // "not technical at all", « ne suis pas informaticienne », "not a techie")
  const next = words.slice(i + 1, i + 6).map((w) => w.text).find((w) => !COPULA.has(w) && !FILLERS.has(w));
  const trade = next !== undefined && TRADES.has(next);
  return copula && trade && inK.every((j) => !['but', 'mais', 'so', 'donc'].includes(words[j]!.text) || j > i);
}
