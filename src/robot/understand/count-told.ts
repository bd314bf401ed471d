// "ghost only has 3 instances", "one instance of wekan crashed", « wekan tourne sur une seule instance »: a count of
// what runs, read on its unit alone ("{n} instances"), in a sentence whose verb says how things are (has, runs,
// crashed, tourne) tells the state; it asks for nothing. A verb that opens the sentence ("run three ghost instances")
// or follows a modal ("can we have 4 copies running?") still asks.
import type { SentenceWord } from './words.js';

// (not « a », the accent-free « à » of « passe wekan à 3 instances », nor "is", "est": "is it possible to…", « c'est possible de… »)
const STATES = new Set([
  'has', 'have', 'had', 'runs', 'ran', 'crashed', 'died', 'restarted', 'enough',
  'ont', 'avait', 'tourne', 'tournent', 'tournait', 'plante', 'suffit', 'suffisent', 'suffira',
]);
const RELATIVE = new Set(['qui', 'that', 'which', 'who']);
const MODALS = new Set(['can', 'could', 'may', 'might', 'would', 'should', 'peut', 'peux', 'pourrait', 'pourrais', 'pouvez', 'faut', 'faudrait', 'let', "let's", 'lets']);

/** The units of what runs a count is read on ("{n} instances", « {n} tâches »). */
export const RUN_UNITS: ReadonlySet<string> = new Set(['instances', 'instance', 'replicas', 'replica', 'tasks', 'task', 'taches', 'tache', 'containers', 'conteneurs', 'copies']);

/** A word after the first that states (has, runs, tourne) with no modal just before it. */
export function statesCount(words: readonly SentenceWord[]): boolean {
  const opens = words.findIndex((w) => !w.stop);
  // (nor in a relative clause, « 4 copies qui tournent », "copies that run": it says which copies are wanted)
  return words.some((w, i) => i > opens && STATES.has(w.text) && !MODALS.has(words[i - 1]?.text ?? '') && !MODALS.has(words[i - 2]?.text ?? '') && !RELATIVE.has(words[i - 1]?.text ?? ''));
}
