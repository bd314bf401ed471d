// A request that only shows, said for later: "show me the registry logs later", "it'd be great if someone looked at
// the registry logs later", « montre-moi les logs du registry plus tard ». What it shows would be shown now, not when
// it is wanted: asked, as a request that acts said for later is (not-a-request.ts's 'later'). Only when "later" /
// « plus tard » is in the clause that names the app read ("show me the logs now, I'll fix it later" shows them). A
// parting word ("talk later", « à plus tard ») says no moment. Pure; reads words only when "later"/« tard » is typed.
import { sentenceWords, type SentenceWord } from './words.js';

/** Words that make "later" a parting word or a comparison, not the moment of the request. */
const NOT_A_MOMENT = new Set(['talk', 'see', 'catch', 'chat', 'speak', 'than', 'a']);

/** Whether the clause of `text` that names `app` says "later" / « plus tard ». */
export function showsLater(text: string, app: string | undefined, clause: (text: string, count: number) => number[]): boolean {
  if (!app || !/later|tard/iu.test(text)) return false;
  const words = sentenceWords(text);
  const k = clause(text, words.length);
  const later = (w: SentenceWord, i: number) => (w.text === 'later' && !NOT_A_MOMENT.has(words[i - 1]?.text ?? '') && !(words[i - 1]?.text === 'you' && words[i - 2]?.text === 'see')) || (w.text === 'tard' && words[i - 1]?.text === 'plus' && words[i - 2]?.text !== 'a' && words[i - 2]?.text !== 'au');
  return words.some((w, i) => later(w, i) && words.some((x, j) => k[j] === k[i] && x.text === app));
}
