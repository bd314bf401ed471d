// The speaker's own part, said after the request: "bump wekan to 4 replicas for the webinar, i'll bring it down myself
// after", « scale wekan 5 maintenant, je le repasserai à 1 moi-même ce soir ». "myself", « moi-même » tells that the
// speaker does something ("i'm restarting wekan myself"): here it is something else, later, in a clause of its own
// after the request's, opened by the speaker ("i'll", « je ») with a verb in the future; the request before it opens on
// its verb and is asked of the bot. Only with a moment to come in that clause ("after", « ce soir »): the speaker's part
// comes after the bot's; and never when that part is the request itself ("restart wekan, i'll do it myself", « je m'en
// occuperai moi-même »: taken back). Pure; the words only.
import type { SentenceWord } from './words.js';

const SELF = new Set(['myself', 'ourselves', 'moi-meme', 'nous-memes']);
/** The speaker (and their team) as a verb's subject: what they say they do, not a request of the bot. */
export const SPEAKER: ReadonlySet<string> = new Set(["i'll", 'ill', "we'll", 'i', 'we', 'je', 'j', 'on', 'nous']);
/** A French future ("repasserai", « remettrons »), or the English "will" and its short forms. */
const FUTURE = (w: string) => /\p{L}{3,}(?:rai|rons)$/u.test(w) || ['will', "i'll", "we'll", 'ill', 'gonna'].includes(w);

/** A moment to come in the speaker's clause. */
const LATER = new Set(['after', 'afterwards', 'later', 'tonight', 'tomorrow', 'soir', 'demain', 'tard', 'apres', 'ensuite']);
/** Verbs that take the request on: "do it", "handle it", « m'en occuper ». */
const TAKES_ON = new Set(['do', 'handle', 'sort', 'care', 'fais', 'ferai', 'ferons', 'occupe', 'occuperai', 'occuperons', 'gere', 'gererai', 'charge']);

/** Whether every "myself" of the message sits in such a clause after the request's (its verb at `verbAt`). */
export function selfAfter(words: readonly SentenceWord[], clause: readonly number[], verbAt: number): boolean {
  const at = words.map((w, i) => (SELF.has(w.text) ? i : -1)).filter((i) => i >= 0);
  return at.length > 0 && at.every((i) => {
    if (clause[i]! <= clause[verbAt]!) return false;
    const first = words.findIndex((_, k) => clause[k] === clause[i]);
    const own = words.filter((_, k) => clause[k] === clause[i]);
    return SPEAKER.has(words[first]?.text ?? '') && own.some((w) => FUTURE(w.text)) && own.some((w) => LATER.has(w.text)) && !own.some((w) => TAKES_ON.has(w.text));
  });
}

/** Whether the word at `i` sits in such a clause (its moment is the speaker's part, not the request's). */
export function inSelfAfter(words: readonly SentenceWord[], clause: readonly number[], verbAt: number, i: number): boolean {
  return selfAfter(words, clause, verbAt) && words.some((w, k) => clause[k] === clause[i] && SELF.has(w.text));
}

/** Whether a clause of its own takes the request on the speaker ("i'll do it myself", « je m'en occupe moi-même »). */
export function takesItOn(words: readonly SentenceWord[]): boolean {
  return words.some((w) => SELF.has(w.text)) && (words.some((w) => TAKES_ON.has(w.text)) || !words.some((w) => LATER.has(w.text)));
}
