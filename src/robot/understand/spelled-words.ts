// A word that changes what a message asks, typed with a typo, was no word at all: a day ("restore wekan from last
// frday" took the latest backup, « vednredi dernier » too, "update gitlab toight" was read as now), a word that takes a
// request back or denies it ("remove ghost, acutally keep it", « lasse tomber la mise à jour », "nobody shuld update
// mattermost"), a flag's word (« supprime ghost avec ses donées » lost its --purge). A word no rule knows, with the
// first letter of one of those and one edit from it (a letter missing, one too many, one wrong, two swapped), is that
// word. Command words are not among them (a verb read by a typo stays a guess, proposed or confirmed), except
// `explain`'s, which runs nothing. Pure.
import { edits } from '../grammar/nearmiss.js';
import { boundedMemo } from '../grammar/bounded-memo.js';
import { AVOIDING, NEGATIONS, normalise } from './words.js';

/** Day words long enough that a typo of them is no other word (not "mardi", "march", "matin": names and nouns). */
const DAY_WORDS = [
  'yesterday', 'tomorrow', 'tonight', 'morning', 'afternoon', 'evening', 'before', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'january', 'february', 'august', 'september', 'october', 'november', 'december', 'mercredi', 'vendredi', 'samedi',
  'dimanche', 'janvier', 'fevrier', 'juillet', 'septembre', 'octobre', 'novembre', 'decembre', 'semaine', 'dernier', 'derniere', 'aujourdhui',
  'prochain', 'prochaine', 'demain', 'weekend', 'moment', 'eventually', 'depuis', 'latest', 'newest', 'recent', 'recente',
];
/** Words that take back, deny, defer, hedge or correct a request, and thank for it. */
// (not those one letter from a common word other than by an ending: "would" from "world", "think" from "thing",
// "later" from "layer", « devait » from « devrait »)
const STANCE_WORDS = [
  'actually', 'forget', 'cancel', 'laisse', 'laissez', 'oublie', 'oubliez', 'annule', 'annulez', 'nevermind', 'should', 'reckon', 'reckons',
  'estime', 'perhaps', 'maybe', 'instead', 'rather', 'pardon', 'sorry', 'correction', 'plutot', 'finalement', 'whether', 'already', 'nobody',
  'until', 'unless', 'sinon', 'thanks', 'merci', 'please', 'remind', 'rappelle', 'hypothetically', 'attends', 'attendez', 'tomber', 'suppose',
  'imagine', 'pense', 'pensais', 'penser', 'prevoit', 'prevoyons', 'reparle', 'esperons', 'espere', 'rigole', 'question',
  // (not the verbs of avoiding: « avoir » is one letter from "avoid")
  ...[...NEGATIONS].filter((w) => w.length >= 5 && !AVOIDING.includes(w)),
];
/** Words of flags ("with its data", « avec ses données », "everything it stored"). */
const FLAG_WORDS = ['donnees', 'everything', 'including', 'stored', 'stockait', 'definitivement', 'together', 'without', 'volumes', 'securite', 'forcing', 'version'];
/**
 * Words that make a message a report, a question, a condition, a plan or a document rather than a request, or that
 * name its day ("soemone did the rollback of ghost", "dismiss static --purge only with the aprpoval of the lead",
 * « redémarre wekan mais atendons la fin de la démo », "restore static from the twnty ninth"). Mistyped, the
 * message read as the request it talks about. Checked against Debian's English and French word lists: none is one
 * edit from a common word of another meaning (not "failing" from "filing", "nothing" from "noting", "fourth" from
 * "forth", "eighth" from "eighty", « chaque » from « craque », « trente » from « tente »).
 */
const FRAME_WORDS = [
  'approval', 'approve', 'pending', 'validation', 'providing', 'otherwise', 'whichever', 'depending', 'afterwards', 'midnight', 'lunchtime',
  'someday', 'minutes', 'finishes', 'finished', 'twenty', 'thirty', 'twentieth', 'thirtieth', 'second', 'eleventh', 'twelfth', 'someone',
  'somebody', 'anyone', 'anybody', 'everyone', 'hopefully', 'probably', 'neither', 'crashed', 'incident', 'included', 'includes', 'completely',
  'entirely', 'nightly', 'weekly', 'hourly', 'invitation', 'reminder', 'ticket', 'runbook', 'checklist', 'scratch', 'instance', 'prepone',
  'database', 'uniquement', 'seulement', 'condition', 'accord', 'approuve', 'attente', 'attendons', 'attendre', 'semaines', 'maintenant',
  'ensuite', 'lorsque', 'dimanches', 'terminee', 'termine', 'premier', 'premiere', 'deuxieme', 'troisieme', 'pourquoi', 'comment', 'personne',
  'quelles', 'quelle', 'faudrait', 'faudra', 'serait', 'pourrait', 'prudent', 'jamais', 'effectue', 'incluses', 'inclus', 'comprise',
  'compris', 'forcant', 'rappel', 'tableau', 'confirmer', 'eviter', 'operatoire', 'postpone', 'previous', 'precedente', 'repousse',
  'repousser',
];
/**
 * `explain` and « explique » are command words, but mistyped ("exlpain restore wekan from yesterday") the request
 * they were to show was read and proposed. Read as typed for them, the request is only explained: nothing runs.
 */
const EXPLAIN_WORDS = ['explain', 'explains', 'explique', 'expliquer', 'expliquez'];
const VOCABULARY = new Set([...DAY_WORDS, ...STANCE_WORDS, ...FLAG_WORDS, ...FRAME_WORDS, ...EXPLAIN_WORDS]);
const spelled = boundedMemo<string | undefined>(5000);

/**
 * The one word of `words` that `word` is a typo of (its first letter, one edit away), if exactly one is.
 * (an ending added or dropped is another form of the word, "morning"/"mornings", « dernier »/« derniers »: no typo;
 * with `endings`, nor is another last letter, "updated"/"updates")
 */
function oneTypoFrom(word: string, words: Iterable<string>, endings = false): string | undefined {
  const close = [...words].filter((d) => d[0] === word[0] && Math.abs(d.length - word.length) <= 1 && !d.startsWith(word) && !word.startsWith(d) && !(endings && word.slice(0, -1) === d.slice(0, -1)) && edits(word, d) === 1);
  return close.length === 1 ? close[0] : undefined;
}

/** The word a word no rule knows was typed for, if exactly one is close enough. */
function meantWord(word: string): string | undefined {
  return spelled(word, () => oneTypoFrom(word, VOCABULARY));
}

/**
 * A command's noun after a determiner or a possessive ("do we have a bakup of wekan?", "the wekan bakup", "yesterday's
 * upate", « la savegarde de ghost »): mistyped, it was read as the command's verb, a guess that ran ("backup wekan",
 * and "make 2 copies of the wekan bakup" read `scale wekan 2`). There it is the noun, spelled right; a verb typed
 * with a typo stays a guess (proposed or confirmed).
 */
const NOUNS = ['backup', 'backups', 'sauvegarde', 'sauvegardes', 'update', 'updates', 'upgrade', 'restore', 'restauration', 'rollback', 'verification'];
const DETERMINERS = new Set([
  'the', 'a', 'an', 'any', 'some', 'no', 'latest', 'last', 'previous', 'next', 'my', 'our', 'your', 'his', 'her', 'its', 'their', 'this', 'that',
  'which', 'each', 'every', 'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'de', 'd', 'sa', 'son', 'ses', 'ma', 'mon', 'mes', 'ta', 'ton', 'tes',
  'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'cette', 'ce', 'derniere', 'dernier', 'chaque', 'quelle', 'quel',
]);
const nounSpelled = boundedMemo<string | undefined>(2000);
function meantNoun(word: string): string | undefined {
  // (not another ending of the same word: "updated" is no typo of "updates")
  return nounSpelled(word, () => oneTypoFrom(word, NOUNS, true));
}
/** Is the word before `at` a determiner, a possessive ("yesterday's") or an app (`isApp`)? */
function afterDeterminer(text: string, at: number, isApp: (w: string) => boolean): boolean {
  const before = /([\p{L}'’]+)\s*$/u.exec(text.slice(0, at));
  if (!before) return false;
  const w = normalise(before[1]!).replace(/['’]$/u, '');
  return DETERMINERS.has(w) || /['’]s$/u.test(w) || isApp(w);
}

/**
 * The text with each mistyped word of those spelled right (`known`: words that are themselves, apps and vocabulary;
 * `isApp`: the apps, before a command's noun).
 */
export function withWordsSpelled(text: string, known: (w: string) => boolean, isApp: (w: string) => boolean = () => false): string {
  return text.replace(/\p{L}[\p{L}'’]{3,}/gu, (typed, at: number) => {
    const w = normalise(typed);
    if (w.length < 5 || known(w) || VOCABULARY.has(w) || NOUNS.includes(w)) return typed;
    const meant = meantWord(w);
    if (meant) return meant;
    const noun = meantNoun(w);
    return noun && afterDeterminer(text, at, isApp) ? noun : typed;
  });
}
