// A request typed as key=value pairs, as a script, a form's export or a monitoring hook writes it: "app=ghost
// action=restart", "action=logs app=gitlab lines=150", « appli=wekan action=sauvegarde », "cmd=status
// target=nextcloud". Made into the words of a command line, the action's first (its dashes and underscores as
// spaces: "outbox-drop" is `outbox drop`), then the other values in the order typed; the reading is the sentence
// reader's, which knows the French nouns (« redémarrage ») and asks about a name it does not know. Only a message
// that is nothing but such pairs with an action among them ("Example: app=ghost action=dismiss" stays an example). Pure.
import { formSays } from './form-fields.js';

const PAIRS = /^\s*(?:[\p{L}][\p{L}_-]*=\S+\s*)+$/u;
const PAIR = /([\p{L}][\p{L}_-]*)=(\S+)/gu;
/** Keys that name the action. */
const ACTION_KEYS = new Set(['action', 'cmd', 'command', 'commande', 'op', 'operation', 'task', 'tache']);
/** Keys whose value is said with its key: what is kept or deleted (« données=conservées », "data=delete"). */
const SAID_WITH_KEY = new Set(['data', 'donnees', 'données']);
/** Keys whose value is an argument; a message with any other key ("dry_run=true", "confirm=no") is read as written. */
const VALUE_KEYS = new Set(['app', 'appli', 'application', 'target', 'cible', 'service', 'name', 'nom', 'id', 'ids', 'n', 'count', 'lines', 'lignes', 'replicas', 'instances', 'tasks', 'date', 'when', 'quand', 'backup', 'sauvegarde', 'version']);

/** The key=value pairs as a command line's words; the text as it was when it is no such message. */
export function keyValuesAsLine(text: string): string {
  if (!text.includes('=') || !PAIRS.test(text)) return text;
  const pairs = [...text.matchAll(PAIR)].map((m) => [m[1]!.toLowerCase(), m[2]!] as const);
  const action = pairs.find(([k]) => ACTION_KEYS.has(k));
  // (a moment left open or ahead, "date=tbd", is read from the pairs themselves: form-fields.ts)
  if (!action || formSays(text) || pairs.some((p) => p !== action && !VALUE_KEYS.has(p[0]) && !SAID_WITH_KEY.has(p[0]))) return text;
  const rest = pairs.filter((p) => p !== action).map(([k, v]) => (SAID_WITH_KEY.has(k) ? `${k} ${v}` : v));
  return [action[1].replace(/[-_]/g, ' '), ...rest].join(' ');
}
