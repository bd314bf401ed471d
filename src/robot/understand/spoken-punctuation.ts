// Punctuation said aloud to a phone's dictation, which types it as words: "update word press question mark",
// « t'es là summoner point d'interrogation », "the backup of git lab failed again last night period". The mark is
// what the speaker meant, and it changes the reading: "update wordpress?" asks whether, "update wordpress" acts.
// Its names are typed as the mark:
//   - "question mark", "exclamation mark/point", « point d'interrogation/d'exclamation »: anywhere (nothing else
//     is said with these words);
//   - "period", "full stop", « point » / « point final »: only ending the message, and not after a word that makes
//     them a noun ("the retention period", « on fait le point »);
//   - "comma", « virgule »: between words, never between numbers (« six virgule sept » is a version: numbers.ts).
// Pure; the text is left as it is when none is said.
import { numberWord } from './numbers.js';

const MARKS: readonly [RegExp, string][] = [
  [/\s*\bquestion\s+marks?\b/giu, '?'],
  [/\s*\bexclamation\s+(?:marks?|points?)\b/giu, '!'],
  [/\s*\bpoints?\s+d['’]\s*interrogation\b/giu, '?'],
  [/\s*\bpoints?\s+d['’]\s*exclamation\b/giu, '!'],
];

/** Words before which "period" or « point » is the noun ("grace period", « faire le point », « au point »). */
const NOUN_BEFORE = new Set([
  'the', 'a', 'this', 'that', 'retention', 'grace', 'trial', 'billing', 'waiting', 'cooling', 'time', 'same', 'long', 'short', 'some', 'any', 'each', 'every',
  'le', 'un', 'au', 'du', 'ce', 'mon', 'ton', 'son', 'notre', 'votre', 'leur', 'quel', 'sur', 'a', 'à', 'bon', 'premier', 'dernier', 'meme', 'même',
]);
// (then maybe a thanks: "back up ghost full stop thanks")
const ENDING = /(\s+)(period|full\s+stop|point(?:\s+final)?)(\s*(?:(?:thanks|thank\s+you|thx|merci|please|stp|svp)\s*)?)$/iu;
const COMMA = /(\S+)\s+(comma|virgule)\s+(\S+)/giu;

const isNumber = (w: string) => /^\d/.test(w) || numberWord(w.toLowerCase()) !== undefined;

/** The marks said as words, typed as marks (see above). */
export function spokenPunctuation(said: string): string {
  // ("at Marc can you check the logs of Ghost", « arobase Marc tu peux regarder… »: a mention dictated, opening the message)
  const text = said.replace(/^(\s*(?:@?[Ss]ummoner\b[,:]?\s+)?)(?:[Aa]t|[Aa]robase)\s+(?=\p{Lu}\p{Ll}+\s)/u, '$1@');
  if (!/\b(?:question|exclamation|interrogation|period|stop|point|final|comma|virgule)\b/iu.test(text)) return text;
  let out = text;
  for (const [said, mark] of MARKS) out = out.replace(said, mark);
  out = out.replace(COMMA, (all, before: string, _word: string, after: string) => (isNumber(before) && isNumber(after) ? all : `${before}, ${after}`));
  const end = ENDING.exec(out);
  if (end) {
    const before = out.slice(0, end.index).split(/\s+/u).at(-1)?.toLowerCase() ?? '';
    if (before && !NOUN_BEFORE.has(before) && /[\p{L}\p{N}]$/u.test(before)) out = `${out.slice(0, end.index)}.${end[3]!.trimEnd() ? ` ${end[3]!.trim()}` : ''}`;
  }
  return out;
}
