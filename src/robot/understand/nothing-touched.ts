// "i dont want to delete anything yet, just show me the registry backups", « je veux rien supprimer pour l'instant,
// montre moi juste les sauvegardes de registry »: what must not happen is said first (at a sentence's start), then
// what to show. The "not" is that clause's, about deleting; the request after it only looks. The caller reads what
// follows and keeps it only when it changes nothing (a request that acts after such a clause stays asked). Pure.

import { ASKS } from './past-question.js';

const SENTENCE_START = String.raw`(?:^|(?<=[.!?»]\s*))\s*`;
const NOTHING_EN = String.raw`(?:(?:i|we)\s+)?(?:do\s*n['’]?t|don['’]?t|dont|do\s+not)\s+(?:want\s+(?:to\s+)?|wanna\s+)?(?:delete|remove|touch|wipe|purge|restore|change|break)\s+anything(?:\s+(?:yet|for\s+now|right\s+now|now))?`;
const NOTHING_FR = String.raw`(?:je\s+|j['’])?(?:ne\s+|n['’])?(?:veux|voudrais|touche|supprime|efface)\s+rien\s*(?:supprimer|effacer|toucher|virer|restaurer|casser|changer)?(?:\s+(?:pour\s+l['’\s]\s*instant|pour\s+le\s+moment|maintenant|encore))?`;
/** A first clause that says nothing is to be deleted or touched (yet), and the mark that ends it. */
const NOTHING_TOUCHED = new RegExp(String.raw`${SENTENCE_START}(?:${NOTHING_EN}|${NOTHING_FR})\s*[,.;:—–-]+\s*`, 'iu');

/** The message without a sentence's first clause where nothing is to be touched, or undefined. */
export function afterNothingTouched(text: string): string | undefined {
  const m = NOTHING_TOUCHED.exec(text);
  if (!m) return undefined;
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.trim();
  return ASKS.test(text.slice(m.index + m[0].length)) ? rest : undefined;
}
