// When a backup will run, asked: "when is the next backup of ghost?", "what time does the nextcloud backup kick off?",
// « à quelle heure tourne la sauvegarde de nextcloud ? », « la prochaine sauvegarde de wekan, c'est quand ? ». That is
// the schedules' question, not the list of backups taken ("when was the last backup", « elle a tourné quand ? »: a
// past, or "last", asks of those). Pure.
import { pastWord } from './not-a-request.js';
import type { SentenceWord } from './words.js';

const BACKUP_NOUNS = new Set(['backup', 'backups', 'sauvegarde', 'sauvegardes', 'dump', 'dumps', 'job', 'jobs', 'tache', 'taches', 'nightly']);
const NEXT = new Set(['next', 'prochaine', 'prochain', 'prochaines', 'upcoming']);
/** Words of a past or of one already taken: "was", "did", "last", « dernière », « hier ». */
const PAST = new Set(['was', 'were', 'did', 'has', 'have', 'had', 'last', 'latest', 'yesterday', 'dernier', 'derniere', 'hier', 'ran', 'ete']);

/** Whether the message asks when a backup (or a job) will run. */
export function asksWhenItRuns(words: readonly SentenceWord[]): boolean {
  if (!words.some((w) => BACKUP_NOUNS.has(w.text)) || words.some((w) => PAST.has(w.text) || pastWord(w))) return false;
  const texts = words.map((w) => w.text);
  const at = (i: number) => texts[i] ?? '';
  const whatTime = texts.some((w, i) => (w === 'time' && at(i - 1) === 'what') || (w === 'heure' && at(i - 1) === 'quelle'));
  const next = texts.some((w) => NEXT.has(w));
  // ("when does the ghost backup run?", « quand tourne la sauvegarde ? »: "when" with a present that runs)
  const whenRuns = texts.some((w) => w === 'when' || w === 'quand') && texts.some((w) => ['does', 'do', 'will', 'tourne', 'tournent', 'passe', 'passent'].includes(w));
  return whatTime || next || whenRuns;
}
