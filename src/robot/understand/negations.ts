// The "not"s of a sentence that turn its request around, once its readings are ranked: a "not", "ne … pas", "no need"
// said anywhere, except where it turns nothing around (an "or not", a polite "if it's not too much trouble", a relative
// clause, urgency, not knowing what, a purpose, a manner), right before an app ("restore wekan, not gitlab": that app
// left out), or in a clause of its own that gives the reason for the request ("mattermost ne répond plus,
// redémarre-le", "we don't use it anymore"). A reading said only in the reason gives way to one said elsewhere (the
// ranking is updated in place). Pure.
import { IF_WORDS, POLITE_ASK, politeIf, REQUEST_WORDS } from './not-a-request.js';
import type { Phrase, PhraseHit } from './phrase.js';
import { neverKnow } from './never-know.js';
import { toldOfSelf } from './self-told.js';
import { removedAsUnneeded } from './not-needed.js';
import { bareNounTells } from './trouble-told.js';
import { NEGATIONS, type SentenceWord } from './words.js';
import type { Table } from './command-table.js';
import { SHOW_VERBS, THING_OPENERS } from './vocabulary.js';

/** Using or needing a thing: what a "not" beside them says of it is a reason ("we don't use it"). */
const USING = new Set(['use', 'uses', 'using', 'need', 'needs', 'sert', 'servons', 'utilise', 'utilisons', 'utilisent']);
const REFUSALS = new Set(['no', 'non', 'nope', 'nah', 'nan']);
const NO_LONGER = new Set(['anymore', 'longer', 'plus', 'personne', 'nobody']);
/** Words that open a clause before its subject ("because the board…", "car le tableau…"). */
const CONNECTIVES = new Set(['and', 'but', 'because', 'since', 'as', 'so', 'now', 'car', 'parce', 'que', 'qu', 'puisque', 'mais', 'et', 'donc', 'vu', 'comme']);
/** Words that judge a request rather than tell how things are ("it's not needed", "ce n'est pas urgent"). */
const JUDGED = new Set(['needed', 'necessary', 'required', 'urgent', 'idea', 'worth', 'useful', 'wise', 'safe', 'besoin', 'necessaire', 'utile', 'idee', 'peine', 'prudent', 'requis', 'ok', 'okay', 'fine', 'good', 'bon', 'bonne', 'grave', 'important', 'priority', 'priorite', 'today', 'now', 'yet', 'aujourdhui', 'maintenant', 'encore',
  // ("update gitlab, it doesn't make sense", "remove the registry, it's not what we want", "…, ça n'a pas de sens")
  'sense', 'sens', 'moment', 'want', 'wanted', 'veut', 'voulons', 'help', 'helps', 'decide', 'decides']);
/** A clause opening on these has "it" left out ("…, is not working", "…, doesn't start"): it tells how a thing is. */
const GERUND = /^\p{L}{3,}ing$/u;
/** What a thing does or fails to do, said of it ("doesn't start", "is not responding"). */
const SYMPTOMS = new Set(['work', 'works', 'start', 'starts', 'load', 'loads', 'respond', 'responds', 'answer', 'answers', 'open', 'opens', 'boot', 'boots', 'run', 'runs', 'connect', 'connects', 'reply', 'replies', 'up', 'down', 'used', 'reachable', 'available', 'accessible']);
const THIRD_PERSON = new Set(['is', "isn't", 'isnt', 'was', "wasn't", 'does', "doesn't", 'doesnt', 'has', "hasn't", 'hasnt', 'keeps', 'seems']);
/** The same verbs said of a plural thing too ("boards won't load", "runners aren't connecting"). */
const PLURAL_TOO = new Set([...THIRD_PERSON, "won't", 'wont', "don't", 'dont', "aren't", 'arent', "can't", 'cant', 'are', 'keep']);
/** Pronouns a thing is the subject by ("it hangs", "ça plante", "elle répond plus"). */
export const THING_PRONOUNS = new Set(['it', 'ca', 'il', 'elle', 'ils', 'elles', 'they']);
/** Knowing, remembering: what a "not" beside them denies is the speaker's knowledge. */
const KNOWING = new Set(['know', 'remember', 'recall', 'sais', 'sait', 'savons', 'rappelle', 'souviens', 'souvient']);
const WH = new Set(['what', 'which', 'how', 'where', 'who', 'ce', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'ou', 'qui']);
/** States a question may ask a thing is in ("is the wekan backup ok?", "la sauvegarde est-elle bonne ?"). */
export const STATES = new Set(['ok', 'okay', 'good', 'fine', 'usable', 'restorable', 'valid', 'sound', 'intact', 'clean', 'healthy', 'corrupt', 'corrupted', 'broken', 'complete', 'readable', 'bonne', 'bon', 'utilisable', 'restaurable', 'valide', 'saine', 'sain', 'intacte', 'corrompue', 'corrompu', 'lisible', 'exploitable', 'fiable', 'reliable']);
/** A word shaped like a verb after "without" / « sans » ("touching", « toucher », « interrompre »). */
const VERB_ENDING = /(?:ing|er|ir|re)$/;
/** Words that open a purpose: "to", "so (that)", « pour », « afin de ». */
const PURPOSE_OPENERS = new Set(['to', 'so', 'pour', 'afin']);
/** Words that open a relative clause ("the backups that…", "les sauvegardes que…"). */
const RELATIVES = new Set(['that', 'which', 'que', 'qu', 'qui', 'dont']);

/** The subject pronouns a relative said without "that" opens on, and the things it may describe (backups). */
const CONTACT_SUBJECTS = new Set(["we're", 'we', "you're", 'you', "they're", 'they', "i'm", 'i', "we've", "you've"]);
/** The speaker and the people asked, never a thing that misbehaves ("we are not ready", "nobody is connecting"). */
const SPEAKERS = new Set(['i', 'we', 'you', 'u', 'nobody', 'noone', 'someone', 'everyone', 'everybody', 'people', 'users', 'je', 'on', 'nous', 'vous', 'tu', 'personne']);
const DESCRIBED = new Set(['backups', 'copies', 'snapshots', 'dumps', 'ones', 'sauvegardes', 'archives']);

const LACKERS = new Set(['i', 'we', 'j', 'je', 'on', 'nous']);
const HAVE = new Set(['have', 'got', 'ai', 'a', 'avons']);

/** A "not" on the speaker's "have" ("I don't have", « j'ai pas », « on n'a pas »), with nothing said before in its clause but the speaker. */
function lacks(words: readonly SentenceWord[], i: number, clause: readonly number[]): boolean {
  const inK = words.map((w, k) => ({ w: w.text, k })).filter((x) => clause[x.k] === clause[i]);
  const at = inK.findIndex((x) => x.k === i);
  const before = inK.slice(0, at).map((x) => x.w).filter((w) => !CONNECTIVES.has(w) && w !== 'n' && w !== 'ne');
  const near = inK.slice(Math.max(0, at - 2), at + 3).map((x) => x.w);
  return before.length >= 1 && before.length <= 3 && LACKERS.has(before[0]!) && before.slice(1).every((w) => HAVE.has(w) || w === 'do') && near.some((w) => HAVE.has(w));
}

/** What negationsOf reads: the words of apps left out, the "not"s, those that give a reason, and whether the request is turned around. */
export interface Negations {
  negatedApps: Set<number>;
  negations: number[];
  reasons: Set<number>;
  negated: boolean;
}

/** The "not"s of a sentence, once its readings are ranked (`ranked`, changed in place where a reading gives way; `hits`, every phrase matched). */
export function negationsOf(words: SentenceWord[], ranked: PhraseHit[], hits: Map<Phrase, PhraseHit>, clause: number[], text: string, t: Table, appSet: ReadonlySet<string>): Negations {
  // "restore wekan, not gitlab": a "not" said only right before app names leaves those apps out, nothing more (right
  // after the request's verb it turns the verb around: spoken French drops its « ne », « redémarre pas gitlab »)
  const negatedApps = new Set<number>();
  // ("clean up the old gitlab backups that the retention doesn't keep", "… que la rétention ne garde pas": a "not"
  // inside a relative clause after the request's verb, in its clause, describes what it acts on)
  const verbOfTop = ranked[0]?.pairs[0]?.[1];
  // ("clear out the old wordpress backups we're not meant to keep": the relative said without its "that", a pronoun
  // right after the backups it describes; only after backups, "restart ghost we're not ready" turns it around)
  const contact = (r: number, i: number) => CONTACT_SUBJECTS.has(words[r]!.text) && DESCRIBED.has(words[r - 1]?.text ?? '') && i - r <= 2;
  const relative = (i: number) => verbOfTop !== undefined && words.some((w, r) => (RELATIVES.has(w.text) || contact(r, i)) && r > verbOfTop + 1 && r < i && clause[r] === clause[i] && clause[r] === clause[verbOfTop] && !words[r - 1]!.stop);
  // ("le thème ne supporte que ghost 5.116.2": "ne … que" says "only", it turns nothing around)
  const only = (i: number) => ['ne', 'n'].includes(words[i]!.text) && words.some((w, k) => k > i && k <= i + 3 && (w.text === 'que' || w.text === 'qu')) && !words.some((w, k) => k > i && clause[k] === clause[i] && NEGATIONS.has(w.text));
  // ("pourriez-vous, si ce n'est pas trop demander, sauvegarder ghost ?", "if it's not too much trouble": politeness)
  // ("I don't suppose you could give wekan a restart?": a British request)
  const politeNot = (i: number) => words.some((w, k) => k < i && k >= i - 4 && IF_WORDS.has(w.text) && politeIf(words, k)) || (words[i + 1]?.text === 'suppose' && words.slice(i + 2, i + 4).some((w) => ['you', 'u'].includes(w.text)));
  // ("check whether the backup is proper or not", "… ou pas": the other half of a "whether", nothing turned around)
  // ("check the backup from yesterday is ok or not": a state then "or not", the East-Asian English yes/no, asks whether too)
  // (« les certifs expirent bientôt ou pas ? »: a question ending on it, for a reading that only shows)
  const orNot = (i: number) => ['or', 'ou'].includes(words[i - 1]?.text ?? '') && ['not', 'pas'].includes(words[i]!.text) && words.slice(i + 1).every((w) => w.stop) && (words.some((w, k) => k < i && (['whether', 'if', 'si'].includes(w.text) || (k === i - 2 && STATES.has(w.text)))) || (/\?\s*$/.test(text) && ranked[0] !== undefined && !ranked[0].phrase.command.sideEffects));
  // ("…, no need again", "no need to back up": a need denied)
  // ("c'est bon, plus besoin des logs de ghost": "plus besoin" is "no need")
  const noNeed = (i: number) => (['need', 'needed'].includes(words[i]!.text) && words[i - 1]?.text === 'no') || (words[i]!.text === 'besoin' && words[i - 1]?.text === 'plus');
  // (« pas le temps de discuter », « pas de temps à perdre »: urgency, in a clause after the request's, turns nothing around)
  const noTime = (i: number) => words[i]!.text === 'pas' && (words[i + 1]?.text === 'le' || words[i + 1]?.text === 'de') && ['temps', 'time'].includes(words[i + 2]?.text ?? words[i + 1]?.text ?? '') && verbOfTop !== undefined && clause[i] !== clause[verbOfTop];
  // ("dont know what you can deploy, list it", « je sais pas ce qui tourne, montre-moi »: not knowing what or how is an
  // indirect question, answered by a command that only shows; never for one that acts)
  const notKnowing = (i: number) => ranked[0] !== undefined && !ranked[0].phrase.command.sideEffects && words.slice(Math.max(0, i - 2), i + 3).some((w, k, near) => KNOWING.has(w.text) && near.slice(k + 1).some((x) => WH.has(x.text)));
  // (« sans délai », « sans tarder », "without (further) delay": urgency, the administrative "now")
  const noDelay = (i: number) => ['sans', 'without'].includes(words[i]!.text) && ['delai', 'tarder', 'delay'].includes((words[i + 1]?.text === 'further' ? words[i + 2] : words[i + 1])?.text ?? '');
  // ("back up wekan to avoid losing data", « sauvegarde wekan pour ne pas tout perdre », "…, so we don't lose it": a
  // "not" in the purpose said after the request's verb is what the request is for; "I need you to not restart ghost",
  // "try to avoid restarting ghost" say the purpose before the verb, and turn it around)
  // (not a judgement after it: "…, so is not needed now" says the request is not needed, a consequence, no purpose)
  const purposeNot = (i: number) => verbOfTop !== undefined && !JUDGED.has(words[i + 1]?.text ?? '') && words.slice(Math.max(verbOfTop + 1, i - 4), i).some((w, k, near) => PURPOSE_OPENERS.has(w.text) && near.slice(k + 1).every((x) => x.stop || NEGATIONS.has(x.text) || x.text === 'that'));
  // ("test the latest ghost backup without touching the live site", « … sans toucher au site »: "without" and a verb no
  // phrase knows, after the request's verb, says how to do it, nothing turned around; "without backing up" still does,
  // and so does any "without" on a destructive reading: "restore gitlab without losing today's issues" cannot be kept)
  const manner = (i: number) => (words[i]!.text === 'without' || words[i]!.text === 'sans') && verbOfTop !== undefined && !ranked[0]!.phrase.command.destructive && verbOfTop < i && VERB_ENDING.test(words[i + 1]?.text ?? '') && !t.known.has(words[i + 1]!.text);
  // ("…? I'm not technical", « pardon je suis pas technique »: what the speaker is not, in a clause of its own; self-told.ts)
  // (« redémarre RIEN !!! je veux juste l'état », "restart nothing": the verb's object is nothing, its « ne » dropped)
  const nothingDone = (i: number) => (words[i]!.text === 'rien' || words[i]!.text === 'nothing') && verbOfTop !== undefined && i === verbOfTop + 1;
  const negations = words.flatMap((w, i) => (((NEGATIONS.has(w.text) && !orNot(i) && !neverKnow(words, i, clause, verbOfTop) && !noTime(i) && !notKnowing(i) && !noDelay(i) && !purposeNot(i) && !manner(i) && !toldOfSelf(words, i, clause, verbOfTop)) || noNeed(i) || nothingDone(i)) && !relative(i) && !only(i) && !politeNot(i) ? [i] : []));
  if (negations.length && negations.every((i) => ['not', 'pas'].includes(words[i]!.text) && appSet.has(words[i + 1]?.text ?? '') && words[i - 1]?.text !== 'do' && words[i - 1]?.text !== 'ne' && i - 1 !== verbOfTop)) {
    for (const i of negations) negatedApps.add(i).add(i + 1);
  }
  // "we don't use wordpress anymore, remove it", "supprime wordpress, on ne s'en sert plus": a "not" in a clause
  // of its own that says "no longer" gives the reason for the request, it does not turn it around
  // ("…, we're never using it again": a "never … again" is a "no longer")
  // ("restart wekan, the board is not loading", "redémarre wekan, le tableau ne charge pas": a "not" in a clause of its
  // own whose subject is a thing, not the speaker, says how things are: the reason, nothing turned around; never one
  // that judges the request, "it's not needed")
  // ("le registry ne répond plus, donne-moi son état": a reading that only shows, said best inside the clause of a "not"
  // and said again in a clause with none, is read there; the "not" is then what it is about)
  const shown = ranked[0];
  const inNot = (u: number) => negations.some((i) => clause[i] === clause[u]);
  if (shown && !shown.phrase.command.sideEffects && negations.length && shown.used.every(inNot)) {
    // (a clause that asks: a verb that shows, a word that asks, or the question the message ends on; not « la CI tourne »)
    const asks = (k: number) => words.some((w, j) => clause[j] === k && (SHOW_VERBS.has(w.text) || REQUEST_WORDS.has(w.text) || POLITE_ASK.has(w.text))) || (k === Math.max(...clause) && /\?\s*$/.test(text));
    const again = [...hits.values()].filter((x) => x.phrase.command === shown.phrase.command && x.pairs.length > 0 && !x.used.some(inNot) && x.used.every((u) => asks(clause[u]!))).sort((a, b) => b.score - a.score)[0];
    if (again) ranked[0] = { ...again, score: shown.score };
  }
  const situation = (i: number) => {
    const k = clause[i]!;
    // (the best reading said outside this clause: "fais le rollback de ghost, la nouvelle version marche pas" reads
    // `versions` best on the reason's own words)
    // (or a reading that only shows, whose first word is outside it: "anything stuck in the outbox? les notifs
    // n'arrivent plus" reads the outbox on the symptom's « notifs » too)
    const shows = ranked[0] !== undefined && !ranked[0].phrase.command.sideEffects && ranked[0].pairs.length > 0 && clause[ranked[0].pairs[0]![1]] !== k ? ranked[0] : undefined;
    const outside = ranked.find((h) => h.pairs.length > 0 && !h.used.some((u) => clause[u] === k)) ?? shows;
    const topAt = outside?.pairs[0]?.[1];
    if (topAt === undefined || clause[topAt] === k) return false;
    const inK = words.filter((_, j) => clause[j] === k);
    const subject = inK.find((w) => !CONNECTIVES.has(w.text));
    // ("…, runner is not connecting": a bare noun as its subject, the article left out; trouble-told.ts)
    // (never for a destructive reading: "dismiss ghost, site is not used" stays asked)
    // ("…, boards won't load": a plural noun, and the "not" of its verb, "won't", "don't", "aren't", "can't")
    const bare = !ranked[0]?.phrase.command.destructive && bareNounTells(inK.filter((w) => !CONNECTIVES.has(w.text)), PLURAL_TOO, (w) => SPEAKERS.has(w) || WH.has(w));
    // (or no subject said, the clause opening on a verb of the third person: "restart the wekan, is not working", as
    // Spanish and Italian speakers leave the "it" out)
    // (only when it says how a thing behaves, "responding", "doesn't start": "…, is not what we want" judges the request)
    const symptom = inK.some((w) => SYMPTOMS.has(w.text) || (GERUND.test(w.text) && w.text !== 'nothing' && w.text !== 'something'));
    const thing = !!subject && (THING_PRONOUNS.has(subject.text) || THING_OPENERS.has(subject.text) || appSet.has(subject.text) || ((THIRD_PERSON.has(subject.text) || bare) && symptom));
    return thing && (subject !== words[i] || THIRD_PERSON.has(subject.text)) && !inK.some((w) => JUDGED.has(w.text));
  };
  // ("restart gitlab pls, i don't have ssh", « …, j'ai pas d'accès ssh »: what the speaker lacks, in a clause of its own
  // after the request's, is why they ask the bot; "I" and "we" only, the verb "have")
  const lacking = (i: number) => verbOfTop !== undefined && clause[i] !== clause[verbOfTop] && clause[i]! > clause[verbOfTop]! && lacks(words, i, clause);
  // ("could you remove wordpress? we don't use it", « retire wordpress, on ne s'en sert pas »: a "not" on using or needing
  // it, in a clause of its own, not the request's, is the reason too)
  // (not in a message with a "no": "restart ghost? no, we don't need it" takes it back)
  const unused = (i: number) => !ranked[0]?.used.some((u) => clause[u] === clause[i]) && words.some((w, k) => k !== i && Math.abs(k - i) <= 3 && clause[k] === clause[i] && USING.has(w.text)) && !words.some((w) => REFUSALS.has(w.text));
  // ("remove schedule old-gl, not needed": the thing removed is not needed, for a removal that destroys no data; not-needed.ts)
  // (not after a question: "remove schedule old-gl? not needed" answers it)
  const unneeded = (i: number) => !text.includes('?') && ranked[0] !== undefined && ranked[0].phrase.command.sideEffects && removedAsUnneeded(words, i, clause, verbOfTop, ranked[0].phrase.command.destructive === true);
  const reasons = new Set(negations.filter((i) => situation(i) || unused(i) || unneeded(i) || lacking(i) || words.some((w, k) => clause[k] === clause[i] && (NO_LONGER.has(w.text) || (w.text === 'again' && words[i]!.text === 'never' && k > i)))));
  // "mattermost ne répond plus, redémarre-le": a reading said only in the reason gives way to one said elsewhere
  const inReason = (h: PhraseHit) => h.used.every((i) => [...reasons].some((r) => clause[r] === clause[i]));
  if (reasons.size && ranked.some((h) => !inReason(h))) for (let k = ranked.length - 1; k >= 0; k--) if (inReason(ranked[k]!)) ranked.splice(k, 1);
  // ("please no update of nextcloud before friday", "aucune mise à jour avant vendredi": a "no" on the command's noun)
  const noBefore = ranked[0]?.pairs[0] !== undefined && ['no', 'aucun', 'aucune'].includes(words[ranked[0].pairs[0][1] - 1]?.text ?? '');
  const negated = (negatedApps.size === 0 && negations.some((i) => !reasons.has(i))) || words[0]?.text === 'no' || noBefore;
  return { negatedApps, negations, reasons, negated };
}
