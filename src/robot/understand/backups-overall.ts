// How the backups of every app went, asked with no app named: "did last night's backups all go through?", "any backup
// failures last night?", "how did the backups do overnight?", « les sauvegardes de cette nuit sont passées ? », « des
// sauvegardes en échec cette nuit ? ». The report answers it (the last backup of each app, the failed jobs); the
// listing of one app's backups would ask which app, and the state of the apps says nothing of their backups. A question
// about when they run ("when do the backups run?", « à quelle heure… ») is the schedules', and how long one takes a
// question about time: neither is read here. Pure.
import { ADDRESSEE, ASKING_MODALS, type SentenceWord } from './words.js';

/** Backups said of every app: the plural, or one word of failure after the singular ("backup failures"). */
const PLURAL = new Set(['backups', 'sauvegardes', 'svgs']);
const SINGULAR = new Set(['backup', 'sauvegarde']);
const FAILURE = new Set(['failures', 'failed', 'failing', 'errors', 'echec', 'echecs', 'echoue', 'echouees', 'ratees', 'plantees']);
/** How a run went, or that it ran. */
const OUTCOME = new Set([
  'through', 'run', 'ran', 'pass', 'passed', 'work', 'worked', 'ok', 'okay', 'fine', 'fail', 'failed', 'failures', 'succeed', 'succeeded', 'successful', 'do', 'go', 'went', 'happen', 'happened', 'complete', 'completed', 'finish', 'finished',
  'passees', 'passe', 'passes', 'donne', 'echec', 'echecs', 'echoue', 'reussi', 'reussies', 'marche', 'tourne', 'bien', 'termine', 'terminees', 'fini', 'finies',
]);
/** The past or the night that just went: the runs are behind, not ahead. */
const BEHIND = new Set(['did', 'went', 'ran', 'passed', 'failed', 'worked', 'succeeded', 'happened', 'completed', 'finished', 'overnight', 'yesterday', 'hier', 'nuit', 'passees', 'reussi', 'echoue', 'donne', 'termine', 'terminees', 'fini', 'finies']);
const LAST_NIGHT = /\b(?:last|tonight|this)\s+(?:night|morning)\b/u;
/** When, how long, how often, where: another question than how they went. */
/** (and a condition or who did it: "what if…", « qui a… »; the space they take is the report's by its own phrases) */
const OTHER_QUESTION = new Set(['when', 'quand', 'time', 'long', 'often', 'where', 'ou', 'heure', 'temps', 'souvent', 'space', 'place', 'espace', 'disk', 'disque', 'size', 'taille', 'if', 'si', 'who', 'qui']);
const QUESTION_OPENERS = new Set(['did', 'have', 'has', 'were', 'was', 'are', 'any', 'how', 'est-ce', 'estce']);

/** Whether the message asks how the backups of every app went (no app named). */
export function asksHowBackupsWent(text: string, words: readonly SentenceWord[], isApp: (w: string) => boolean): boolean {
  if (!text.includes('?') && !QUESTION_OPENERS.has(words[0]?.text ?? '')) return false;
  if (words.some((w) => isApp(w.text) || w.text === 'summoner' || OTHER_QUESTION.has(w.text))) return false;
  const backups = words.some((w, i) => PLURAL.has(w.text) || (SINGULAR.has(w.text) && FAILURE.has(words[i + 1]?.text ?? '')));
  if (!backups) return false;
  return ranBehind(words);
}

/** How a run went is said, of runs behind (a past, the night that went). */
function ranBehind(words: readonly SentenceWord[]): boolean {
  return words.some((w) => OUTCOME.has(w.text)) && (words.some((w) => BEHIND.has(w.text)) || LAST_NIGHT.test(words.map((w) => w.text).join(' ')));
}

/** Backups or copies are what is said to be up to date ("the off-site copies … up to date?", « les sauvegardes … à jour ? »). */
const COPIES = new Set(['backups', 'backup', 'copies', 'copy', 'snapshots', 'dumps', 'sauvegardes', 'sauvegarde', 'copie', 'svgs']);
export function backupsSaidUpToDate(words: readonly SentenceWord[]): boolean {
  const t = words.map((w) => w.text);
  const at = t.findIndex((w, i) => (w === 'up' && t[i + 1] === 'to' && t[i + 2] === 'date') || (w === 'a' && t[i + 1] === 'jour'));
  return at > 0 && t.slice(0, at).some((w) => COPIES.has(w));
}

/** Checked, said of a backup ("verified", « vérifiées »): a state the listing shows. */
const CHECKED = new Set(['verified', 'checked', 'tested', 'verifiee', 'verifiees', 'verifie', 'verifies', 'controlee', 'controlees', 'testee', 'testees']);
const ONE_BACKUP = new Set([...PLURAL, ...SINGULAR, 'dump', 'dumps']);
const PEOPLE = new Set(['anyone', 'anybody', 'someone', 'somebody', 'quelqu', 'quelqu\'un', 'qqn']);
/**
 * How one app's backups went, asked: "did last night's backup of nextcloud work?", « la sauvegarde de wekan de cette
 * nuit a marché ? », "are the wekan backups verified?". Its listing answers (when, result, verified); "did you mean
 * verify?" would offer to run a restore test nobody asked for. The app's name, or undefined.
 */
export function asksHowAppBackupWent(text: string, words: readonly SentenceWord[], isApp: (w: string) => boolean): string | undefined {
  if (!text.includes('?') && !QUESTION_OPENERS.has(words[0]?.text ?? '')) return undefined;
  const named = [...new Set(words.filter((w) => isApp(w.text)).map((w) => w.text))];
  // ("où", read without its accent, is also "or": « … a marché ou pas ? »)
  if (named.length !== 1 || words.some((w) => OTHER_QUESTION.has(w.text) && w.text !== 'ou')) return undefined;
  if (!words.some((w) => ONE_BACKUP.has(w.text))) return undefined;
  // (not a call to someone, "gitlab backup failed again, anyone on it?", nor a request, "can you verify the gitlab
  // backup from last night?")
  if (words.some((w, i) => PEOPLE.has(w.text) || (ASKING_MODALS.has(w.text) && ADDRESSEE.has(words[i + 1]?.text ?? '')))) return undefined;
  return words.some((w) => CHECKED.has(w.text)) || ranBehind(words) ? named[0] : undefined;
}
