// An "after" that points back: "back up nextcloud please, I'm changing the storage settings right after", « sauvegarde
// wordpress stp, je touche aux extensions juste après », "restore gitlab from the 28th, the group settings got messed up
// after that", « restaure wekan à hier matin, après ça les pièces jointes ont sauté ». The "after" has no moment of its
// own (it ends its clause, or only "that", « ça » follows it): it points at the request just made, or at the day the
// request names. In a clause of its own that has its own subject ("I", « je », "we") or tells what happened (a past
// verb), it is what the speaker does next or the story of what broke, not a moment the request waits for
// (not-a-request.ts read every "after" past the command's verb as one). "backup ghost, restart it right after" (no
// subject: a second request) and "restart wekan after the demo" (a moment named) keep being asked. Pure.
import type { SentenceWord } from './words.js';

const AFTER = new Set(['after', 'afterwards', 'apres']);
/** What "after" may point back with: the request or the day just said. */
const BACK = new Set(['that', 'this', 'it', 'ca', 'cela', 'ceci']);
/** A subject of one's own in the clause: the speaker or the team. */
const OWN_SUBJECT = new Set(['i', "i'm", 'im', "i'll", 'we', "we're", "we'll", 'je', 'j', 'on', 'nous']);

/** Whether the "after" at `i` points back, in a clause (not the request's) of its own subject or a past verb. */
export function afterPointsBack(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number, past: (w: SentenceWord) => boolean): boolean {
  if (!AFTER.has(words[i]?.text ?? '') || clause[i] === clause[verbAt]) return false;
  const next = words[i + 1];
  const ends = !next || clause[i + 1] !== clause[i];
  if (!ends && !BACK.has(next.text)) return false;
  // ("…, after that restart it": a moment for a second request, no subject; still asked)
  return words.some((w, k) => clause[k] === clause[i] && k !== i && (OWN_SUBJECT.has(w.text) || past(w)));
}
