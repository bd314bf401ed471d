// A command's run named as a thing, then what it did: "nextcloud restore, it failed again", « sauvegarde de wekan, elle
// a encore planté », "the ghost backup: crashed again". News of a run that went wrong, not a request to run it (the
// careful operator asks whether to run it again); "restore nextcloud, it failed again", the verb first, still asks for
// it. Pure.
import { normalise } from './words.js';

/** The commands' names said as nouns (French nouns that are never the verb: « restauration », « mise à jour »). */
const NOUNS = /^(?:backups?|restores?|updates?|upgrades?|rollbacks?|restarts?|sauvegardes?|restaurations?|maj|mise a jour|mises a jour)$/;
/** An English compound ("nextcloud restore", "the nightly backup") or a French noun phrase (« la sauvegarde de wekan »). */
const NAMED_RUN = /^(?:(?:the|our|my|last|latest|nightly|today's|yesterday's|le|la|les|ma|notre|derniere)\s+)?(?:(\S+)\s+)?(backups?|restores?|updates?|upgrades?|rollbacks?|restarts?|sauvegardes?|restaurations?|maj|mises? a jour)(?:\s+(?:(?:de|du|d'|des)\s*)?\S+)?$/;
/** What the run did, said of it: a pronoun (or nothing) and a verb of failing, in the past or as a habit. */
const WENT_WRONG = /^(?:it|that|this|elle|il|ca|c'est|ca a|elle a|il a)?\s*(?:has\s+|a\s+)?(?:again\s+|encore\s+|still\s+|toujours\s+)?(?:failed|fails|failing|broke|crashed|died|errored|hung|timed out|aborted|plante|a plante|echoue|a echoue|foire|a foire|crashe|a crashe|bloque)\b/;

/** Does the message name a command's run as a thing, then say it went wrong? */
export function reportsFailedRun(text: string): boolean {
  // ("ghost: restore, it failed": the app set apart as a heading, then the run named)
  const m = /^\s*([^,:;—–-]+?)\s*[,:;—–-]+\s*(.+)$/u.exec(normalise(text).replace(/[’]/g, "'").replace(/^\s*([\p{L}\p{N}-]+)\s*:\s*(?=\S+\s*[,;—–-])/u, '$1 '));
  if (!m) return false;
  const named = NAMED_RUN.exec(m[1]!.trim());
  if (!named) return false;
  // ("restore nextcloud, it failed": the verb first is a request; a noun first, or a noun after "the", is the run)
  const [, before, noun] = named;
  if (!before && !/^(?:the|our|my|last|latest|le|la|les|ma|notre)\s/.test(m[1]!.trim()) && !/^(?:restaurations?|maj|mises? a jour)$/.test(noun!) && !/\s(?:de|du|d'|des)\s*\S+$|\sd'\S+$/.test(m[1]!.trim())) return false;
  if (before && NOUNS.test(before)) return false;
  return WENT_WRONG.test(m[2]!.trim().replace(/^(?:and\s+|et\s+)/, '').replace(/\bencore\s+/, 'encore ').trim());
}
