// A listing asked first, in a clause of its own, then what the speaker wants to see in it: "what jobs are scheduled
// tonight, anything touching the registry?", « l'historique avec les jobs auto, je veux voir si la sauvegarde de la nuit
// a planté ». The second clause narrows or explains what is looked for and reads no command of its own, so the whole
// message read nothing; the first clause's reading, a command that only shows, is the request. Never for a command that
// acts, and never when the rest says "not", "if" or a moment to come (the caller reads the parts). Pure.
import { IF_WORDS } from './not-a-request.js';
import { NEGATIONS, sentenceWords } from './words.js';

const LATER = new Set(['later', 'tomorrow', 'tonight', 'tard', 'demain', 'plus']);
const SEE = new Set(['see', 'know', 'check', 'voir', 'savoir', 'verifier']);
/** What is looked for, said after the listing: a question on "anything …", or the speaker's wish to see or know. */
const LOOKS_FOR = /^(?:and\s+|et\s+)?(?:anything|any|something|quelque\s+chose|y\s+a-t-il|il\s+y\s+a)\b[^,;]*\?\s*$|\b(?:want|wanna|need|needs|wants|have)\s+to\s+(?:see|know|check)\b|\b(?:veux|veut|voudrais|faut|pour|afin\s+de)\s+(?:voir|savoir|v[ée]rifier)\b/iu;

/** The message cut at its first comma, when the part after it may only narrow a listing; else undefined. */
export function listingThenWhat(text: string): { first: string; rest: string } | undefined {
  const m = /^([^,;]{6,}?)\s*[,;]\s*(\S.*)$/su.exec(text);
  if (!m || !LOOKS_FOR.test(m[2]!)) return undefined;
  const restWords = sentenceWords(m[2]!);
  // (an "if" right after seeing or knowing is "whether": « je veux voir si … », "to see if …")
  const whether = (i: number) => SEE.has(restWords[i - 1]?.text ?? '');
  if (restWords.some((w, i) => NEGATIONS.has(w.text) || (IF_WORDS.has(w.text) && !whether(i)) || LATER.has(w.text))) return undefined;
  return { first: m[1]!, rest: m[2]! };
}
