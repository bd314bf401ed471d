// A question about what was done is no request to do it again: "why did you bring ghost back to 30 November?",
// "when did we last restore wekan?", « pourquoi tu as redémarré gitlab ? », « quand est-ce qu'on a restauré wekan ? ».
// Read as the command they name, they acted (a restore). Not a suggestion: "why don't you restart ghost?" asks for
// it. Pure.
import type { SentenceWord } from './words.js';

const WH = new Set(['why', 'when', 'who', 'how', 'pourquoi', 'quand', 'qui', 'comment']);
/** A past or present auxiliary after the question word ("did", "have", « as », « a »), or « est-ce que … a ». */
const AUX = new Set(['did', 'didnt', 'has', 'have', 'had', 'was', 'were', 'as', 'a', 'avez', 'avons', 'ont', 'avait', 'avais', 'etait']);
const SUBJECT = new Set(['you', 'u', 'we', 'they', 'he', 'she', 'someone', 'somebody', 'anyone', 'tu', 't', 'vous', 'on', 'il', 'elle', 'ils', 'quelqu', 'le', 'la', 'bot', 'summoner']);
const SUGGESTS = new Set(["don't", 'dont', 'not', 'ne', 'pas']);
/** "when you have a moment", « quand tu as un moment »: the time it may be done, said politely, no past. */
const FREE_TIME = new Set(['moment', 'minute', 'min', 'sec', 'second', 'chance', 'instant', 'time', 'temps']);

/** The message asks why, when or who about something done (a past tense after its question word). */
export function asksAboutWhatWasDone(words: readonly SentenceWord[]): boolean {
  const first = words.findIndex((w) => !['so', 'and', 'but', 'et', 'mais', 'alors', 'hey', 'btw'].includes(w.text));
  if (first < 0 || !WH.has(words[first]!.text)) return false;
  const rest = words.slice(first + 1, first + 6).map((w) => w.text);
  if (rest.some((w) => SUGGESTS.has(w) || FREE_TIME.has(w))) return false;
  // "why did you …", "when have we …", « pourquoi tu as … », « pourquoi t'as … », « pourquoi as-tu … », « quand est-ce qu'on a … »
  const k = rest[0] === 'est-ce' ? rest.indexOf('a') : rest.findIndex((w) => AUX.has(w));
  if (k < 0 || k > 3) return false;
  return k === 0 ? SUBJECT.has(rest[1] ?? '') || (rest[1] ?? '').endsWith('-tu') : rest.slice(0, k).some((w) => SUBJECT.has(w)) || rest[0] === 'est-ce';
}
