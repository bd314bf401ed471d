// The day an update was made, said beside the update's noun anywhere in the message, not only after "before": « gitlab
// plante depuis sa mise à jour d'hier, reviens en arrière », "ghost is broken since yesterday's update, roll it back",
// "since the update of yesterday". The day names the update that `rollback` undoes, no backup to restore and no past
// day the rollback could not apply to. Only the day right after the noun (« d'hier », "of yesterday", "from monday") or
// right before it with its possessive ("yesterday's update"). Pure; the words only.
import type { SentenceWord } from './words.js';

/** An update's nouns (« mise à jour » is read by its last word). */
export const UPDATE_NOUNS: ReadonlySet<string> = new Set(['update', 'upgrade', 'maj', 'updates', 'upgrades']);
const OF = new Set(['d', 'de', 'du', 'of', 'from']);

/** The indices of the words that may date an update said in the message (after its noun, or before it with "'s"). */
export function updateDayAt(words: readonly SentenceWord[]): Set<number> {
  const at = new Set<number>();
  words.forEach((w, i) => {
    // (« mise à jour »: its last word)
    const noun = UPDATE_NOUNS.has(w.text) || (w.text === 'jour' && words[i - 2]?.text === 'mise');
    if (!noun) return;
    if (OF.has(words[i + 1]?.text ?? '')) for (const k of [i + 1, i + 2, i + 3]) at.add(k);
    for (const k of [i - 1, i - 2, i - 3]) if (k >= 0) at.add(k);
  });
  return at;
}
