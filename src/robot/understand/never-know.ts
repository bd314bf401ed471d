// "you never know", « on (ne) sait jamais », « on sait pas » after a request: a hedge, said in a clause of its own
// after the request's ("supprime wordpress mais garde les données, on sait jamais", "back up ghost first, you never
// know"), the reason for being careful, not a "not" that turns the request around (negations.ts read its "never",
// « jamais », as one). Pure; the words only.
import type { SentenceWord } from './words.js';

const NEVER = new Set(['never', 'jamais']);
const KNOWS = new Set(['know', 'sait', 'sais']);
const WHO = new Set(['you', 'u', 'one', 'on', 'tu']);

/** Whether the "never" (or « ne ») at `i` is the hedge "you never know", « on (ne) sait jamais », in a clause after `verbAt`'s. */
export function neverKnow(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number | undefined): boolean {
  if (verbAt === undefined || clause[i] === clause[verbAt]) return false;
  const at = (k: number) => words[k]?.text ?? '';
  const same = (a: number, b: number) => clause[a] === clause[b];
  // "you never know"
  if (NEVER.has(at(i)) && KNOWS.has(at(i + 1)) && WHO.has(at(i - 1))) return same(i - 1, i + 1);
  // « on ne sait jamais » (its « ne » too), « on sait jamais »
  if ((at(i) === 'ne' || at(i) === 'n') && KNOWS.has(at(i + 1)) && NEVER.has(at(i + 2))) return WHO.has(at(i - 1)) && same(i - 1, i + 2);
  const k = at(i - 1) === 'ne' || at(i - 1) === 'n' ? i - 2 : i - 1;
  return NEVER.has(at(i)) && KNOWS.has(at(k)) && WHO.has(at(k - 1)) && same(k - 1, i);
}
