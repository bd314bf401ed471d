// A request asked as a question in the second person, the French way: « nextcloud, tu le redémarres ? il rame depuis
// 8h », « tu redémarres wekan ? », « vous relancez ghost ? ». The reading's verb, in the present of "tu" (-es) or
// "vous" (-ez), right after the pronoun and its object pronoun, in a message that asks (its clause ends on "?"): a
// request put as a question, not a report (asked-for.ts found no sign of a request and offered it). Under a condition
// (« si ghost tombe encore, tu le redémarres hein ») it stays what not-a-request.ts reads, a plan. Pure.
import type { SentenceWord } from './words.js';

const CLITICS = new Set(['le', 'la', 'les', 'l', 'me', 'm', 'nous', 'lui', 'leur', 'y', 'en']);

/** Whether the reading's verb at `verbAt` is « tu (le) …es ? » or « vous (le) …ez ? », its clause asked (`question`). */
export function youDoIt(words: readonly SentenceWord[], verbAt: number, question: boolean): boolean {
  if (!question) return false;
  const verb = words[verbAt]?.text ?? '';
  let k = verbAt - 1;
  if (CLITICS.has(words[k]?.text ?? '')) k--;
  const who = words[k]?.text;
  return (who === 'tu' && /\p{L}{3,}es$/u.test(verb)) || (who === 'vous' && /\p{L}{3,}ez$/u.test(verb));
}
