// A message corrected or taken back as it is typed: "restart ghost, sorry, I meant wekan", "logs of wordpress, no
// wait, static, 80 lines", "passe wekan à 6 tâches, pardon, à 3", "logs of gitlab, wait no, the status of gitlab",
// "update gitlab, no actually leave it", "supprime ghost... non attends, rien". What follows the correcting words is
// what is meant: values that replace the request's own, a request said again, or nothing (it is taken back). Pure:
// this only cuts the message; the understanding step reads each part.
import { DATE_WORDS } from './dates.js';
import { normalise, sentenceWords, type SentenceWord } from './words.js';

/** A plural noun ("restarts", "updates", "deploys"): after a bare "no", what is forbidden (not the name of a command
 *  that shows, which a "no" corrects to: "logs of ghost, no status", "…, no versions"). */
const PLURAL_NOUN = /^(?!(?:status|versions|logs|backups|recipes|minions|schedules)$)[a-z]{3,}[^s]s$/;
/** After "no" and a noun, what says that noun is forbidden, not a correction to it ("important: no dismiss of wekan"). */
const FORBIDDEN_OF = new Set(['of', 'on', 'for', 'before', 'until', 'during', 'this', 'today', 'tonight', 'while']);
/** Words that correct what was just said ("sorry, I meant", "no wait", "euh non pardon", "enfin je veux dire"). */
const CORRECTING = new Set([
  'sorry', 'typo', 'meant', 'mean', 'er', 'err', 'erm', 'uh', 'um', 'umm', 'hmm', 'no', 'nope', 'nah', 'wait', 'correction', 'oops', 'actually', 'rather', 'scratch', 'that', 'i',
  'pardon', 'euh', 'non', 'attends', 'attendez', 'enfin', 'je', 'veux', 'voulais', 'dire', 'oups', 'plutot', 'en', 'fait', 'finalement', 'ou', 'or',
  'ah', 'oh', 'bah', 'ben', 'hm',
]);
/** Of those, the ones that say it on their own (the others, "i", "that", "en", only with them: "I meant", "en fait"). */
const CORRECTS = new Set(['sorry', 'meant', 'mean', 'er', 'err', 'erm', 'uh', 'um', 'umm', 'no', 'nope', 'nah', 'wait', 'correction', 'oops', 'actually', 'rather', 'scratch', 'pardon', 'euh', 'non', 'attends', 'attendez', 'enfin', 'dire', 'oups', 'plutot', 'fait', 'finalement']);
/** Words that take a request back ("leave it", "forget it", "don't", "rien", "laisse tomber", "oublie"). */
const TAKES_BACK = new Set(['keep', 'garde', 'gardez', 'garder', 'leave', 'forget', 'dont', "don't", 'not', 'never', 'nevermind', 'nvm', 'skip', 'cancel', 'disregard', 'ignore', 'rien', 'ne', 'pas', 'laisse', 'laissez', 'tomber', 'oublie', 'oubliez', 'annule', 'annulez']);
/** Verbs of keeping, said in a reason after "no" ("the client wants to keep them", « veut garder »). */
const KEEPS = new Set(['keep', 'keeps', 'keeping', 'garde', 'gardez', 'garder', 'conserve', 'conserver', 'conservez']);
/** Of those, the ones that take back on their own, with no correcting word before ("restart wekan, forget it"). */
const CANCELS = new Set(['forget', 'nevermind', 'nvm', 'skip', 'cancel', 'disregard', 'ignore', 'laisse', 'laissez', 'oublie', 'oubliez', 'annule', 'annulez']);
const CANCELLING = /\b(?:forget|never|nevermind|nvm|skip|cancel|disregard|ignore|laisse|laissez|oublie|oubliez|annule|annulez)\b/u;
/** Words that say it is done already ("no, it's already done", "ah non, c'est déjà fait"): a request taken back. */
const ALREADY = new Set(['already', 'done', 'deja', 'fait']);
/** The trouble said gone ("ah non, le 502 a disparu", "oh no wait, it's back up", "no, it's fixed"): nothing left to do. */
const SOLVED = new Set(['disparu', 'disparue', 'gone', 'fixed', 'resolved', 'resolu', 'resolue', 'regle', 'reglee', 'repare', 'reparee', 'revenu', 'revenue', 'remarche', 'repart', 'recovered', 'vanished', 'cleared']);
/** Words said with them ("leave it", "not today", "pas la peine", "oublie ça"). */
const WITH_TAKING_BACK = new Set(['it', 'that', 'this', 'do', 'mind', 'today', 'now', 'yet', 'ca', 'cela', 'la', 'peine', 'plus', 'besoin', 'du', 'tout', 'aujourdhui', 'maintenant', 'my', 'last', 'message', 'request', 'ma', 'demande', 'mon', 'about', 'le', 'les']);
/** Correcting words that take back on their own, at the end ("restart wekan, no", "…, non attends"): not "sorry", "oops". */
const NEGATING = new Set(['no', 'nope', 'nah', 'wait', 'non', 'attends', 'attendez', 'scratch']);
/** Small words that may sit beside corrected values ("of mattermost", "de ghost", "à 3", "the 4th", "mattermost I mean";
 * a count said again, "logs wekan 100, no, make it 300", « …, non, mets 400 », "…, say 200", « …, disons 200 »). */
const BESIDE_VALUES = new Set(['now', 'maintenant', 'asap', 'vite', 'quickly', 'of', 'the', 'to', 'from', 'for', 'with', 'in', 'on', 'at', 'de', 'du', 'des', 'd', 'l', 'le', 'la', 'les', 'a', 'au', 'pour', 'sur', 'instead', 'please', 'pls', 'stp', 'svp', 'then', 'alors', 'lines', 'line', 'lignes', 'ligne', 'tasks', 'taches', 'instances', 'replicas', 'entries', 'entrees', 'version', 'v', 'last', 'latest', 'them', 'those', 'dernier', 'derniere', 'dernieres', 'derniers', 'one', 'backup', 'sauvegarde', ...CORRECTING, 'make', 'it', 'say', 'mets', 'mettons', 'mettez', 'disons', 'just', 'only', 'juste', 'seulement']);

/** What says all is well again ("it's fine", "it came back", « c'est bon », « il est reparti », « ça remarche »). */
const FINE_AGAIN = /^(?:c['’]?\s*est\s+bon|[çc]a\s+va|[çc]a\s+(?:re)?marche|(?:il|elle)\s+(?:est\s+)?(?:reparti|repartie|revenu|revenue)|it['’]?s\s+(?:fine|ok|okay|good|back)|(?:it|he|she)\s+(?:came|is|'s)\s+back|all\s+good)\b/iu;
/** The first clause of a text, and whether a text opens on a clause's end. */
const OWN_CLAUSE = /^[^,;:…—–.!?]*/u;
const OPENS_CLAUSE = /^\s*(?:[,;:…—–]|\.{1,3}\s|-\s)/u;
const ENDS_CLAUSE = /[,;:…—–.]\s*$/u;

/** A question tag ending a message: "…, no?", "…, right?", « …, non ? », « …, hein ? ». */
const TAG_QUESTION = /^(?:no|non|right|hein|nan)\s*\?[?!\s]*$/iu;

export type Correction =
  /** The request before the correcting words is taken back: nothing to run. */
  | { kind: 'taken-back'; before: string }
  /** Values said after them replace the request's own ("restart ghost, sorry, wekan"). */
  | { kind: 'values'; before: string; after: string }
  /** A request said again after them ("logs of gitlab, wait no, the status of gitlab"). */
  | { kind: 'again'; before: string; after: string };

/**
 * Where a message corrects itself: a clause after the first that opens on correcting words ("sorry", "no wait",
 * "pardon", "non"), followed (in it or in the clauses after) by values only, by nothing that is no taking back, or by
 * a request. `isValue` says whether a sentence word is a value (an app, a number, a date's word).
 */
export function correctionOf(text: string, isValue: (w: SentenceWord) => boolean): Correction | undefined {
  // (a hyphen between spaces is a dash typed fast: "back up wordpress - no, all of them")
  // (dictated, with no punctuation: « restaure ghost euh non en fait non », "restore ghost uh no actually no", and a
  // taking back that ends the message, "restore ghost scratch that", "… never mind")
  const cuts = [...text.matchAll(/\s*(?:[,;:…—–]|\s-(?=\s)|\.{2,}|[.!?](?=\s))\s*|\s+(?=(?:(?:euh|uh|um+|erm|hmm)\s+)?(?:non|no|nope|nah)\s+(?:en\s+fait|actually|wait|attends|pardon|sorry)\b)|\s+(?=(?:scratch\s+that|never\s*mind|nvm|forget\s+it|oublie\s+(?:ça|ca)|laisse\s+tomber)[\s.!]*$)/giu)];
  for (const cut of cuts) {
    const before = text.slice(0, cut.index).trim();
    const rest = text.slice(cut.index + cut[0].length);
    // ("Is blocked the gitlab, no?", « il est bloqué le gitlab, non ? »: a tag that asks to agree, no taking back)
    if (TAG_QUESTION.test(rest)) continue;
    // (cheap first: the clause opens on a correcting word, or holds a word that takes back)
    const head = normalise(/^[\p{L}'’-]*/u.exec(rest)![0]);
    if (!CORRECTING.has(head) && !CANCELLING.test(normalise(rest))) continue;
    if (!/[\p{L}\p{N}]/u.test(before)) continue;
    const words = sentenceWords(rest);
    // the correcting words that open the clause ("no", "sorry typo", "euh non pardon", "enfin je veux dire")
    let k = 0;
    while (k < words.length && CORRECTING.has(words[k]!.text)) k++;
    const opening = words.slice(0, k);
    // ("restart wekan, forget it", "…, never mind", "…, laisse tomber": taken back with no correcting word before)
    const alone = words.length > 0 && words.every((w) => TAKES_BACK.has(w.text) || WITH_TAKING_BACK.has(w.text)) && words.some((w) => CANCELS.has(w.text) || (w.text === 'mind' && words.some((x) => x.text === 'never')));
    if (k === 0 && alone) return { kind: 'taken-back', before };
    // ("backup ghost, forget it, it ran at 3", « sauvegarde nextcloud, oublie ça, elle a tourné à 3h »: taken back in a
    // clause of its own, the clauses after saying why, with no value among them)
    const own0 = sentenceWords(/^[^,;:.!?…—–]*/u.exec(rest)![0]);
    if (k === 0 && own0.length > 0 && own0.length < words.length && own0.every((w) => TAKES_BACK.has(w.text) || WITH_TAKING_BACK.has(w.text)) && own0.some((w) => CANCELS.has(w.text)) && !words.some((w) => isValue(w) && !DATE_WORDS.has(w.text))) return { kind: 'taken-back', before };
    if (!opening.some((w) => CORRECTS.has(w.text))) continue;
    // ("remember: no restarts of mattermost on Fridays", "reminder - no updates before the release", "important: no
    // dismiss of wekan": "no" and a plural noun, or a noun said of something, with no pause between forbids those)
    if (opening.length === 1 && opening[0]!.text === 'no' && /^no\s+\p{L}/iu.test(rest) && words[1] && !isValue(words[1]) && (PLURAL_NOUN.test(words[1].text) || FORBIDDEN_OF.has(words[2]?.text ?? ''))) continue;
    // ("backup ghost, oh no, it's already done", "sauvegarde ghost, ah non, c'est déjà fait")
    // ("fais un rollback de wordpress... ah non, le 502 a disparu": the trouble gone, with no other value said)
    if (opening.some((w) => NEGATING.has(w.text)) && words.slice(k).some((w) => ALREADY.has(w.text) || (SOLVED.has(w.text) && !words.slice(k).some((x) => isValue(x) && !DATE_WORDS.has(x.text) && !/^\d+$/.test(x.text))))) return { kind: 'taken-back', before };
    // ("no rush", "sorry to bother you", "non mais sérieusement"): a correcting word must end its clause or come
    // right before what replaces
    const after = words.slice(k);
    const plain = after.filter((w) => !BESIDE_VALUES.has(w.text));
    if (after.length === 0 ? opening.some((w) => NEGATING.has(w.text)) : after.every((w) => TAKES_BACK.has(w.text) || WITH_TAKING_BACK.has(w.text) || BESIDE_VALUES.has(w.text)) && after.some((w) => TAKES_BACK.has(w.text))) {
      return { kind: 'taken-back', before };
    }
    if (after.length === 0) continue;
    // ("prune wordpress, non en fait le client veut garder les vieilles sauvegardes", "…, no actually the client wants to
    // keep them": "no" then a reason to keep things takes the request back, whoever wants to keep them)
    if (opening.some((w) => NEGATING.has(w.text)) && after.some((w) => KEEPS.has(w.text)) && !after.some((w) => isValue(w) && !DATE_WORDS.has(w.text))) return { kind: 'taken-back', before };
    // the text after the correcting words, as typed
    const said = restLength(rest, k);
    const afterText = rest.slice(said).replace(/^[\s,;:…—–.]+/u, '');
    // ("restart mattermost... ah no it's fine, it came back", « redemarre mattermost... ah non c'est bon il est reparti »:
    // "no" then what says all is well again takes the request back; nothing is left to do)
    if (opening.some((w) => NEGATING.has(w.text)) && FINE_AGAIN.test(afterText) && !after.some((w) => isValue(w) && !DATE_WORDS.has(w.text))) return { kind: 'taken-back', before };
    // taken back in a clause of its own, the clauses after saying why ("backup wordpress. hmm, scratch that, it ran an
    // hour ago", "dismiss static, no actually keep it, marketing still uses it", « redémarre ghost, non laisse, ça
    // remarche »): never when what follows names a value ("…, no wait, it's wekan that's down" corrects)
    const own = sentenceWords(OWN_CLAUSE.exec(afterText)![0]);
    const ownEnds = own.length < after.length;
    const backAlone = (ENDS_CLAUSE.test(rest.slice(0, said)) || OPENS_CLAUSE.test(rest.slice(said))) && opening.some((w) => NEGATING.has(w.text));
    const backInOwn = ownEnds && own.length > 0 && own.every((w) => TAKES_BACK.has(w.text) || WITH_TAKING_BACK.has(w.text)) && own.some((w) => TAKES_BACK.has(w.text));
    // (a moment said in the reason, "it ran an hour ago", is the reason's; a value correction is values only)
    const valuesOnly = plain.length > 0 && plain.every((w) => isValue(w) || DATE_WORDS.has(w.text));
    if ((backAlone || backInOwn) && !valuesOnly && !after.some((w) => isValue(w) && !DATE_WORDS.has(w.text))) return { kind: 'taken-back', before };
    if (valuesOnly) return { kind: 'values', before, after: afterText };
    if (plain.length > 0) return { kind: 'again', before, after: afterText };
  }
  return undefined;
}

/** How many characters of `rest` its first `k` sentence words take. */
function restLength(rest: string, k: number): number {
  if (k === 0) return 0;
  const tokens = [...rest.matchAll(/\S+/gu)];
  let seen = 0;
  for (const t of tokens) {
    seen += sentenceWords(t[0]).length;
    if (seen >= k) return t.index + t[0].length;
  }
  return rest.length;
}
