// A command's verb typed glued to what it acts on: "restartghost pls", "backupwekan", « sauvegardetout stp »,
// « redemarremattermost ». A phone's keyboard or a missed space: the one word is the verb, then an app the bot knows
// (or "all", « tout »), and is said as two before the message is read. Only the verbs of commands that do no harm
// (a restart, a backup, a look): a glued word is a slip, and "updategitlab" or "dismissghost" are left as typed, so
// asked about. Each word of the message is looked at once, its tail looked up among the apps. Pure.

/** Verbs of harmless commands, as typed (lower case, accents or not). */
const VERBS = ['restart', 'reboot', 'backup', 'status', 'logs', 'verify', 'redemarre', 'redémarre', 'sauvegarde', 'relance'];
const ALL = new Set(['all', 'everything', 'tout', 'toutes', 'tous']);
const GLUED = new RegExp(String.raw`(?<![\p{L}\p{N}_.-])(${VERBS.join('|')})([\p{L}\p{N}-]{3,})(?![\p{L}\p{N}_.-])`, 'giu');

/** The message with a verb glued to an app (or to "all") said as two words; the text itself when it has none. */
export function ungluedWords(text: string, isApp: (w: string) => boolean): string {
  if (!VERBS.some((v) => text.toLowerCase().includes(v))) return text;
  return text.replace(GLUED, (m, verb: string, rest: string) => (isApp(rest.toLowerCase()) || ALL.has(rest.toLowerCase()) ? `${verb} ${rest}` : m));
}
