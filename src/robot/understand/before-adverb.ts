// "before" said as "previously", right before a verb of how a thing worked: « mattermost avant marche bien, maintenant
// après mise à jour cassé, revenir version avant », "ghost before worked fine, now it is broken", « avant ça marchait ».
// A learner says the earlier state so; the « avant » introduces no moment that the words after it belong to ("back up
// ghost before the update" is what the request goes before), so it cuts nothing off the request said after it.
// Only right before a verb of working, or a copula, in the present or the past. Pure; the words only.
import type { SentenceWord } from './words.js';

const BEFORE = new Set(['before', 'avant']);
/** Verbs of how a thing works or is ("marche", « marchait », "worked", "was"). */
const WORKED = new Set(['marche', 'marchait', 'fonctionne', 'fonctionnait', 'allait', 'tournait', 'roulait', 'etait', 'est', 'work', 'works', 'worked', 'was', 'were', 'ran', 'run', 'runs', 'is']);

/** Whether the word at `i` is such a "before": an adverb of the earlier state, no preposition. */
export function beforeAsPreviously(words: readonly SentenceWord[], i: number): boolean {
  return BEFORE.has(words[i]?.text ?? '') && WORKED.has(words[i + 1]?.text ?? '');
}
