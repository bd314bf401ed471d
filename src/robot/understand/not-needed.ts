// "remove schedule old-gl, not needed", "drop dead letter 12, not needed", « supprime la tâche hebdo, pas utile »: a
// "not needed" in a clause of its own after a removal says why the thing goes (it is what is not needed), never that
// the removal is not: a reason, nothing turned around. Only for a removal that destroys no data (a schedule, a minion, a
// dead letter): "remove ghost, not needed" stays asked, as a destructive reading is never made on a guess. Pure.
import type { SentenceWord } from './words.js';

const REMOVE = new Set(['remove', 'delete', 'drop', 'rm', 'del', 'supprime', 'supprimer', 'supprimez', 'retire', 'retirer', 'retirez', 'enleve', 'enlever', 'enlevez', 'vire', 'virer', 'virez', 'efface', 'effacer', 'effacez']);
const NOTS = new Set(['not', 'pas']);
const UNNEEDED = new Set(['needed', 'necessary', 'used', 'useful', 'utile', 'necessaire', 'utilisee', 'utilise']);

/** Whether the "not" at `i` says the thing removed by the request (its verb at `verbAt`) is not needed. */
export function removedAsUnneeded(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number | undefined, destroys: boolean): boolean {
  if (destroys || verbAt === undefined || clause[i] === clause[verbAt] || !NOTS.has(words[i]?.text ?? '')) return false;
  // (the "not" opens its clause, « pas utile », "not needed (anymore)", or follows « c'est » / "it's")
  const inK = words.filter((_, k) => clause[k] === clause[i]);
  return UNNEEDED.has(words[i + 1]?.text ?? '') && inK.length <= 5 && words.slice(0, verbAt + 1).some((w) => REMOVE.has(w.text));
}
