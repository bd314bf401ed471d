// A clause that tells the trouble by a bare noun as its subject, with no article: "restart gitlab, runner is not
// connecting, please", "redeploy ghost, login doesn't work", "bounce wekan, sync keeps not loading". Said fast in chat,
// the article is left out; the "not" in it says how that thing behaves (the reason for the request), nothing turned
// around, as "the runner is not connecting" already is (negations.ts's situation). Only a noun right before a verb of
// the third person ("is", "doesn't", "keeps"), in a clause that says a symptom: "don't restart gitlab", "restart
// gitlab? no, not now", « redémarre pas gitlab » stay negated; so does any destructive reading ("dismiss ghost, site is
// not used" is asked). Pure; the clause's words only.
import type { SentenceWord } from './words.js';

/** Whether the clause's words (`inK`, its connectives dropped) open on a bare noun, then a verb of the third person. */
export function bareNounTells(inK: readonly SentenceWord[], thirdPerson: ReadonlySet<string>, speaker: (w: string) => boolean): boolean {
  const [subject, verb] = inK;
  return !!subject && !!verb && !subject.stop && /^\p{L}[\p{L}-]{2,}$/u.test(subject.text) && !speaker(subject.text) && thirdPerson.has(verb.text);
}
