// What doing a command would do, asked with a "what": « si je restaure ghost je perds quoi ? », « le prune de
// wordpress, il efface quoi exactement ? », "if I dismiss wekan, what do I lose?", "restarting gitlab, what does it
// cut?". The command is said as a condition or as the topic of the question, and the question asks what it does:
// the command's help answers it, nothing is run. A yes/no question on one effect ("would restarting gitlab log
// everyone out?", « un rollback de gitlab, ça perd des données ? ») stays asked, as the corpus has it; so does a
// question that asks something of the bot ("if I restart ghost, what can you check after?") or how a thing went or
// is (« la sauvegarde de ghost, elle a donné quoi ? » is the backups' question).
import { COPULAS } from './not-a-request.js';
import type { SentenceWord } from './words.js';

const IF = new Set(['if', 'si']);
const SPEAKERS = new Set(['i', 'we', 'je', 'j', 'on', 'nous', 'you', 'tu', 'one']);
/** An auxiliary before a gerund that opens a question: "does restarting…", "will restoring…", "would rolling back…". */
const AUX = new Set(['does', 'do', 'will', 'would', 'could', 'can']);
const ARTICLES = new Set(['a', 'an', 'the', 'un', 'une', 'le', 'la', 'l', 'les', 'this', 'ce', 'cette']);
/** Words a question opens on that take up the topic said before it (« ça », « il », "it", "does it"). */
const RESUMING = new Set(['ca', 'cela', 'il', 'elle', 'it', 'that', 'this', 'does', 'will', 'would']);
/** Words that ask something of the bot; words that ask how a thing went or is. */
const TO_BOT = new Set(['you', 'u', 'tu', 'vous', 'peux', 'pourrais', 'pouvez', 'pourriez', 'please', 'pls', 'stp', 'svp']);
const HOW_IT_WENT = new Set(['a', 'ont', 'did', 'donne', 'marche', 'marchent', 'works', 'work', 'worked', 'fonctionne', 'tourne', 'done', 'fini', 'finie', 'ok', 'possible']);
const LIGHT = new Set(['fait', 'fais', 'faire', 'lance', 'do', 'run', 'make', 'did', 'a', 'an', 'un', 'une']);
/** The "what" of a question on what it does. */
const WHAT = new Set(['what', "what's", 'whats', 'quoi', 'koi']);
const ENDS_ASKED = /\?\s*$/;

/** Whether the command whose first word is at `verbAt` is said as what the question asks the effect of. */
export function asksWhatItDoes(words: readonly SentenceWord[], text: string, verbAt: number, clause: readonly number[]): boolean {
  if (!ENDS_ASKED.test(text) || verbAt < 0) return false;
  const toBot = (from: number) => words.slice(from).some((w) => TO_BOT.has(w.text)) || !words.slice(from).some((w, i) => WHAT.has(w.text) || (w.text === 'qu' && words[from + i + 1]?.text === 'est-ce'));
  const asked = (from: number) => !toBot(from) && words.slice(from).every((w) => !HOW_IT_WENT.has(w.text) && !COPULAS.has(w.text) && !w.text.endsWith('ed'));
  const [a, b] = [words[0]?.text ?? '', words[1]?.text ?? ''];
  // "if I roll back nextcloud, …?", « si je restaure ghost … ? »
  // (« si on fait un rollback de gitlab, on perd quoi ? »: after a light verb; "what if I dismiss gitlab by accident?":
  // the "what" before it)
  const whatIf = a === 'what' && IF.has(b) ? 1 : 0;
  const [ifWord, subject] = [words[whatIf]?.text ?? '', words[whatIf + 1]?.text ?? ''];
  if (IF.has(ifWord) && SPEAKERS.has(subject) && verbAt >= whatIf + 2 && verbAt <= whatIf + 4 && words.slice(whatIf + 2, verbAt).every((w) => w.stop || LIGHT.has(w.text))) {
    return whatIf ? !toBot(0) : words.length > verbAt + 3 && !toBot(verbAt + 1);
  }
  // "does restarting gitlab kick people out…?"
  const verb = words[verbAt]!.text;
  if (AUX.has(a) && verbAt === 1 && verb.endsWith('ing')) return asked(verbAt + 1);
  // « redémarrer gitlab, ça coupe … ? », « un rollback de nextcloud, ça remet … ? », "restarting gitlab, does it …?" (an
  // infinitive, never the imperative: « redémarre gitlab, ça plante encore ? » asks for it)
  const topic = verbAt === 0 ? /(?:er|ir|tre|ing)$/.test(verb) : verbAt === 1 && ARTICLES.has(a);
  if (!topic) return false;
  const next = words.findIndex((_, i) => i > verbAt && clause[i] !== clause[verbAt]);
  return next > 0 && RESUMING.has(words[next]!.text) && asked(next + 1);
}
