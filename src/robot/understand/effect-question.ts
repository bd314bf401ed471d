// A command named as a thing, asked whether it would do some good: "could a restore of nextcloud fix the slowness or
// is that overkill?", "would a restart help?", "does a rollback of gitlab lose the issues?". The modal opens on the
// command's noun (an article after it, no "you"), and an effect follows in its bare form: a question about what the
// command would do, for a person to weigh, not a request ("could you restore nextcloud?", "could the registry be
// restarted?" ask for it). Pure.
import { normalise } from './words.js';

/** The modal's question on a thing: "could a restore…", "would the rollback…", "does another restart…". */
const OPENS = /^(?:(?:so|and|ok|but|hmm|honestly|seriously|guys|folks)[\s,]+)?(?:could|would|will|can|might|may|does|did|should|wouldn't|wouldnt|won't|wont)\s+(?:a|an|the|another|one|one more|just a|a quick|a full|a simple|a fresh)\s+(.*)$/;
/** What a command may do, in its bare form after its noun: the effect asked about. */
const EFFECTS = new Set(['help', 'fix', 'slow', 'solve', 'resolve', 'cure', 'sort', 'repair', 'work', 'speed', 'unblock', 'unstick', 'clear', 'lose', 'delete', 'wipe', 'erase', 'break', 'hurt', 'affect', 'change', 'matter', 'cause', 'undo', 'kill', 'drop', 'reset', 'bring', 'get', 'make', 'take', 'do', 'improve', 'save', 'hit', 'interrupt', 'disconnect', 'log']);

/**
 * The same asked after the act, by a pronoun: "3 replicas of mattermost, would that help with the slowness?", « 3 copies
 * de mattermost, ça aiderait pour la lenteur ? », « redémarrer gitlab, est-ce que ça réglerait le souci ? ».
 */
const HELPS_ASKED = /(?:^|[\s,;:.!])(?:(?:est-ce\s+que\s+)?(?:ca|cela)\s+(?:aiderait|aidera|reglerait|changerait|suffirait|arrangerait|ameliorerait|resoudrait)|(?:would|will|could|does)\s+(?:that|it|this)\s+(?:help|fix|solve|improve|make\s+(?:a|any)\s+difference))\b[^?]*\?\s*$/u;

/** Does the message ask whether a command, named as a thing, would have some effect? */
export function asksWhatItWouldDo(text: string): boolean {
  const plain = normalise(text);
  if (HELPS_ASKED.test(plain)) return true;
  const m = OPENS.exec(plain.replace(/’/g, "'").trim());
  if (!m) return false;
  const words = m[1]!.split(/[^\p{L}\d'-]+/u).filter(Boolean);
  // (the effect comes within a few words of the noun: "a restore of nextcloud fix", "a full restart of the ghost container help")
  return words.slice(1, 8).some((w, i) => EFFECTS.has(w) && !['you', 'u', 'we', 'i'].includes(words[i] ?? ''));
}
