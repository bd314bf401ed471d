// "restore nextcloud to one of last week's backups", « vérifie une des sauvegardes de wordpress », "yesterday or the
// day before, whichever still has the posts", « n'importe laquelle »: the backup is left to be chosen among several.
// Which one is asked, never guessed (the day read from such a sentence is at best one of them).
import type { SentenceWord } from './words.js';

const ONE = new Set(['one', 'any', 'either', 'une', 'un', 'some']);
const OF = new Set(['of', 'des', 'de', 'd']);
const BACKUPS = new Set(['backups', 'sauvegardes', 'snapshots', 'dumps', 'copies', 'saves', 'backup', 'sauvegarde']);
const WHICHEVER = new Set(['whichever', 'whatever']);
const NO_MATTER = new Set(['laquelle', 'lequel', 'quelle', 'quel']);
const DAY = new Set(['day', 'jour', 'journee']);
const SPANS = new Set(['week', 'semaine', 'weekend', 'week-end', 'month', 'mois']);
const WHICH = new Set(['which', 'laquelle', 'lequel', 'quelle', 'quel']);
/** Words of not knowing or not remembering before a "which" ("don't remember which", « je sais plus lequel », « je ne me souviens plus duquel »). */
const UNKNOWN = new Set(['remember', 'recall', 'know', 'sure', 'sais', 'souviens', 'rappelle', 'idea', 'idee']);

/** The sentence leaves the choice of a backup open: "one of (the) … backups", "whichever", « n'importe/peu importe laquelle ». */
export function leavesBackupOpen(words: readonly SentenceWord[]): boolean {
  return words.some((w, i) => {
    const t = w.text;
    if (WHICHEVER.has(t)) return true;
    // ("a day last week", « d'un jour de la semaine dernière »: an indefinite day of a span is any of its days)
    if (ONE.has(t) && DAY.has(words[i + 1]?.text ?? '') && words.slice(i + 2, i + 6).some((x) => SPANS.has(x.text))) return true;
    // ("I don't remember which", « je sais plus lequel »: the speaker does not know which one)
    if (WHICH.has(t) && words.slice(Math.max(0, i - 3), i).some((x) => UNKNOWN.has(x.text))) return true;
    // (« n'importe laquelle », « peu importe laquelle »)
    if (t === 'importe' && NO_MATTER.has(words[i + 1]?.text ?? '')) return true;
    // ("one of last week's backups", « l'une des sauvegardes »: a plural backup noun within the next words)
    return ONE.has(t) && OF.has(words[i + 1]?.text ?? '') && words.slice(i + 2, i + 6).some((x) => BACKUPS.has(x.text) && x.text.endsWith('s'));
  });
}
