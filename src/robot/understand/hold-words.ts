// A message made only of words that hold or take back ("wait", "never mind", « laisse tomber », « non attends »,
// « oublie ça »): nothing is asked, whatever command a word of it resembles (« tomber » read `status` as « tombé »,
// « attends » `ping` as « entends »). Pure.
import { holdsAny } from './words.js';
const HOLD = String.raw`(?:no|non|nan|nope|ok|okay|wait|hold\s+on|hang\s+on|one\s+sec(?:ond)?|a\s+sec|never\s*mind|nvm|forget\s+(?:it|that|about\s+it)|drop\s+it|skip\s+it|cancel(?:\s+(?:it|that))?|scratch\s+that|attends|attendez|attend|une\s+(?:seconde|minute|sec)|deux\s+(?:secondes|minutes)|laisse(?:z)?(?:\s+tomber)?|oublie(?:z)?(?:\s+(?:ça|ca|ce\s+que\s+j['’]ai\s+dit))?|annule(?:z)?(?:\s+(?:ça|ca))?|pas\s+grave|tant\s+pis|rien|nothing|stop|pause|en\s+fait|actually|sorry|pardon|désolée?|desolee?)`;
const HOLD_ONLY = new RegExp(String.raw`^\s*${HOLD}(?:[\s,.;:!…]+${HOLD})*[\s,.;:!…]*$`, 'iu');

/** Whether the message only holds or takes back, asking nothing. */
export function onlyHolds(text: string): boolean {
  return HOLD_ONLY.test(text);
}

const TAKES_BACK = /(?<![\p{L}])(?:never\s*mind|nvm|forget|drop|skip|cancel|scratch|laisse|laissez|oublie|oubliez|annule|annulez|tant\s+pis|rien|nothing)(?![\p{L}])/iu;

/**
 * Whether the message only takes back ("never mind", « laisse tomber », « oublie ça »): said while a proposal waits
 * for its yes, it is the "no" (a "wait" or « attends » holds, and leaves the proposal waiting).
 */
export function takesBackOnly(text: string): boolean {
  return onlyHolds(text) && TAKES_BACK.test(text);
}

/** A request, then its take-back typed with no comma: « sauvegarde wordpress euh en fait laisse tomber », "backup ghost um actually forget it" (then maybe thanks, an emoji, a copy to someone). */
const TAKE_BACK_AT_END = /^(.*?\S)\s+((?:(?:euh|heu|uh|um|erm|hmm)\s+)?(?:en\s+fait|actually|non|no)\s+(?:laisse(?:z)?\s+tomber|oublie(?:z)?(?:\s+(?:ça|ca))?|never\s*mind|nvm|forget\s+(?:it|that)|annule(?:z)?(?:\s+(?:ça|ca))?|cancel\s+(?:it|that)|scratch\s+that)(?:[\s,.!]+(?:merci|thanks|thx|stp|svp|please))*(?:\s+cc\s+@[\p{L}\p{N}._-]+)?[^\p{L}\p{N}]*)$/iu;

/** The message with a comma put back before a take-back at its end, so that it reads as one; the text itself otherwise. */
export function commaBeforeTakeBack(text: string): string {
  // (every take-back names what it takes back with one of these: the scans are skipped without one)
  if (!holdsAny(text, ['tomber', 'oublie', 'mind', 'nvm', 'forget', 'annule', 'cancel', 'scratch'])) return text;
  return text.replace(TAKE_BACK_AT_END, '$1, $2').replace(TAKE_BACK_MID, '$1, $2');
}
/** A take-back with no comma before it and words after it: « sauvegarde nextcloud oublie ça, elle a tourné à 3h ». */
const TAKE_BACK_MID = /^([^,;.!?]*?\p{L})\s+((?:oublie(?:z)?\s+(?:ça|ca)|laisse(?:z)?\s+tomber|forget\s+(?:it|that)|never\s*mind|nvm)\s*[,;.!]\s*\S.*)$/iu;
