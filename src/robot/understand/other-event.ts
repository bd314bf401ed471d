// A clause of its own after the request, with a subject of its own, that tells what someone or something else does:
// "take a backup of everything please, the host does maintenance at noon", « sauvegarde tout stp, l'hébergeur coupe le
// serveur à midi », « …, ce soir on change le serveur », "quick report pls, greg wants numbers for the meeting",
// « envoie-moi le rapport, le boss veut le voir tantôt ». The moment said there dates that other event (the reason the
// request is for now), not the request; its words are the reason, no chatter around the request. Only after a request
// that opens the message on its verb, and never when the clause ties the request to the event ("…, tonight after the
// demo", "…, once we migrate", « …, quand on change le serveur »): "backup everything tonight" and "backup all, tonight
// please" stay for later. For a command that acts, only one that keeps things safe before the event (a backup, a
// check, a schedule paused): "update gitlab please, the team is off tonight" or "restart ghost, nobody works at noon" may
// mean then, and stay asked. Pure; the words only.
import type { SentenceWord } from './words.js';

/** Pronouns that are a verb's subject ("we migrate", « on change », « il coupe »). */
const PRONOUNS = new Set(['we', 'they', 'he', 'she', 'i', "i'm", "we're", "they're", 'on', 'il', 'ils', 'elle', 'elles', 'je', 'j', 'nous']);
/** Words that open a noun that may be a subject ("the host", « l'hébergeur », « le boss », "our client"). */
const DETERMINERS = new Set(['the', 'our', 'my', 'their', 'his', 'her', 'le', 'la', 'l', 'les', 'notre', 'nos', 'mon', 'ma', 'mes', 'leur', 'leurs', 'son', 'sa', 'ses']);
/** Words that tie the request to the event, or the event to the request ("after", « avant », "once", « quand »). */
const TIES = new Set(['after', 'before', 'once', 'when', 'until', 'till', 'then', 'by', 'apres', 'avant', 'quand', 'lorsque', 'jusqu', 'puis', 'ensuite', 'des', 'if', 'si']);
/** Words of a moment, never a subject nor its verb ("tonight", « ce soir », "noon"). */
const MOMENT = new Set(['tonight', 'tomorrow', 'later', 'today', 'morning', 'afternoon', 'evening', 'noon', 'midnight', 'soir', 'demain', 'tard', 'tantot', 'matin', 'midi', 'minuit', 'apres-midi', 'aujourd', 'hui', 'ce', 'cet', 'cette', 'this', 'at', 'a', 'vers']);

/** Auxiliaries between a subject and its verb ("we are moving", "they were doing"). */
const BE = new Set(['are', 'is', 'am', 'was', 'were', 'will']);
/** Verbs of wanting or saying after a name ("greg wants", « le boss veut »): the name is a subject. */
const SAYS = new Set(['wants', 'wanted', 'needs', 'needed', 'says', 'said', 'asked', 'asks', 'veut', 'voulait', 'dit', 'demande', 'doit']);

/** Commands that keep things safe before another event, and disrupt nothing: what is asked of them is for now. */
const SAFE_BEFORE = new Set(['backup', 'verify', 'schedule']);

/** The indices of clause `k`'s words. */
const wordsOf = (clause: readonly number[], k: number) => clause.flatMap((c, i) => (c === k ? [i] : []));

/** Whether clause `k` holds a subject of its own and a word after it (a verb): it tells an event of its own. */
export function hasOwnSubject(words: readonly SentenceWord[], clause: readonly number[], k: number): boolean {
  const own = wordsOf(clause, k);
  if (own.length < 3 || own.some((i) => TIES.has(words[i]!.text))) return false;
  const inIt = (i: number) => clause[i] === k && !!words[i] && !MOMENT.has(words[i]!.text) && !/^\d/.test(words[i]!.text);
  return own.some((j) => {
    const w = words[j]!.text;
    // ("we are moving to a new server tonight": the verb after its auxiliary)
    if (PRONOUNS.has(w)) {
      const v = BE.has(words[j + 1]?.text ?? '') ? j + 2 : j + 1;
      return inIt(v) && !words[v]!.stop;
    }
    if (DETERMINERS.has(w) && (j === own[0] || MOMENT.has(words[j - 1]?.text ?? ''))) return inIt(j + 1) && inIt(j + 2);
    // (a name that opens the clause, then a verb of wanting or saying: "greg wants numbers")
    return j === own[0] && !words[j]!.stop && SAYS.has(words[j + 1]?.text ?? '') && inIt(j + 2);
  });
}

/**
 * Whether the word at `i` sits in such a clause after the request's (its verb at `verbAt`), the request opening the
 * message (`opensOnVerb`).
 */
export function momentOfOther(words: readonly SentenceWord[], clause: readonly number[], verbAt: number, i: number, opensOnVerb: boolean, command: string): boolean {
  if (clause[i]! > clause[verbAt]! && maySomeday(words, clause, clause[i]!)) return true;
  return opensOnVerb && SAFE_BEFORE.has(command) && clause[i]! > clause[verbAt]! && hasOwnSubject(words, clause, clause[i]!);
}

/** Modals of what may happen ("we may reuse it", "they might", « on pourrait », « on pourra »), never "will". */
const MAY = new Set(['may', 'might', 'could', 'pourrait', 'pourrions', 'pourraient', 'pourra', 'pourrons', 'pourront']);

/**
 * ("dismiss static but keep its data, we may reuse it next year", « …, on pourrait s'en resservir l'an prochain »: a
 * clause after the request whose subject says what may happen then: the moment is that possibility's, for any command)
 */
function maySomeday(words: readonly SentenceWord[], clause: readonly number[], k: number): boolean {
  const own = wordsOf(clause, k);
  if (own.some((i) => TIES.has(words[i]!.text))) return false;
  return own.some((j) => PRONOUNS.has(words[j]!.text) && MAY.has(words[j + 1]?.text ?? '') && clause[j + 1] === k);
}
