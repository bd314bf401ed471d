// Whether a sentence read as a command that acts shows that it asks for it. The rules of not-a-request.ts each
// recognise one way of talking about a command without asking for it (a report, a plan, a regret…); blind batches
// keep bringing new ones. So a reading that would act needs, besides, one sign of a request of its own: a word
// that asks ("please", "can you", "stp", "veuillez", "il faut"), a clause of the reading that opens on a verb (an
// imperative, the command's own or another: "restart wekan", "give it a kick", "lance un prune"), or a message of
// the command's words alone ("nc bkp", "wekan restart"). A clause that opens on its subject ("the restore of
// wekan…", "marc…", "on a…", "wekan crashed…") or on a past form tells. Without a sign, the reading is offered as
// a question, never run.
import { pastWord } from './not-a-request.js';
import type { SentenceWord } from './words.js';
import { youDoIt } from './you-do-it.js';

/** Words that ask wherever they sit ("please", "kindly", "il faut", "s'il te plaît", "asap"). */
const ASKING = new Set([
  'please', 'pls', 'plz', 'plse', 'kindly', 'needful', 'stp', 'svp', 'plait', 'veuillez', 'prie', 'gre', 'auriez', 'grateful',
  'peux-tu', 'pourrais-tu', 'pouvez-vous', 'pourriez-vous', 'voudriez-vous', 'need', 'needs', 'needed', 'want', 'wanna', "let's", 'lets',
  'faut', 'faudrait', 'besoin', 'voudrais', 'voudrions', 'souhaiterais', 'souhaiterions', 'urgent', 'urgently', 'asap',
  'immediately', 'immediatement', 'mtn', 'required', 'requis', 'necessaire', 'mind', 'reconnaissant', 'reconnaissante', 'obliges',
  'obligeance', 'amabilite', 'possible', 'favore', 'favor', 'bitte', '3afak', 'afak',
]);
/** Words that ask with "you" before them ("je vous demande de…", « on te demande de… », "je vous prie de…") or after ("would like"). */
const ASKS_OF_YOU = new Set(['demande', 'demandons', 'prie', 'prions']);
/** Modals that ask only with "you" after them ("can you…", "tu peux…", "would you mind…"). */
const MODALS = new Set(['can', 'could', 'would', 'will', 'peux', 'pourrais', 'pourriez', 'pouvez', 'sais', 'veux', 'voulez', 'voudrais']);
const YOU = new Set(['you', 'u', 'ya', 'tu', 'vous']);
/** Words that may come before an imperative in its clause ("ok so restart wekan", "and now restore it"). */
const OPENERS = new Set(['ok', 'okay', 'k', 'so', 'then', 'and', 'also', 'just', 'now', 'quickly', 'right', 'alright', 'et', 'puis', 'alors', 'ensuite', 'aussi', 'bon', 'allez', 'vas-y', 'go', 'ahead', 'hey', 'hi', 'hello', 'yo', 'dear', 'bot', 'summoner', 'please', 'pls', 'plz', 'stp', 'svp', 'kindly', 'maintenant', 'vite', 'oui', 'yes', 'bonjour', 'salut', 'coucou', 'merci', 'thanks', 'again', 'encore', 'sil', 'plait', 'te', 'vous', 'mtn']);
/** Words a clause that tells opens on: its subject, or the question it asks. */
const TELLS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'my', 'our', 'your', 'his', 'her', 'their', 'its', 'i', 'we', 'you', 'u', 'he', 'she',
  'it', 'they', "i'm", 'im', "we're", "i've", "we've", "i'll", "we'll", "it's", 'someone', 'somebody', 'anyone', 'everyone', 'nobody', 'people',
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'ce', 'cet', 'cette', 'ces', 'mon', 'ma', 'mes', 'notre', 'nos', 'votre', 'vos', 'son',
  'sa', 'ses', 'leur', 'leurs', 'je', 'j', 'tu', 'il', 'elle', 'on', 'nous', 'ils', 'elles', 'ca', 'cela', 'c', 'qui', 'personne',
  'what', 'who', 'why', 'when', 'where', 'how', 'which', 'whose', 'is', 'are', 'was', 'were', 'did', 'does', 'has', 'have', 'had',
  'quoi', 'que', 'qu', 'pourquoi', 'quand', 'comment', 'ou', 'combien', 'quel', 'quelle', 'est-ce', 'y', 'if', 'si', 'there',
]);

/**
 * `verbAt` is the command's word in the sentence; `reads(i)` says whether word i is one of the reading's phrases,
 * `own(i)` whether it belongs to the reading at all (its phrase, its app, its date, its values, its flag words).
 */
/** What a verb at the end acts on, said again ("restart it?", « redémarre-le ? »). */
const IT = new Set(['it', 'them', 'le', 'la', 'les', 'l', 'again', 'encore']);

export function asksForIt(words: readonly SentenceWord[], verbAt: number, clause: readonly number[], reads: (i: number) => boolean, own: (i: number) => boolean, question = false, verbAsked = question): boolean {
  const you = (i: number) => YOU.has(words[i]?.text ?? '');
  // ("can you…", "tu peux…", "you could…", "je vous demande de…", "I'd like…")
  const asks = (w: SentenceWord, i: number) => ASKING.has(w.text) || (MODALS.has(w.text) && (you(i + 1) || you(i - 1))) || (ASKS_OF_YOU.has(w.text) && (you(i - 1) || (words[i - 1]?.text === 'te' && ['on', 'je', 'j', 'nous'].includes(words[i - 2]?.text ?? '')))) || (w.text === 'like' && ["i'd", 'id', 'would', "we'd"].includes(words[i - 1]?.text ?? ''));
  if (words.some((w, i) => !own(i) && asks(w, i))) return true;
  // (« tu le redémarres ? »: the verb in the present of "tu" or "vous", asked; you-do-it.ts)
  if (youDoIt(words, verbAt, verbAsked)) return true;
  // a message of the reading's words alone ("nc bkp", "wekan restart"); with a question mark ("wordpress: restart?",
  // « wekan : redémarrer ? ») it asks whether to, as the exact line "restart wekan?" does
  if (words.every((w, i) => own(i) || OPENERS.has(w.text) || (w.stop && !TELLS.has(w.text)))) return !question;
  // (the same line at the end of what is told, "wekan is slow again restart it?", « wekan rame encore redemarre le ? »:
  // whether to, asked)
  // (not a question put to someone, "can someone restart wordpress??", "would it be ok to have 3 instances?")
  if (question && verbAt > 0 && reads(verbAt) && words.every((w, i) => i <= verbAt || own(i) || IT.has(w.text)) && !words.some((w, i) => i < verbAt && (MODALS.has(w.text) || ASKING.has(w.text)))) return false;
  // a clause of the reading that opens on a verb: the first word of it past the openers
  const clauses = new Set(words.flatMap((_, i) => (own(i) && !/\d/.test(words[i]!.text) ? [clause[i]!] : [])));
  clauses.add(clause[verbAt]!);
  return [...clauses].some((k) => {
    // (past the app or the date it acts on: "wekan restart", but "wekan crashed" tells)
    const at = words.findIndex((w, i) => clause[i] === k && !OPENERS.has(w.text) && (reads(i) || !own(i)));
    const w = words[at];
    if (!w) return false;
    if (reads(at)) return !pastWord(w) && !/^\p{L}{3,}ing$/u.test(w.text);
    // (« wordpress à 2 replicas »: « à » before a count, after what the reading acts on, is the value's "to", no
    // article; its accent lost, it reads as "a")
    if (w.text === 'a' && at > 0 && own(at - 1) && /^\d+$/.test(words[at + 1]?.text ?? '') && own(at + 1)) return true;
    return !TELLS.has(w.text) && !pastWord(w) && !/^\p{L}{3,}ing$/u.test(w.text) && !words[at + 1]?.participle;
  });
}
