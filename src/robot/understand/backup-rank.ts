// A backup named by its rank from the latest, with no day: "restore wordpress to the previous backup", "the one before
// last", "the second-to-last snapshot", « l'avant-dernière sauvegarde », « la sauvegarde précédente ». Read without a
// day, a restore takes the latest backup, which is the one such a sentence says it does not want: which one is asked
// (a file name from `backups`), never the latest run. Pure.
import type { SentenceWord } from './words.js';

/** Words that rank a backup back from the latest (normalised). */
const RANKS = new Set(['previous', 'penultimate', 'second-to-last', 'second-last', 'avant-derniere', 'avant-dernier', 'precedente', 'precedent', 'penultieme']);
/** The backup nouns a rank may sit beside. */
const BACKUPS = new Set(['backup', 'backups', 'sauvegarde', 'sauvegardes', 'snapshot', 'snapshots', 'dump', 'dumps', 'copie', 'copy', 'save', 'one', 'celle']);

/** The sentence names a backup by its rank from the latest, "previous backup", « l'avant-dernière » (alone or beside a backup noun). */
export function ranksBackBackup(words: readonly SentenceWord[]): boolean {
  return words.some((w, i) => {
    const t = w.text;
    // ("the second last backup", "one before (the) last", "the last but one")
    if (t === 'second' && words[i + 1]?.text === 'last') return true;
    if (t === 'before' && (words[i + 1]?.text === 'last' || (words[i + 1]?.text === 'the' && words[i + 2]?.text === 'last')) && ['one', 'backup', 'snapshot'].includes(words[i - 1]?.text ?? '')) return true;
    if (t === 'last' && words[i + 1]?.text === 'but' && words[i + 2]?.text === 'one') return true;
    if (!RANKS.has(t)) return false;
    // (« l'avant-dernière » alone is a backup's rank beside a restore; "previous" only beside a backup noun)
    if (t.startsWith('avant-dernier') || t === 'penultimate' || t === 'penultieme') return true;
    return BACKUPS.has(words[i + 1]?.text ?? '') || BACKUPS.has(words[i - 1]?.text ?? '');
  });
}
