// A moment said inside the purpose of a request, after it: "add minion uptime from … so we see it coming next time",
// "backup wekan so that we have one before tomorrow", « ajoute le minion kuma pour qu'on le voie venir la prochaine
// fois ». The moment is the purpose's (when the benefit comes), not the request's: the request is for now. Only a
// purpose opened by "so (that)" and a subject, « pour que », « afin que », after the request's verb. Pure; the words only.
import type { SentenceWord } from './words.js';

const SUBJECTS_AFTER_SO = new Set(['we', 'i', 'you', 'u', 'they', 'it', 'everyone', 'people', 'that', 'nobody']);

/** Whether the word at `i` sits in a purpose opened after the request's verb (at `verbAt`). */
export function inPurpose(words: readonly SentenceWord[], i: number, verbAt: number): boolean {
  for (let k = verbAt + 1; k < i; k++) {
    const [w, next] = [words[k]!.text, words[k + 1]?.text ?? ''];
    if (w === 'so' && SUBJECTS_AFTER_SO.has(next)) return true;
    if ((w === 'pour' || w === 'afin') && (next === 'que' || next === 'qu')) return true;
  }
  return false;
}
