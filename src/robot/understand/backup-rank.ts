// A backup named by its rank from the latest, with no day: "restore wordpress to the previous backup", "the one before
// last", "the second-to-last snapshot", « l'avant-dernière sauvegarde », « la sauvegarde précédente ». Read without a
// day, a restore takes the latest backup, which is the one such a sentence says it does not want: which one is asked
// (a file name from `backups`), never the latest run. Pure.
import { WEEKDAYS } from './dates.js';
import type { SentenceWord } from './words.js';

/** Words that rank a backup back from the latest (normalised). */
const RANKS = new Set(['previous', 'penultimate', 'second-to-last', 'second-last', 'avant-derniere', 'avant-dernier', 'avant-avant-derniere', 'avant-avant-dernier', 'precedente', 'precedent', 'penultieme']);
/** The backup nouns a rank may sit beside. */
const BACKUPS = new Set(['backup', 'backups', 'sauvegarde', 'sauvegardes', 'snapshot', 'snapshots', 'dump', 'dumps', 'copie', 'copy', 'save', 'one', 'celle']);

/** Words of the newest backup that an ordinal counts back from ("second most recent", « deuxième plus récente »). */
const LATEST_WORDS = new Set(['latest', 'newest', 'recent', 'last', 'recente', 'derniere', 'dernier', 'freshest']);
/** Ordinals that count back from the newest. */
const ORDINALS_BACK = new Set(['second', 'third', 'fourth', 'fifth', '2nd', '3rd', '4th', 'deuxieme', 'troisieme', 'quatrieme', 'seconde', '2e', '3e', '2eme', '3eme']);

/** The sentence names a backup by its rank from the latest, "previous backup", « l'avant-dernière » (alone or beside a backup noun). */
export function ranksBackBackup(words: readonly SentenceWord[]): boolean {
  return words.some((w, i) => {
    const t = w.text;
    // ("the second last backup", "one before (the) last", "the last but one")
    if (t === 'second' && words[i + 1]?.text === 'last') return true;
    if (t === 'before' && (words[i + 1]?.text === 'last' || (words[i + 1]?.text === 'the' && words[i + 2]?.text === 'last')) && ['one', 'backup', 'snapshot'].includes(words[i - 1]?.text ?? '')) return true;
    if (t === 'last' && words[i + 1]?.text === 'but' && words[i + 2]?.text === 'one') return true;
    // ("the latest backup but one", "the second most recent", "the third newest", « la deuxième plus récente »)
    if (t === 'but' && words[i + 1]?.text === 'one' && (LATEST_WORDS.has(words[i - 1]?.text ?? '') || BACKUPS.has(words[i - 1]?.text ?? ''))) return true;
    if (ORDINALS_BACK.has(t) && words.slice(i + 1, i + 3).some((x) => LATEST_WORDS.has(x.text))) return true;
    // ("the oldest we have", « la plus ancienne », "the earliest backup"): the far end, not the latest
    if (t === 'oldest' || t === 'earliest' || (t === 'ancienne' && words[i - 1]?.text === 'plus') || (t === 'ancien' && words[i - 1]?.text === 'plus')) return true;
    // ("the newest good one", « la dernière sauvegarde qui marchait »): the latest that passes a test the bot cannot run
    if (t === 'good' && (words[i + 1]?.text === 'one' || BACKUPS.has(words[i + 1]?.text ?? '')) && words.slice(Math.max(0, i - 3), i).some((x) => LATEST_WORDS.has(x.text) || x.text === 'last')) return true;
    if (['marchait', 'fonctionnait', 'worked', 'working'].includes(t) && words.slice(Math.max(0, i - 4), i).some((x) => BACKUPS.has(x.text))) return true;
    // ("the backup before last night's", "from before monday", « d'avant lundi », « d'avant celle de cette nuit »: the one
    // before a day, which the day alone would pick)
    if ((t === 'before' || (t === 'avant' && words[i - 1]?.text === 'd')) && (Object.hasOwn(WEEKDAYS, words[i + 1]?.text ?? '') || ['celle', 'last', 'tonight', 'this', 'ce', 'cette'].includes(words[i + 1]?.text ?? ''))) return true;
    if (!RANKS.has(t)) return false;
    // (« l'avant-dernière » alone is a backup's rank beside a restore; "previous" only beside a backup noun)
    if (t.includes('avant-dernier') || t === 'penultimate' || t === 'penultieme') return true;
    return BACKUPS.has(words[i + 1]?.text ?? '') || BACKUPS.has(words[i - 1]?.text ?? '');
  });
}
