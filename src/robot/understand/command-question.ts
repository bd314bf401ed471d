// A question about one of the bot's commands, named as the thing asked about: "what does rollback put back exactly?",
// "whats `verify` for?", "how does rollback work", « verify ça vérifie quoi au juste ? », « il fait quoi exactement
// rollback ? ». The command's name is the subject (never run on anything: no app is said), and what it does is asked
// with a "what" or a "how": the command's help answers it. A yes/no question on one behaviour ("does restore ask
// before it runs?", « le rollback remet aussi la base ? ») stays asked, as the held-out set has it. The words of the
// question are other commands' ("put back" is restore's, « remet » rollback's and restore's), so the command named
// wins over them. Read whole, before the phrases. Pure.
import { normalise } from './words.js';

/** Verbs that ask for a result, not what the command does (« les logs ça dit quoi ? » asks to see them). */
const RESULT = new Set(['dit', 'donne', 'raconte', 'affiche', 'montre', 'say', 'says', 'show', 'shows']);

/** The shapes, `C` standing for the command's name (the name caught in the first group). */
function shapes(c: string): RegExp[] {
  const C = String.raw`(${c})(?![\p{L}\p{N}-])`;
  return [
    // "what does rollback put back (exactly)…", "what will prune delete…"
    new RegExp(String.raw`^(?:so\s+)?(?:what|whats|what's)\s+(?:does|do|will|would)\s+${C}\s+(\p{L}+)`, 'u'),
    // "whats `verify` for?", "what is prune for", "what's rollback good for"
    new RegExp(String.raw`^(?:so\s+)?(?:whats|what's|what\s+is)\s+${C}\s+(?:(?:even|really|actually|good)\s+)?for\b`, 'u'),
    // "how does rollback work", "how does prune pick what to delete"
    new RegExp(String.raw`^(?:how\s+does|how\s+do)\s+${C}\s+(\p{L}+)`, 'u'),
    // « verify ça vérifie quoi au juste ? », « rollback il remet quoi ? »
    // (« la commande prune, elle supprime quoi au juste ? », "the command prune, …": named as a command first)
    new RegExp(String.raw`^(?:(?:la\s+)?commande\s+|(?:the\s+)?command\s+)?${C}\s+(?:ca|cela|il|elle)\s+(\p{L}+)\s+quoi\b`, 'u'),
    // (« commande prune faire quoi ? », « la commande verify fait quoi ? »: the verb left in the infinitive by a learner)
    new RegExp(String.raw`^(?:la\s+)?commande\s+${C}\s+(?:faire|fait|fais)\s+quoi\b`, 'u'),
    // (« pourriez-vous m'expliquer ce que fait « rollback » ? », "can you explain what prune does?": what it does, asked
    // to be explained)
    new RegExp(String.raw`\b(?:m'|me\s+|nous\s+)?(?:expliquer|explique|expliquez|explique-moi|expliquez-moi|dire|dis-moi|dites-moi)\s+ce\s+que\s+(?:fait|ferait|va\s+faire)\s+(?:exactement\s+|concretement\s+)?(?:la\s+commande\s+|l'ordre\s+)?${C}`, 'u'),
    new RegExp(String.raw`\b(?:explain|tell\s+me)\s+what\s+(?:the\s+)?${C}\s+(?:command\s+)?(does|do)\b`, 'u'),
    // « il fait quoi (exactement) rollback ? », « ça fait quoi au juste prune ? »
    new RegExp(String.raw`^(?:il|elle|ca)\s+fait\s+quoi\s+(?:exactement\s+|au\s+juste\s+|concretement\s+)?${C}\b`, 'u'),
  ];
}
const memo = new Map<string, RegExp[]>();

/**
 * The command a question asks about, by its name (`names`: the commands' own names, not their aliases), when the message
 * is such a question and names no app (`isApp`); else undefined.
 */
export function commandAskedAbout(text: string, names: readonly string[], isApp: (w: string) => boolean): string | undefined {
  // (the name in a code span, "whats `verify` for?", read as the name)
  // (and in quotes, « « verify », ça fait quoi concrètement ? », 'what does "dismiss" actually do??', the comma after it
  // dropped)
  // ("wait, what does dismiss actually do?": a word or two of interjection before the bare question dropped; not before
  // a question on one behaviour, "so like, what does restore even do to the db?", asked as the held-out set has it)
  const t = normalise(text).replace(/[`"“”«»]/gu, ' ').replace(/(\p{L})\s*,(?=\s)/gu, '$1').trim().replace(/\s+/gu, ' ').replace(/^(?:\p{L}+\s){1,2}(?=what\s+(?:does|do)\s+\S+\s+(?:(?:actually|really|exactly|even)\s+)?do\s*(?:exactly\s*)?\?)/u, '');
  // (a question: its mark, or the question's own words opening it)
  // (or a question mark ending its first sentence, « « verify », ça fait quoi ? Je ne suis pas informaticienne »)
  if (!/\?/u.test(t) && !/^(?:how|what|whats|what's)\b/u.test(t)) return undefined;
  if (t.split(/[^\p{L}\p{N}-]+/u).some((w) => w && isApp(w))) return undefined;
  const key = names.join('|');
  let res = memo.get(key);
  if (!res) memo.set(key, (res = shapes(names.map((n) => n.replace(/[^\p{L}\p{N}-]/gu, '')).join('|'))));
  for (const re of res) {
    const m = re.exec(t);
    if (m && !RESULT.has(m[2] ?? '')) return m[1]!;
  }
  return undefined;
}
