// A wish to have something that recurs: "it would be nice to have nightly backups of ghost", "I'd love to get weekly
// reports", « ce serait bien d'avoir une sauvegarde de ghost toutes les nuits ». It asks for a schedule to be set up,
// not for the list of backups nor one backup now: asked (with `schedules` to see what already runs). Pure; reads words
// only when the wish is typed.
import { sentenceWords, type SentenceWord } from './words.js';

/** "nice to have", "great to get", "I'd love to have", « bien d'avoir », « j'aimerais avoir ». */
const WISH_TO_HAVE = /\b(?:(?:nice|great|good|cool|lovely|helpful|useful|awesome)\s+to\s+(?:have|get)|(?:i|we)['’]d\s+(?:love|like)\s+to\s+(?:have|get)|(?:bien|top|g[ée]nial|cool|super|utile|pratique)\s+d['’]\s*avoir|(?:j['’]\s*aimerais|on\s+aimerait|je\s+voudrais)\s+(?:bien\s+)?avoir)\b/iu;

/** Whether `text` wishes for a thing that recurs (`recurring` reads the words). */
export function wishesRecurring(text: string, recurring: (words: SentenceWord[]) => boolean): boolean {
  return WISH_TO_HAVE.test(text) && recurring(sentenceWords(text));
}
