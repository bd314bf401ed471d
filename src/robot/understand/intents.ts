// The intents a sentence reads, before any is chosen: the best phrase of each command that matches its words (by the
// command table), scored by how the sentence fits it (a date, an app, a count, a version said for a command that
// takes one; a yes/no question against a command that acts), and dropped where it is said only where no request is:
// after "before" or in a clause of its own that tells what happened, states how things are, acknowledges, sets an "if",
// gives a purpose, or is what a "that"/"whether" after another reading's verb is about. Also the message's clauses
// and its first date, which the rest of the reading (index.ts) works on. Pure.
import type { AnyCommand } from '../command.js';
import { asksWhatItDoes } from './consequence.js';
import { beforeAsPreviously } from './before-adverb.js';
import type { DateHit } from './dates.js';
import { countWord } from './numbers.js';
import { asksHow, clausesOf, COMPLEMENTIZERS, COPULAS, IF_WORDS, intends, isQuestion, pastWord, POLITE_ASK, politeIf, REQUEST_WORDS } from './not-a-request.js';
import { meaningOf, type Phrase, type PhraseHit } from './phrase.js';
import type { SentenceWord } from './words.js';
import { candidates, httpStatus, isAppTypo, matchPhrase, OPENING_REQUESTS, type Table } from './command-table.js';
import { flagWords } from './flags.js';
import { dateIn } from './slots.js';
import { ACKS, ALL_WORDS, SHOW_VERBS, SPEAKER_SUBJECTS, THING_OPENERS } from './vocabulary.js';

const CLAUSE_CUT = new Set(['before', 'avant']);
/** Light verbs a phrase opens on ("take a backup", « fais une sauvegarde »): said after its noun, they are another verb. */
/** Verbs of running after a light verb (« fais tourner », « fais passer »). */
const RUN_AFTER = new Set(['tourner', 'passer', 'marcher']);
const BACK_PRONOUNS = new Set(['it', 'them', 'one', 'that', 'le', 'la', 'les', 'en']);
const LIGHT_FIRST = new Set(['take', 'make', 'do', 'run', 'create', 'fais', 'faire', 'prends', 'prendre', 'lance', 'cree']);
/** Words that open a question about what or which things are (not "how", "why": those ask about a state). */
const WHAT_WORDS = new Set(['what', 'which', 'quels', 'quelles', 'quel', 'quelle']);
/** Words that date something from an event ("since the update", "depuis la mise à jour", "after the restore"). */
// ("before revert back of wordpress I need approval": the moment before it, no request for it)
export const SINCE = new Set(['since', 'depuis', 'after', 'apres', 'during', 'pendant', 'before', 'avant']);
const ARTICLE_LIKE = new Set(['the', 'le', 'la', 'l', 'les', 'our', 'notre', 'nos', 'last', 'latest', 'dernier', 'derniere', 'ta', 'ton', 'your', 'votre']);
/** What a short last question asks of a topic said before it: « c'est quand ? », "when is it?". */
const TAIL_ASKS = new Set(['when', 'quand', 'where', 'ou', 'what', 'quoi', 'combien', 'how', 'comment', 'which', 'lequel', 'laquelle', 'lesquels', 'lesquelles', 'it', 'they', 'il', 'elle', 'ils', 'elles']);

export interface Intents {
  best: Map<AnyCommand, PhraseHit>;
  hits: Map<Phrase, PhraseHit>;
  clause: number[];
  date: DateHit | undefined;
  told: Set<number>;
}

/** The intents a sentence's words read, each command's best phrase scored by how the sentence fits it. */
export function intentsOf(words: SentenceWord[], t: Table, now: number, text: string, apps: readonly string[], appSet: ReadonlySet<string>): Intents {
  // intents: the best phrase of each command
  const best = new Map<AnyCommand, PhraseHit>();
  const hits = new Map<Phrase, PhraseHit>();
  // a word shaped like a job's name ("nightly-backup"), not an app: it fits a command that takes a name
  const jobNamed = words.some((w) => /^[a-z][a-z0-9]*[-_][a-z0-9_-]+$/.test(w.text) && !appSet.has(w.text));
  for (const p of candidates(words, t)) {
    // (a bare verb that needs a name, "resume", reads only beside one: "resume nightly-wp", never « un résumé »)
    if (p.words.length === 1 && p.needs?.includes('name') && !jobNamed) continue;
    const hit = matchPhrase(p, words, t);
    if (!hit) continue;
    // ("nextcloud backups take forever": a light verb said after the phrase's noun has that noun for its subject;
    // "take a backup" is said verb first)
    // ("a snapshot of your own state …, can you take it now": a pronoun after the verb takes the noun back as its object;
    // "the backup of wordpress is taken": a past is read as one, elsewhere)
    if (LIGHT_FIRST.has(p.words[0] ?? '') && hit.pairs[0]?.[0] === p.words[0] && hit.pairs.some(([, i]) => i < hit.pairs[0]![1]) && !BACK_PRONOUNS.has(words[hit.pairs[0]![1] + 1]?.text ?? '') && !pastWord(words[hit.pairs[0]![1]]!)) continue;
    // an app name is never a command word ("mattermost" is an app here, not a chat; "static" is no `status`, not
    // even as the extra word of another phrase of it)
    if (hit.used.some((i) => appSet.has(words[i]!.text) && !p.words.includes(words[i]!.text))) continue;
    hits.set(p, hit);
    const prev = best.get(p.command);
    if (!prev || hit.score > prev.score || (hit.score === prev.score && hit.first < prev.first)) best.set(p.command, hit);
  }
  // "back up ghost before the update": what comes after `before` is not the request
  const clause = clausesOf(text, words.length);
  const intentAt = words.findIndex((w, i) => clause[i]! > 0 && intends(words, i));
  const clauseCut = intentAt < 0 ? -1 : clause.indexOf(clause[intentAt]!);
  // (« mattermost avant marche bien, …, revenir version avant »: a "before" that says "previously" cuts nothing; before-adverb.ts)
  const before = words.findIndex((w, i) => i > 0 && CLAUSE_CUT.has(w.text) && !beforeAsPreviously(words, i));
  // ("so before I go teach, can you give me the status": a clause after the "before" one that asks, "can you"
  // opening it, is a request of its own, not what the request goes before)
  const askedAfter = before > 0 ? words.findIndex((w, i) => clause[i]! > clause[before]! && i === clause.indexOf(clause[i]!) && POLITE_ASK.has(w.text) && w.text !== 'will' && ['you', 'u', 'tu', 'vous'].includes(words[i + 1]?.text ?? '')) : -1;
  const beforeEnds = askedAfter > 0 ? askedAfter : words.length;
  const cut = before > 0 && clauseCut > 0 ? Math.min(before, clauseCut) : Math.max(before, clauseCut);
  const date = dateIn(words, now);
  const dated = date !== undefined;
  // (an app said with a typo names one too: "can u install wordpres" is a summon, not the catalog's list)
  const named = words.some((w) => appSet.has(w.text) || (w.text.length >= 4 && !w.stop && !t.known.has(w.text) && !/\d/.test(w.text) && apps.some((a) => isAppTypo(w.text, a))));
  // (or said in words, "down to one instance", "three ghost instances": counted the same)
  const texts = words.map((w) => w.text);
  const counted = words.some((w, i) => (/^\d{1,4}$/.test(w.text) ? !httpStatus(words, i) : /^\p{L}/u.test(w.text) && countWord(texts, i) !== undefined) && !date?.used.includes(i));
  // ("the order notifications never reached mattermost, show me the outbox": the apps said only in another clause than
  // a reading's own, when that clause asks, "show me…", "could you…", are the story's, no misfit of a command that takes none)
  const appsAt = words.flatMap((w, i) => (appSet.has(w.text) ? [i] : []));
  const appsInStory = (hit: PhraseHit) => {
    const own = hit.pairs.length > 0 && hit.pairs.every(([, i]) => clause[i] === clause[hit.pairs[0]![1]]) ? clause[hit.pairs[0]![1]] : undefined;
    return own !== undefined && appsAt.length > 0 && appsAt.every((i) => clause[i] !== own) && words.some((w, i) => clause[i] === own && (SHOW_VERBS.has(w.text) || POLITE_ASK.has(w.text)));
  };
  const question = isQuestion(words, text);
  const politeRequest = words.some((w, i) => POLITE_ASK.has(w.text) && w.text !== 'please' && [words[i - 1]?.text, words[i + 1]?.text].some((x) => ['you', 'u', 'tu', 'vous'].includes(x ?? '')));
  const versioned = words.some((w) => /^v?\d+(\.\d+)+$/.test(w.text));
  // ("lance un prune sur gitlab", "lance un rollback de ghost": a verb that only says "do it", followed by another
  // command's noun, is not its own command's phrase too, summon's « lance »)
  const opensAt = words.findIndex((w) => !w.stop);
  // (« fais tourner prune sur nextcloud », "run a prune": the verb of running said after the light one is part of it)
  // (« fais » is a small word: the light verb may open the message before its first content word)
  const lightAt = words.findIndex((w) => !w.stop || OPENING_REQUESTS.has(w.text));
  const runAt = OPENING_REQUESTS.has(words[lightAt]?.text ?? '') && RUN_AFTER.has(words[lightAt + 1]?.text ?? '') ? lightAt + 1 : opensAt;
  const nounAt = OPENING_REQUESTS.has(words[opensAt]?.text ?? '') || runAt === lightAt + 1 ? words.findIndex((w, i) => i > runAt && !w.stop) : -1;
  const doneOnNoun = nounAt > 0 && [...best].some(([, h]) => h.pairs[0]?.[1] === nounAt);
  for (const [c, hit] of [...best]) {
    if (doneOnNoun && hit.pairs.length > 0 && hit.pairs.every(([, i]) => i >= Math.min(opensAt, lightAt) && i <= runAt)) {
      best.delete(c);
      continue;
    }
    // (its own first word after the cut, whatever it borrows before: "take a backup before the pen test" is no
    // "test the backup")
    if (cut > 0 && !(cut === before && hit.pairs.length > 0 && hit.pairs.every(([, i]) => i >= beforeEnds)) && (hit.first > cut || hit.pairs.every(([, i]) => i >= cut) || (hit.pairs[0] !== undefined && hit.pairs[0][1] > cut && clause[hit.pairs[0][1]] === clause[cut]))) {
      best.delete(c);
      continue;
    }
    // other phrases of the same command on other words ("état des certificats ssl") add a little
    const extra = new Set<number>();
    for (const [p, h] of hits) {
      if (p.command !== c || p === hit.phrase) continue;
      for (const i of h.used) if (!hit.used.includes(i) && !words[i]!.stop) extra.add(i);
    }
    // a date said fits a command that takes one (restore, verify), not one that does not (rollback)
    // an app named fits a command that takes one; one that cannot take it ("is nextcloud still alive?" is
    // not `ping`) reads the sentence worse; a number said fits a count (logs, history)
    const takesApp = c.args.some((a) => meaningOf(a).startsWith('app') || meaningOf(a) === 'name');
    const fits =
      (dated && c.args.some((a) => meaningOf(a) === 'date') ? 0.5 : 0) +
      (named ? (takesApp ? 0.5 : appsInStory(hit) ? 0 : -0.75) : 0) +
      (date?.computed && !c.args.some((a) => meaningOf(a) === 'date') ? -0.5 : 0) +
      (counted && c.args.some((a) => meaningOf(a) === 'count') ? 0.25 : 0) +
      (versioned && c.args.some((a) => meaningOf(a) === 'version') ? 0.25 : 0) +
      (jobNamed && c.args.some((a) => meaningOf(a) === 'name') ? 0.25 : 0);
    // a yes/no question ("do we have a backup of …?") asks about things rather than for an action
    // ("on a une erreur 502 sur wekan, tu peux redémarrer wekan ?": a polite request in it is no yes/no question)
    const asking = question && c.sideEffects && !politeRequest ? 0.3 : 0;
    // "make the verification of the save of ghost", "do a backup of…": the first noun after a verb that only says
    // "do it" is the request; a noun after it ("of the save") is what it is done on
    const opensOn = words.findIndex((w) => !w.stop);
    const doneNoun = OPENING_REQUESTS.has(words[opensOn]?.text ?? '') && hit.pairs[0] !== undefined && words.findIndex((w, i) => i > opensOn && !w.stop) === hit.pairs[0][1] ? 0.3 : 0;
    best.set(c, { ...hit, score: hit.score + 0.25 * extra.size + fits - asking + doneNoun });
  }
  if (words.length > 0 && words.length <= 3 && words.every((w) => w.stop || ACKS.has(w.text)) && words.some((w) => ACKS.has(w.text))) best.clear();
  // "the update of nextcloud broke everything, go back please": a clause that tells what happened (a past verb,
  // no request in it) gives the reason; a reading said only in it gives way to one said in another clause
  // so does one that states how things are ("please restore nextcloud, the last backup is fine": a copula after
  // its subject, no request in it, not the question the message ends on)
  // ("supprime tout tant qu'on y est" opens on the verb of a command that acts: a request, whatever follows)
  // a command's best hit among those that `fit`, and a reading moved onto another hit of its command, keeping what the
  // sentence added to it (its fits and extras: the reading's score less its hit's own)
  const bestHitOf = (c: AnyCommand, fit: (x: PhraseHit) => boolean) => [...hits].filter(([p, x]) => p.command === c && fit(x)).sort((a, b) => b[1].score - a[1].score)[0]?.[1];
  const movedTo = (h: PhraseHit, alt: PhraseHit): PhraseHit => ({ ...alt, score: alt.score + (h.score - (hits.get(h.phrase)?.score ?? h.score)) });
  const told = new Set<number>();
  const lastClause = Math.max(0, ...clause);
  // (on its own word, not a stem: "rollback nextcloud asap, la new version est buggy" does not open on "newer")
  const commandWords = new Set([...best.values()].flatMap((h) => (h.phrase.command.sideEffects && h.pairs[0] && h.pairs[0][2] >= 1 ? [h.pairs[0][1]] : [])));
  const otherOpensOnCommand = (k: number) => [...commandWords].some((i) => clause[i] !== k && words.findIndex((w, j) => clause[j] === clause[i] && !w.stop) === i);
  // ("ghost plante, montre-moi ses logs", "ghost 502 everywhere, show me its logs": a clause that opens on a verb that
  // shows asks as well as one that acts)
  const otherOpensOnShow = (k: number) => words.some((w, j) => clause[j] !== k && SHOW_VERBS.has(w.text) && (j === 0 || clause[j - 1] !== clause[j]));
  // (« la prochaine sauvegarde planifiée, c'est quand ? », "the next scheduled backup, when is it?": a clause before a
  // last one that only asks when, where or what is that question's topic, its participle no story)
  const tailAsks = /\?\s*$/.test(text) && lastClause > 0 && words.every((w, i) => clause[i] !== lastClause || w.stop || TAIL_ASKS.has(w.text));
  const topicAsked = (k: number) => tailAsks && k === lastClause - 1;
  for (let k = 0; k <= lastClause; k++) {
    const inK = words.filter((_, i) => clause[i] === k);
    // (a noun after its article, "the backup from monday is good", is the subject of what the clause states)
    const opener = words.findIndex((w, i) => clause[i] === k && !w.stop);
    const opensOnCommand = commandWords.has(opener) && !ARTICLE_LIKE.has(words[opener - 1]?.text ?? '');
    // ("what are the notification recipes configured, and the outbox counts?": a clause that opens on "what"/"which"
    // in a message that asks is the question, its copula and participle no statement, no story)
    const asksWhat = WHAT_WORDS.has(inK[0]?.text ?? '') && /\?\s*$/.test(text);
    const states = inK.slice(1).some((w) => COPULAS.has(w.text)) && !opensOnCommand && !asksWhat && !(k === lastClause && /\?\s*$/.test(text));
    // ("…: montre toutes les tâches planifiées": a clause that opens on a verb that shows asks, whatever its participles)
    // (so does one that opens on an app and what it does, « mattermost plante », "ghost is down", when another clause
    // opens on the verb of a command that acts: « mattermost répond plus, redémarre-le »; "wekan restart", "ghost logs"
    // are commands; a command that takes no app, ping's « réponds », is none said of the app)
    const symptom = appSet.has(words[opener]?.text ?? '') && clause[opener + 1] === k && ![...best.values()].some((h) => h.phrase.command.name !== 'status' && h.phrase.command.args.some((a) => meaningOf(a).startsWith('app')) && h.pairs.some(([, j]) => j === opener + 1)) && !words[opener + 1]!.stop && (otherOpensOnCommand(k) || otherOpensOnShow(k));
    // (so does one that opens on a thing and its article, "…, the health check has been failing since 2am", « …, le health
    // check échoue depuis 2h », when another clause opens on the verb of a command that acts: the situation, not a request)
    const thing = k > 0 && THING_OPENERS.has(inK[0]?.text ?? '') && otherOpensOnCommand(k);
    // (and one that opens on the speaker, when another opens on the verb of a command that acts: « sauvegarde nextcloud
    // maintenant stp, je fais la mise à jour ce soir » is a backup, the update the speaker's own; « je fais » is no
    // « fais » that asks)
    const own = k > 0 && SPEAKER_SUBJECTS.has(inK[0]?.text ?? '') && otherOpensOnCommand(k);
    if ((inK.some((w) => pastWord(w) && !asksWhat) || states || symptom || thing || own) && !inK.some((w, j) => REQUEST_WORDS.has(w.text) && !(own && j === 1)) && !SHOW_VERBS.has(inK[0]?.text ?? '') && !topicAsked(k)) told.add(k);
  }
  if (told.size && told.size <= Math.max(...clause)) {
    // (or its verb only, when the phrase borrowed a word of another clause: "please go back to the old version of
    // nextcloud, the update has broken the calendar" is no "update to version")
    const inTold = (h: PhraseHit) => h.pairs.every(([, i]) => told.has(clause[i]!)) || (h.pairs.length > 1 && told.has(clause[h.pairs[0]![1]]!) && h.pairs.some(([, i]) => clause[i] !== clause[h.pairs[0]![1]]));
    // (a command said in the clause that asks too keeps that reading: "How is everything holding up today? The status
    // of all apps, please.")
    const elsewhere = (c: AnyCommand) => bestHitOf(c, (x) => !inTold(x) && (cut <= 0 || x.first < cut));
    const inside = [...best].filter(([, h]) => inTold(h));
    const alts = new Map(inside.map(([c]) => [c, elsewhere(c)]));
    if (inside.length < best.size || [...alts.values()].some(Boolean)) {
      for (const [c, h] of inside) {
        const alt = alts.get(c);
        if (alt) best.set(c, movedTo(h, alt));
        else best.delete(c);
      }
    }
  }
  // "depuis la mise à jour l'agenda plante ; fais un rollback de nextcloud", "since the update…": a command's noun
  // right after "since"/"after" is the moment something began, not a request; a reading said elsewhere wins
  const since = (h: PhraseHit) => {
    let k = (h.pairs[0]?.[1] ?? 0) - 1;
    while (k >= 0 && ARTICLE_LIKE.has(words[k]!.text)) k--;
    return h.pairs.length > 0 && SINCE.has(words[k]?.text ?? '');
  };
  // (a reading that would act, said only there, is none at all: "c'est un vrai cheni depuis la mise à jour de wordpress")
  const others = [...best.values()].some((h) => !since(h));
  for (const [c, h] of [...best]) if (since(h) && (others || c.sideEffects)) best.delete(c);
  // "I restored wordpress on monday, all good": a clause that only acknowledges, in a message that is no
  // question, asks nothing (a reading said only in it is dropped)
  if (lastClause > 0 && !/\?\s*$/.test(text)) {
    const acks = (k: number) => words.every((w, i) => clause[i] !== k || w.stop || ACKS.has(w.text) || ALL_WORDS.has(w.text));
    // (a phrase of small words said whole, ping's « t'es là », is a reading of its own, no acknowledgement)
    for (const [c, h] of [...best]) if (h.pairs.length > 0 && h.used.every((i) => acks(clause[i]!))) best.delete(c);
  }
  // "vérifie que la sauvegarde se restaure bien", "check whether ghost restarts": a reading said only after a
  // "that"/"whether" that follows another reading's verb is what the first one is about, not a request of its own
  // ("check that the gitlab backup is good": a phrase of the same command said before the "that" keeps it)
  for (const [c, h] of [...best]) {
    const saidBefore = (k: number) => [...hits].some(([p, x]) => p.command === c && x.confidence >= 0.9 && x.pairs.some(([, i]) => i < k));
    // (the "that" clause ends with its clause: "pour vérifier que vous êtes réveillé : ping")
    // (on the phrase's own first word: "list ghost backups, I want to see if the one from friday is verified" is no
    // "verify backup" borrowing the listing's noun)
    const lead = h.pairs.find(([pw]) => pw === h.phrase.words[0]);
    const saidAfter = (k: number) => h.pairs.every(([, i]) => i > k && clause[i] === clause[k]) || (lead !== undefined && lead[1] > k && clause[lead[1]] === clause[k] && h.pairs.some(([, i]) => clause[i] !== clause[k]));
    const after = (k: number) => !saidBefore(k) && [...best.values()].some((o) => o !== h && o.pairs.length > 0 && o.pairs[0]![1] < k) && saidAfter(k);
    // ("what happens if I dismiss wekan": the "if" is what the question is about, answered by the command's help)
    const k = words.findIndex((w, j) => COMPLEMENTIZERS.has(w.text) && after(j) && !((w.text === 'if' || (w.text === 'si' && !date)) && asksHow(words, text)));
    if (k < 0) continue;
    // ("Julien dit qu'un redémarrage suffit, alors redémarre mattermost": the same command asked in a later clause keeps it)
    const later = bestHitOf(c, (x) => x.pairs.length > 0 && x.pairs.every(([, i]) => clause[i]! > clause[k]!));
    if (later) best.set(c, movedTo(h, later));
    else best.delete(c);
  }
  // "pour vérifier que vous êtes réveillé : ping", "to be safe, back up ghost": a reading said only as the
  // purpose ("pour", "to" before its verb, opening its clause) gives way to one said in another clause
  const purpose = (h: PhraseHit) => h.pairs.length > 0 && ['pour', 'to', 'afin'].includes(words[h.pairs[0]![1] - 1]?.text ?? '') && words.findIndex((_, i) => clause[i] === clause[h.pairs[0]![1]]) === h.pairs[0]![1] - 1;
  if ([...best.values()].some((h) => !purpose(h))) for (const [c, h] of [...best]) if (purpose(h) && [...best.values()].some((o) => o !== h && o.pairs.every(([, i]) => clause[i] !== clause[h.pairs[0]![1]]))) best.delete(c);
  // "si ça plante on restaurera wordpress", "if the update fails we restore mattermost": a sentence that opens on
  // an "if" (not a polite one) sets a condition; a reading said only in that clause is no request of its own
  // (what doing it would do, asked, "if I roll back nextcloud, do the files … disappear?", is its help's: consequence.ts)
  if (IF_WORDS.has(words[0]?.text ?? '') && !politeIf(words, 0)) {
    for (const [c, h] of [...best]) if (h.pairs.every(([, i]) => clause[i] === 0) && !(c.sideEffects && asksWhatItDoes(words, text, h.pairs[0]?.[1] ?? -1, clause))) best.delete(c);
  }
  // ("before we restore: verify yesterday's backup of nextcloud", « avant de restaurer, vérifie la sauvegarde d'hier »: an
  // opening "before" says when; a reading said only in its clause gives way to one said in another)
  // (on its verb: "restore … backup" borrows the other clause's noun)
  const verbIn0 = (h: PhraseHit) => h.pairs.length > 0 && clause[h.pairs[0]![1]] === 0;
  if (CLAUSE_CUT.has(words[0]?.text ?? '') && Math.max(...clause) > 0 && [...best.values()].some((h) => h.pairs.length > 0 && !verbIn0(h))) {
    for (const [c, h] of [...best]) if (verbIn0(h)) best.delete(c);
  }
  // "the history including scheduled jobs": words a command's own flag phrase reads belong to it, not to a rival
  for (const [c] of best) {
    const flagged = flagWords(c, words, t);
    if (flagged.size) for (const [other, h] of [...best]) if (other !== c && h.pairs.every(([, i]) => flagged.has(i))) best.delete(other);
  }
  return { best, hits, clause, date, told };
}
