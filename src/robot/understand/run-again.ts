// A run that went wrong, named as a thing, then asked again by a pronoun: "The backup of nextcloud from last night failed
// with "pg_dump: error: connection to server lost". Can you run it again now?", « la sauvegarde de nextcloud de cette
// nuit a planté avec « … », relance-la maintenant stp ». The pronoun is that run, not the app: the request is the same
// backup of the same app (never a restart of the app by « relance »). Only with one app named, a verb of failing, and
// no "not" or "if" anywhere; said as the command's own line, so every check of that command applies. Pure.
import { normalise, sentenceWords } from './words.js';

/** The run's noun: a backup's only (an update or a restore asked again carries its version, its flags, its backup, which
 *  the line would lose). */
const BACKUP_RUN = /\b(?:backups?|dumps?|sauvegardes?)\b/u;
/** What the run did: it failed. */
const FAILED = /\b(?:failed|fails|crashed|died|errored|broke|aborted|timed out|plante|a plante|echoue|a echoue|crashe|foire)\b/u;
/** Asked again, by a pronoun for the run: "run it again", "rerun it", "retry it", « relance-la », « refais-la ». */
const AGAIN = /\b(?:(?:run|do|start|launch|kick off|try)\s+it\s+again|(?:rerun|re-run|retry|relaunch|redo)\s+it)\b|\b(?:relance[sz]?|refais|refaites|recommence[sz]?)-(?:la|le)\b|\b(?:la|le)\s+(?:relancer|refaire)\b/u;
/** A "not", or a condition ("if the backup failed, run it again" is asked, as any request under an "if"). */
const NOT = /\b(?:don't|dont|do not|never|not|can't|cant|cannot|won't|skip|pas|jamais|ne|if|si|s'il|whether|unless)\b/u;

/** One more of it asked: "take a new one", "make another one", « refais-en une », « fais-en une autre ». */
const ONE_MORE = /\b(?:take|make|do|run)\s+(?:a\s+new|another|a\s+fresh)\s+one\b|\b(?:refais|fais|refaites|faites)-en\s+(?:une?\s+(?:autre|nouvelle|nouveau)|une?)\b/u;

/** A run of a command that carries more than its app (its day, version or flags), named as a thing: which command. */
const OTHER_RUNS: [RegExp, string][] = [
  [/\b(?:restores?|restauration|restoration|recovery)\b/u, 'restore'],
  [/\b(?:prune|pruning|purge|nettoyage)\b/u, 'prune'],
  [/\b(?:updates?|upgrades?|mise a jour|maj)\b/u, 'update'],
  [/\b(?:rollback|roll-back|retour arriere)\b/u, 'rollback'],
];

/**
 * What a message asks again, when it does: the backup's own line (`line`), or, when the run was a restore, a prune, an
 * update or a rollback asked again by a pronoun ("la restauration de gitlab du 28 novembre s'est pas finie, relance-la",
 * "the prune of the registry freed nothing, run it again"), which command (`asked`): its line is asked, never guessed,
 * and « relance » is no restart of the app. Undefined otherwise.
 */
export function runAgain(text: string, apps: readonly string[]): { line: string } | { asked: string } | undefined {
  const t = normalise(text).replace(/[’]/g, "'");
  const rerun = AGAIN.exec(t);
  // ("ghost backup came out 0 bytes?? take a new one": one more backup asked, whatever became of the last)
  const more = ONE_MORE.exec(t);
  const again = more ?? rerun;
  if (!again) return undefined;
  const before = t.slice(0, again.index);
  if (!NOT.test(t) && (more || FAILED.test(before)) && BACKUP_RUN.test(before)) {
    // (the apps as the message's words, as the other readings find them: an app's name is data, never a pattern)
    const named = new Set(sentenceWords(text).flatMap((w) => (apps.includes(w.text) ? [w.text] : [])));
    if (named.size === 1) return { line: `backup ${[...named][0]}` };
  }
  if (!rerun) return undefined;
  const found = OTHER_RUNS.filter(([re]) => re.test(t.slice(0, rerun.index)));
  return found.length === 1 ? { asked: found[0]![1] } : undefined;
}
