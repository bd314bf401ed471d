// The understanding step, between tokenising and the command table: a sentence → an intent (which command)
// and its slots (app, version, date, count, flags), wherever they sit in the sentence, in English or French.
// Exact command lines keep the strict grammar (parse.ts); a sentence it cannot read, or reads by a guess, is
// read here. Pure and synchronous: the vocabulary (app names) and the clock are injected.
//
// Safety: what this returns carries a confidence. The robot runs a command with side effects read below
// CONFIDENT only after a "yes"; a destructive one is always shown canonical and confirmed; a destructive one
// whose app name was a near-miss is never proposed, it is asked about. A negated sentence ("don't restore")
// never yields a command with side effects.
import type { AnyCommand } from '../command.js';
import { edits } from '../grammar/nearmiss.js';
import { boundedMemo } from '../grammar/bounded-memo.js';
import { parseCommand } from '../grammar/parse.js';
import { isCron, rawTokens } from './as-typed.js';
import { plainShorthand } from './shorthand.js';
import { spokenPunctuation } from './spoken-punctuation.js';
import { emojiStop, withoutOpeningGreeting } from './emoji-stop.js';
import { reportsFailedRun } from './failed-again.js';
import { tellsBackupState } from './state-told.js';
import { asksWhatItWouldDo } from './effect-question.js';
import { appLeftOut, withoutAppIncluded } from './all-but.js';
import { describedApps } from './described-app.js';
import { REVERT_ON_MAIL } from './idioms.js';
import { fromDocument } from './document-source.js';
import { listMarked } from './list-marks.js';
import { addressedToOther } from './addressing.js';
import { asItWasRestore } from './as-it-was.js';
import { asksForIt } from './asked-for.js';
import { notOurs, notOursSaid } from './not-ours.js';
import { withoutFraming } from './vocative.js';
import { commaBeforeTakeBack, onlyHolds } from './hold-words.js';
import { wholePhraseFirst } from './whole-phrase.js';
import { mayAskNothing, pleaseAlone, withoutPlease } from './please-alone.js';
import { asksAboutWhatWasDone } from './asked-about.js';
import { howVerbAt } from './how-topic.js';
import { asksWhatItDoes } from './consequence.js';
import { concludedRequest } from './concluded.js';
import { asksWhenItRuns } from './runs-when.js';
import { asksWhatRanOvernight } from './overnight.js';
import { ownSentenceReading, withoutWordsForOthers } from './own-sentence.js';
import { otherToolLines } from './other-tools.js';
import { namedApps } from './named-apps.js';
import { asksOwnPermission, asksPermissionForApp } from './permission.js';
import { asksWhatBotIsFor } from './where-to-find.js';
import { versionTold } from './version-told.js';
import { adviceOnAThing } from './advice-after.js';
import { showsLater } from './for-later.js';
import { hintAsRequest } from './hint.js';
import { wishesRecurring } from './recurring-wish.js';
import { asksCapability } from './capability-asked.js';
import { flagAsked } from './flag-asked.js';
import { opensOnCondition, tellsRegret } from './regret.js';
import { asksWhichVersions } from './which-versions.js';
import { asksState } from './state-question.js';
import { withCronQuoted } from './cron-quoted.js';
import { appLinkAsked } from './app-link.js';
import { calledLater } from './called-later.js';
import { relayedRequest } from './relayed.js';
import { withoutQuotedSpeech } from './quoted-speech.js';
import { afterNothingTouched } from './nothing-touched.js';
import { withoutPastQuestions } from './past-question.js';
import { plainFormal } from './formal-frame.js';
import { thanksOnly, toldHowItWent } from './told-back.js';
import { withPunctuation } from './fast-punctuation.js';
import { answerToQuote } from './quoted-reply.js';
import { leavesBackupOpen } from './open-choice.js';
import { ranksBackBackup } from './backup-rank.js';
import { asksAboutPeopleOrTime } from './someone-on-it.js';
import { olderVersionOnly } from './version-only.js';
import { RUN_UNITS, statesCount } from './count-told.js';
import { withWordsSpelled } from './spelled-words.js';
import { phoneWords } from './phone-words.js';
import { offAndOn } from './off-and-on.js';
import { ownState } from './own-state.js';
import { holdsUp } from './holds-up.js';
import { whoDid } from './who-did.js';
import { ungluedWords } from './glued-words.js';
import { unstretched } from './stretched-words.js';
import { withoutSetAside } from './set-aside.js';
import { outsideReach, renewalAsked } from './outside-reach.js';
import { nameThenUrgency } from './urgent-line.js';
import { commandAskedAbout } from './command-question.js';
import { listingThenWhat } from './listing-first.js';
import { asksWhichRecipeDid } from './recipe-asked.js';
import { explainedLine, lineToldOf, pastedLine } from './pasted-line.js';
import { asksItRuns, leavesChoice, LOOSE_VERBS, sendsBefore } from './request-shapes.js';
import { chainedLines, shellChained } from './chained-lines.js';
import { SPEAKER } from './self-after.js';
import { plainPowerShapes } from './power-shapes.js';
import { arrowAsComma } from './arrow-reason.js';
import { lineBeforeReason, lineInside } from './explained-line.js';
import { requestSentence } from './request-sentence.js';
import { dayTold } from './day-told.js';
import { findDate, isDayWord } from './dates.js';
import { REPORTING, recalledHow, asksAdvice, asksHow, asksOpinion, clausesOf, JUDGEMENTS, asksWhether, COPULAS, IF_WORDS, intends, isQuestion, namedPersonDid, notARequest, pastWord, quotedWords, POLITE_ASK, politeIf, recurring, RECURRING_ADJECTIVES, REQUEST_WORDS, SUBJECTS, teaches, toolOutput } from './not-a-request.js';
import { meaningOf, type Phrase, type PhraseHit } from './phrase.js';
import { runAgain } from './run-again.js';
import { holdsAny, languageOf, NEGATIONS, normalise, SENTENCE_BREAK, sentenceWords, STOPWORDS, SYNONYMS, withinOneReading, type Lang, type SentenceWord } from './words.js';
import { COUNT_SLOT, isAppTypo, stemsOf, type Table, table, unknown, wordScore } from './command-table.js';
import { chatter } from './chatter.js';
import { flagHit, flagPhrase, flagTyped, flagWords, KEEP_WORDS } from './flags.js';
import { intentsOf } from './intents.js';
import { negationsOf, STATES, THING_PRONOUNS } from './negations.js';
import { remark } from './remark.js';
import { build, didYouMean, finish, forLater, noRequest, templateFor } from './replies.js';
import { asksHowAppBackupWent, asksHowBackupsWent, backupsSaidUpToDate } from './backups-overall.js';
import { topicAsked } from './topic-asked.js';
import { asksWhatChanged } from './what-changed.js';
import { asksSchedule, opensOnQuestion } from './schedule-asked.js';
import { correctedReading, firstQuestion, lastSentence, requestBesideStory, type Interpret } from './sentences.js';
import { scheduleSaid } from './schedule-in-words.js';
import { dateIn, idsSaid, lineAfterCron, nameSaid, saysSummoner, slotsOf, VERSION_CUES } from './slots.js';
import { CONFIDENT, type UnderstandOptions, type Understood } from './understood.js';
import { beforeTheUpdate, commandNamed, commandNamedIn, dateArg0, datesAnUpdate, datesTheUpdate, oddValues, resolveDates, usedValue } from './values.js';
import { isAllWord, SHOW_VERBS, THING_OPENERS } from './vocabulary.js';

export type { Lang } from './words.js';
export { CONFIDENT } from './understood.js';
export type { Question, UnderstandOptions, Understood } from './understood.js';
export type { Explanation } from './explanation.js';
import type { Explanation } from './explanation.js';

export function explanation(u: Understood): Explanation {
  if (u.kind === 'command') {
    const args: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(u.parsed.args)) if (v !== undefined) args[k] = v;
    for (const f of u.parsed.flags) args[f] = true;
    return { command: u.parsed.command.name, args, canonical: u.parsed.canonical, confirm: needsConfirm(u), ask: null, lang: u.lang };
  }
  const ask = u.kind === 'ask' ? u.question.text : u.kind === 'unknown' ? `${u.message} ${u.examples.map((e) => `\`${e}\``).join(', ')}` : `${u.message}${u.hint ? ` (${u.hint})` : ''}`;
  return { command: null, args: {}, canonical: null, confirm: false, ask, lang: u.lang };
}

/** Destructive (or confirmed for this use), or side effects read below CONFIDENT: asked before it runs. */
export function needsConfirm(u: Extract<Understood, { kind: 'command' }>): boolean {
  const c = u.parsed.command;
  if (c.destructive || c.confirmWhen?.(u.parsed.args as never, u.parsed.flags)) return true;
  return c.sideEffects && u.confidence < CONFIDENT;
}

/** "how does backup work", "comment marche la sauvegarde": the verb of the question, not its subject. */
const HOW_VERBS = new Set(['work', 'works', 'marche', 'marchent', 'fonctionne', 'fonctionnent']);
/** "all its data", "toutes ses données": an "all" that belongs to what follows, not a choice of apps. */
const OWNED = new Set(['its', 'his', 'their', 'the', 'of', 'ses', 'leurs', 'les', 'de', 'des', 'data', 'donnees']);
/** Someone's thing: "Lina's launch" (the owner, the thing). */
const POSSESSED = /(\p{L}+)['’]s\s+(?=(\p{L}+))/gu;
/** The future of « avoir », before « besoin »: a need to come. */
const FUTURE_HAVE = new Set(['aura', 'auras', 'aurai', 'aurons', 'aurez', 'auront']);
/** Words of needing or of getting ("we need a…", "il nous faut un…", "mettre un gitlab en ligne"). */
// (a wish alone, "i'd like a gitlab instance", is asked about: the corpus's convention)
const WANT_WORDS = new Set(['need', 'needs', 'faut', 'faudrait', 'besoin', 'mettre', 'tourner', 'bring', 'get', 'please', 'pls', 'plz', 'stp', 'svp']);
const INDEFINITE = new Set(['a', 'an', 'another', 'un', 'une', 'nouveau', 'nouvelle']);
const FRESH = new Set(['fresh', 'new', 'second', 'instance', 'site', 'blog', 'board', 'server', 'nouveau', 'nouvelle', 'autre', 'petit', 'petite', 'serveur']);
const CANCEL_WORDS = new Set(['annule', 'annuler', 'cancel', 'undo', 'abort']);
/** A time of day said alone ("the 3am backup", « celle de 3h », "10:15"): with no day read, not the latest either. */
const CLOCK_TIME = /^\d{1,2}(?::\d{2}|h\d{0,2}|am|pm)$/;
/** Words that point at a moment ("before the update", "avant la mise à jour", "since"): with no date read, not the latest. */
// ("d'il y a quelque temps", "a few days ago", "earlier": a moment not read as a date)
const TIME_CUES = new Set(['before', 'pre-update', 'pre-upgrade', 'after', 'since', 'until', 'when', 'avant', 'apres', 'depuis', 'quand', 'lorsque', 'ago', 'temps', 'quelque', 'quelques', 'few', 'several', 'plusieurs', 'earlier', 'weekend', 'week-end', 'other', 'autre']);
/** Units of a span of days ("the past 3 days", « les 3 derniers jours »). */
const DAYS_SPAN = new Set(['days', 'jours', 'weeks', 'semaines']);
/** Cues that tie a moment to an event ("before we restore it"): a backup to verify is not pointed at by them. */
const EVENT_CUES = new Set(['before', 'after', 'when', 'avant', 'apres', 'quand', 'lorsque', 'until']);
/** Subjects of a story's past verb ("someone archived", "he deleted", « quelqu'un a supprimé »). */
const SUBJECTS_TOLD = new Set(['someone', 'somebody', 'he', 'she', 'they', 'who', 'il', 'elle', 'ils', 'elles', 'quelqu', 'qui', 'a', 'ont', 'script', 'intern', 'stagiaire']);
/** Verbs that may mean less than a destructive command read on them ("stop" an app is not always to remove it). */
const SOFT_VERBS = new Set(['stop', 'kill', 'arrete', 'arreter', 'eteins', 'eteindre', 'coupe', 'couper']);
/** Verbs that may mean more than a destructive command read on them without its flag ("nuke wordpress": and its data?). */
const WIPE_VERBS = new Set(['nuke', 'wipe', 'erase', 'efface', 'effacer', 'effacez', 'trash', 'obliterate', 'atomise', 'atomize', 'degage', 'degager']);
/** A message that only makes sense after a command: "do it for", "same for", « fais pareil pour », "I meant …". */
const FOLLOWS_NOTHING = /\b(?:do\s+(?:it|that|this|the\s+same)(?:\s+again)?\s+(?:for|with|on)|(?:the\s+)?same\s+(?:for|with|on)|(?:fais|faites|refais|refaites)\s+(?:pareil|de\s+meme|la\s+meme\s+chose|[çc]a)\s+(?:pour|avec|sur)|(?:pareil|idem)\s+pour|i\s+meant|je\s+voulais\s+dire)\b/;
const FOLLOW_UP = new Set(['and', 'et', 'same', 'pareil', 'idem', 'also', 'aussi', 'too', 'then', 'puis', 'now', 'maintenant', 'ensuite']);
/** A light verb in the past before a command's noun ("someone did the rollback of ghost?", "made a backup"). */
const DID_DONE = new Set(['did', 'made', 'ran', 'took']);
/** Words before a subject that make its "already" a question ("can we already restore ghost?"). */
const MODAL_BEFORE = new Set(['can', 'could', 'should', 'shall', 'will', 'would', 'may', 'might', 'must', 'do', 'does', 'did']);

export function understand(said: string, o: UnderstandOptions): Understood {
  // ("update word press question mark": a phone's dictation types the marks said aloud as words; spoken-punctuation.ts)
  // ("restore gitlab last wk", « une svg de nextcloud »: words typed short on a phone, written out; phone-words.ts)
  // ("kill it for a sec and bring it back up", « l'éteindre puis le rallumer »: off and on again is a restart; off-and-on.ts)
  return withinOneReading(() => {
    // ("how long have you been up?", « tu tournes depuis combien de temps ? »: the bot's own state asked; own-state.ts)
    // (« nextcloud tient le coup ? », holding up: holds-up.ts) (« c'est qui qui a redémarré wekan ? »: who-did.ts)
    // ("restart nextcloud-app-1", "deploy wordpress:6.7", "is wekan.example.org up?": an app as a container, an image or
    // an address names it; named-apps.ts)
    // ("docker compose restart ghost", "kubectl scale deploy/wekan --replicas=3": another tool's line; other-tools.ts)
    // ("restartghost pls", « sauvegardetout stp »: a verb glued to an app or to all; glued-words.ts)
    // ("i deleted the About page 😱 please restore wordpress from yesterday": an emoji for a full stop; emoji-stop.ts)
    // ("restoooore wekaaan pleeeease", « restauuure gitlab »: letters held down; stretched-words.ts)
    const known = table(o.grammar.commands).known;
    // ("scale ghost to 4 not 2", « restaure gitlab de vendredi dernier, PAS d'hier »: a value set aside; set-aside.ts)
    const held = withoutSetAside(unstretched(said, (w) => known.has(w) || o.apps().includes(w)));
    const unglued = ungluedWords(whoDid(holdsUp(ownState(offAndOn(phoneWords(spokenPunctuation(withoutOpeningGreeting(emojiStop(otherToolLines(namedApps(held, (w) => o.apps().includes(w)), (w) => o.apps().includes(w)))))))))), (w) => o.apps().includes(w));
    // ("the backup of nextcloud failed …, can you run it again now?": that run again; run-again.ts)
    // ("la restauration de gitlab du 28 novembre s'est pas finie, relance-la": that restore again, its line asked)
    const repeated = runAgain(unglued, o.apps());
    const typed = repeated && 'line' in repeated ? repeated.line : unglued;
    const rerun = repeated && 'asked' in repeated ? repeated.asked : undefined;
    const rerunCommand = rerun ? o.grammar.commands.find((c) => c.name === rerun) : undefined;
    if (rerunCommand) {
      const lang = languageOf(sentenceWords(unglued), [], o.lang ?? 'en');
      return { kind: 'ask', lang, command: rerunCommand, question: { text: lang === 'fr' ? `vous demandez de relancer ce \`${rerun}\` : dites sa commande exacte, avec ce qu'elle prend (\`help ${rerun}\`).` : `you ask for that \`${rerun}\` again: say its exact command, with what it takes (\`help ${rerun}\`).`, options: [] } };
    }
    const r = readMessage(typed, o);
    // (« reprends nuit-ghost → migration finie »: the request, then its reason after an arrow; arrow-reason.ts)
    const reason = r.kind === 'ask' && r.command && !r.command.destructive ? arrowAsComma(typed) : undefined;
    const again = reason ? readMessage(reason, o) : undefined;
    const read = again?.kind === 'command' && r.kind === 'ask' && again.parsed.command === r.command ? again : r;
    // ("Restore we can from monday *wekan": a word corrected after an asterisk, as chats do; what it meant is read, and a
    // destructive reading of it is proposed, never run on the correction alone)
    // (nor one that acts with the corrected word not among its values: « Mets en pause la tâche nightly-wé kan
    // *nightly-wekan » read its name as "nightly-we")
    const corrected = CORRECTED_WORD.exec(said)?.[0].trim().slice(1).toLowerCase();
    const unused = corrected !== undefined && read.kind === 'command' && corrected !== read.parsed.command.name && !Object.values(read.parsed.args).some((v) => String(v).toLowerCase() === corrected);
    // ("_note to self_: back up ghost before friday's theme change", « pense-bête : … »: a note the speaker keeps, whatever
    // the line after its label reads as)
    if (read.kind === 'command' && read.parsed.command.sideEffects && NOTE_TO_SELF.test(said)) return forLater(read.lang, read.parsed.command);
    return read.kind === 'command' && corrected !== undefined && (read.parsed.command.destructive || (read.parsed.command.sideEffects && unused)) ? didYouMean(read.parsed, read.lang) : read;
  });
}

function readMessage(typedSaid: string, o: UnderstandOptions): Understood {
  // (« sauvegarde wordpress euh en fait laisse tomber »: a take-back typed with no comma; hold-words.ts)
  // ("add a schedule nightly-wekan 0 2 * * * backup wekan": an unquoted cron in a sentence, quoted; cron-quoted.ts)
  const said = withCronQuoted(commaBeforeTakeBack(typedSaid));
  // ("restore wekan from last frday", "acutally keep it": a word that changes the request, mistyped; spelled-words.ts)
  // ("@summoner does ghost need a restart?", "restart wekan, forget it thanks": the same message without its frame)
  // ("@karim it's the registry, not gitlab. summoner, restart the registry": the bot called mid-message is asked what
  // follows its name; called-later.ts) (read as a message of its own, with every check; the whole message's reading
  // stands when that part asks nothing of a command)
  const later = calledLater(said, (w) => table(o.grammar.commands).names.has(w));
  if (later) {
    const r = readMessage(later, o);
    if (r.kind === 'command' || (r.kind === 'ask' && r.command)) return r;
  }
  // ('user in chat: "can u restore wekan to last friday?" do we even have a friday backup for wekan?', « « je veux
  // wordpress comme le 25/11 » dit le client → restaure wordpress du 25/11 »: someone else's words quoted are theirs;
  // the asker's own around them are read, and without any the message asks nothing; quoted-speech.ts)
  const unquoted = withoutQuotedSpeech(said);
  if (unquoted !== undefined) {
    const r = /[\p{L}\p{N}]/u.test(unquoted) ? readMessage(unquoted, o) : undefined;
    if (r && (r.kind === 'command' || (r.kind === 'ask' && r.command))) return r;
    const lang = r?.lang ?? languageOf(sentenceWords(said), [], o.lang ?? 'en');
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `ce sont les mots de quelqu'un d'autre, cités, et vous ne me demandez rien : je ne lance rien. Si vous le voulez, dites-le vous-même.` : `those are someone else's words, quoted, and you ask me nothing, so I run nothing. If you want it done, say it yourself.`, options: [] } };
  }
  // ("wordpress is weird. Did someone already restore it this morning? Can you show me the history?": whether it was
  // done is asked, not to do it; the other sentences are read, and kept when they only show; past-question.ts)
  // ("i dont want to delete anything yet, just show me the registry backups": the "not" is the first clause's; what
  // follows is read, and kept when it only shows; nothing-touched.ts)
  for (const aside of [withoutPastQuestions, afterNothingTouched]) {
    const rest = aside(said);
    const r = rest ? readMessage(rest, o) : undefined;
    if (r?.kind === 'command' && !r.parsed.command.sideEffects) return r;
  }
  // ("Raj asked me to paste this for him: please add the minion …", « De la part de Nadia : elle voudrait que tu
  // redémarres mattermost »: a request relayed to the bot, read as the asker's own; relayed.ts)
  // (a sentence of the one typing after the request, "… to remove Wekan. I'd rather check with him first", may hold it
  // back: a request that acts, then more sentences, is left to the whole message's reading)
  const relayed = relayedRequest(withoutFraming(said));
  if (relayed) {
    const r = readMessage(relayed, o);
    const more = /[.!?…]\s+\S/u.test(relayed.replace(/https?:\/\/\S+/gu, 'url'));
    if ((r.kind === 'command' && !(more && r.parsed.command.sideEffects)) || (r.kind === 'ask' && r.command && !more)) return r;
  }
  // ("the runbook says back up before any update, so back up gitlab please": a report, then the speaker's request;
  // concluded.ts)
  const conclusion = concludedRequest(said);
  if (conclusion) {
    const r = readMessage(conclusion, o);
    if (r.kind === 'command') return r;
  }
  // ("> did the wordpress backup run? yes, I checked an hour ago": a quote, then the answer that says what is asked;
  // quoted-reply.ts)
  // (after the bot's name, "@summoner > …")
  const answer = said.includes('>') ? answerToQuote(withoutFraming(said)) : undefined;
  if (answer) {
    const r = readMessage(answer, o);
    if (r.kind === 'command' || (r.kind === 'ask' && r.command)) return r;
    const lang = languageOf(sentenceWords(said), [], o.lang ?? 'en');
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `vous citez un message et y répondez, sans rien me demander : je ne lance rien.` : `you quote a message and answer it, asking me nothing, so I run nothing.`, options: [] } };
  }
  const t = table(o.grammar.commands);
  const apps = o.apps();
  const isApp = (w: string) => apps.includes(w);
  // (« MATTERMOST EST MORT redémarre-le », « … → rollback gitlab stp »: punctuation typed fast put back; fast-punctuation.ts)
  // ("backup --all", "scale wekan x3", "mattermost replicas=2", "summon nextcloud@30.0.4": a power user's shapes of a
  // line made plain; power-shapes.ts)
  // (« Auriez-vous l'amabilité de me dire… », « Veuillez me dresser… »: a formal courtesy said plainly; formal-frame.ts)
  const typed = plainPowerShapes(withoutFraming(withWordsSpelled(withPunctuation(plainFormal(said)), (w) => t.known.has(w) || readsOtherwise(w) || apps.includes(w), isApp)), (w) => commandOf(o.grammar.commands, w), isApp);
  // ("laisse tomber", « non attends », "wait, never mind": only held back or taken back; hold-words.ts)
  if (onlyHolds(typed)) {
    const lang = languageOf(sentenceWords(typed), [], o.lang ?? 'en');
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `d'accord, je ne lance rien.` : `ok, I run nothing.`, options: [] } };
  }
  // ("pls backup all, gitlab included": an app said to be in "all" is no app of its own; all-but.ts)
  const inAll = withoutAppIncluded(typed, isApp);
  if (inAll) return readMessage(inAll, o);
  // ("done, nextcloud restored to monday. tell the kids to check their folders": what the team is to pass on is
  // theirs; own-sentence.ts)
  const ours = withoutWordsForOthers(typed);
  if (ours) return readMessage(ours, o);
  const whole = understood(typed, o);
  // ("… Last night Tom changed the menus … Please restore wordpress from yesterday.": the request's own sentence says
  // its arguments; own-sentence.ts)
  const u = ownSentenceReading(typed, whole, (s) => understood(s, o), (s) => dateIn(sentenceWords(s), (o.now ?? Date.now)()) !== undefined) ?? whole;
  // (a command the message's shape asks for, with the arguments that shape says, read at 0.9)
  const alone = (name: string, args: Record<string, string> = {}) => {
    const c = o.grammar.commands.find((x) => x.name === name);
    const p = c && build(c, args, new Set(), o.grammar);
    return p ? finish(p, 0.9, languageOf(sentenceWords(typed), [], o.lang ?? 'en'), 'phrase') : undefined;
  };
  // ("is ghost back??", « gitlab est revenu ou pas ? », "which app is down exactly?": the state asked alone; state-question.ts)
  // ("is gitlab back? the runners say 502", « mattermost est revenu ? les gens de Montréal demandent »: the state asked,
  // then what is told of it, which asks nothing of its own)
  const stateThenStory = () => {
    const m = /^([^?]*\?)\s+(\S[^?]*)$/u.exec(typed);
    const asked = m ? asksState(m[1]!, isApp) : undefined;
    if (asked === undefined) return undefined;
    const rest = understood(m![2]!, o);
    // (nor one asked for after it of the same app, "why is nextcloud so slow today? show me its logs pls": its app is asked back)
    return (rest.kind === 'command' && rest.parsed.command.sideEffects) || (rest.kind === 'ask' && (rest.command?.sideEffects || (rest.command && /\b(?:its|ses|son|sa|leurs?)\b/iu.test(m![2]!)))) ? undefined : asked;
  };
  // (the rules below read questions about things one command shows; none reads over a reading that acts or a line typed
  // exactly, and a held-back reading that acts yields only to a message opened as a question)
  const typedWords = sentenceWords(typed);
  const actsOrExact = u.kind === 'command' && (u.parsed.command.sideEffects || u.via === 'exact');
  const askActs = u.kind === 'ask' && !!u.command?.sideEffects;
  const heldBack = askActs && !opensOnQuestion(typedWords);
  // ("are the off-site copies of gitlab up to date?", « les sauvegardes de wekan sont à jour ? »: backups said up to date
  // are recent ones, the listing's, not a newer version of the app)
  const upToDate = u.kind === 'command' && u.parsed.command.name === 'versions' && typeof u.parsed.args.app === 'string' && backupsSaidUpToDate(typedWords) ? alone('backups', { app: u.parsed.args.app }) : undefined;
  if (upToDate) return upToDate;
  // ("is the TLS cert for nextcloud still valid?", "any notifications that didn't go out?": a question about a thing one
  // command lists, read by its app as the state or as nothing; topic-asked.ts)
  // (a certificate's state is asked only where the app's state or its versions were read, or nothing; a notification's
  // only where nothing was, or a command held back by the not that says it did not arrive)
  const topic = actsOrExact ? undefined : topicAsked(typed, typedWords);
  const fits = topic?.command === 'certs' ? (u.kind === 'command' ? (['status', 'versions'].includes(u.parsed.command.name) || (u.parsed.command.name === 'help' && !u.parsed.args.command)) : u.kind === 'unknown' || (u.kind === 'ask' && !u.command)) : topic?.command === 'outbox' && (u.kind === 'unknown' || (u.kind === 'ask' && (!u.command || (u.command.sideEffects && u.command.name !== 'outbox' && topic.negated))));
  const topical = topic && fits ? alone(topic.command) : undefined;
  if (topical) return topical;
  // ("what changed since yesterday?", « qui a touché à nextcloud depuis hier ? »: the history's; what-changed.ts)
  const changed = actsOrExact || (u.kind === 'command' && u.parsed.command.name === 'history') || heldBack ? undefined : asksWhatChanged(typed) ? alone('history') : undefined;
  if (changed) return changed;
  // ("which jobs are paused right now?", "what runs tonight?", « quand part le rapport quotidien ? »: when things are planned
  // to run, the schedules'; schedule-asked.ts)
  const planned = actsOrExact || (u.kind === 'command' && !['status', 'history', 'report', 'backups'].includes(u.parsed.command.name)) || heldBack ? undefined : asksSchedule(typed, typedWords) ? alone('schedules') : undefined;
  if (planned) return planned;
  // ("did last night's backups all go through?", « des sauvegardes en échec cette nuit ? »: how every app's backups went,
  // the report's; backups-overall.ts)
  const overall = actsOrExact || askActs || !asksHowBackupsWent(typed, typedWords, isApp) ? undefined : alone('report');
  if (overall) return overall;
  // ("did last night's backup of nextcloud work?", "are the wekan backups verified?": how one app's went, its listing's)
  // (a held-back "did you mean verify?" yields: the function reads only questions)
  const appWent = actsOrExact ? undefined : asksHowAppBackupWent(typed, typedWords, isApp);
  const appBackups = appWent ? alone('backups', { app: appWent }) : undefined;
  if (appBackups) return appBackups;
  const stateOf = u.kind === 'command' && u.via === 'exact' ? undefined : (asksState(typed, isApp) ?? stateThenStory());
  const state = stateOf === undefined ? undefined : alone('status', stateOf ? { app: stateOf } : {});
  if (state) return state;
  // ("send me the link to gitlab", « le lien de mattermost stp »: the app's address, which its state shows; app-link.ts)
  const linked = actsOrExact || heldBack || (u.kind === 'command' && u.parsed.command.name !== 'status') ? undefined : appLinkAsked(typed, isApp);
  const link = linked ? alone('status', { app: linked }) : undefined;
  if (link) return link;
  // ("rolled back wordpress, plugins page works again", « fait, ça remarche »: news of how it went, told; told-back.ts)
  // ("[x] logs of ghost checked, nothing weird": a checklist's ticked item tells what was done, whatever it shows)
  if (u.kind === 'command' && u.via === 'phrase' && !typed.includes('?') && listMarked(typed) === 'past') return noRequest(u.lang, u.parsed.command);
  // ("thanks for the report yesterday, very useful 👍": thanks for a thing, asking nothing)
  if (u.kind === 'command' && u.via === 'phrase' && !u.parsed.command.sideEffects && thanksOnly(typed)) return noRequest(u.lang, u.parsed.command);
  if (u.kind === 'command' && u.via === 'phrase' && u.parsed.command.name === 'status' && toldHowItWent(typed, sentenceWords(typed))) {
    return { kind: 'ask', lang: u.lang, command: u.parsed.command, question: { text: u.lang === 'fr' ? `je lis une nouvelle, pas une demande : je ne lance rien (\`status\` pour l'état).` : `I read news, not a request, so I run nothing (\`status\` shows the state).`, options: [] } };
  }
  // ("can I even run dismiss, or is that admins only?", « j'ai le droit de restaurer des applis ? »: permission.ts)
  // (a pasted line to explain is as exact: "what would `backup all` do?" explains that line, not backup's help)
  const exact = u.kind === 'command' && (u.via === 'exact' || (u.via === 'grammar' && u.parsed.command.name === 'explain' && /[`"“«]/u.test(typed)));
  const whoami = !exact && asksOwnPermission(typed, isApp) ? alone('whoami') : undefined;
  if (whoami) return whoami;
  // ("am I allowed to restart gitlab?": the speaker's permission asked, never the command run)
  if (u.kind === 'command' && !exact && u.parsed.command.sideEffects && asksPermissionForApp(typed, isApp)) return noRequest(u.lang, u.parsed.command);
  // (« salut ! tu sers à quoi exactement ? », "what are you for?": what the bot is for, the help's; where-to-find.ts)
  const help = !exact && asksWhatBotIsFor(typed) ? alone('help') : undefined;
  if (help) return help;
  // ("which recipes posted that disk alert here?": which recipe did it, no event named: the list; recipe-asked.ts)
  const recipes = !exact && asksWhichRecipeDid(typed) ? alone('recipes') : undefined;
  if (recipes) return recipes;
  // ("what does rollback put back exactly?", « verify ça vérifie quoi au juste ? »: a command asked about by its name, its
  // help's; command-question.ts)
  const askedAbout = exact ? undefined : commandAskedAbout(typed, o.grammar.commands.map((c) => c.name), isApp);
  const helpOn = askedAbout ? alone('help', { command: askedAbout }) : undefined;
  if (helpOn) return helpOn;
  // ("marc made a backup of ghost yesterday, we should be fine": a backup's state told, no check asked; state-told.ts)
  if (u.kind === 'command' && u.via === 'phrase' && u.parsed.command.name === 'verify' && tellsBackupState(typed)) return noRequest(u.lang, u.parsed.command);
  // a command that acts, said in a message that asks for nothing: news of a run ("nextcloud restore, it failed again",
  // « sauvegarde de wekan, elle a encore planté »; failed-again.ts), whether it would help ("could a restore of
  // nextcloud fix the slowness?"; effect-question.ts), a reply asked of someone ("kindly revert on the gitlab downtime
  // mail", Indian English's "revert"; idioms.ts)
  // ("backup everything but gitlab", « sauvegarde tout sauf gitlab »: every app but one is no command; which apps is
  // asked, never the command run on the one left out; all-but.ts)
  const leftOut = u.kind === 'command' && u.via !== 'exact' && u.parsed.command.sideEffects ? appLeftOut(typed, isApp) : undefined;
  if (u.kind === 'command' && leftOut) {
    const c = u.parsed.command.name;
    return { kind: 'ask', lang: u.lang, command: u.parsed.command, question: { text: u.lang === 'fr' ? `je ne sais pas exclure une appli de \`all\` : je ne lance rien. Dites \`${c} <appli>\` pour chaque appli voulue (pas ${leftOut}).` : `I can't leave an app out of \`all\`, so I run nothing: say \`${c} <app>\` for each app you want (not ${leftOut}).`, options: [] } };
  }
  if (u.kind === 'command' && u.via !== 'exact' && u.parsed.command.sideEffects && (reportsFailedRun(typed) || asksWhatItWouldDo(typed) || (u.parsed.command.name === 'rollback' && REVERT_ON_MAIL.test(typed)))) return noRequest(u.lang, u.parsed.command);
  // ("anyone looking at it?", « quelqu'un a sauvegardé ghost ? », « ça prend combien de temps une sauvegarde ? »: a
  // question about people or time, not for a listing; someone-on-it.ts)
  const about = u.kind === 'command' && u.via !== 'exact' && !u.parsed.command.sideEffects && !['history', 'help', 'explain'].includes(u.parsed.command.name) ? asksAboutPeopleOrTime(typed) : undefined;
  if (u.kind === 'command' && about && (about === 'time' || u.parsed.command.name !== 'status')) return noRequest(u.lang, u.parsed.command);
  // ("a fresh report wouldn't hurt", "we could use a fresh backup of nextcloud": a request hinted at; hint.ts)
  const hinted = u.kind === 'command' && u.via === 'exact' ? undefined : hintAsRequest(typed);
  const hint = hinted ? readMessage(hinted, o) : undefined;
  if (hint?.kind === 'command' && !hint.parsed.command.destructive) return hint;
  // ("I wish we had backed up ghost before that update": a regret; "si mattermost revient pas, montre-moi ses logs": a
  // showing under a condition; regret.ts; what doing a command would do, asked after an "if", is its help's)
  if (u.kind === 'command' && u.via !== 'exact' && (tellsRegret(typed) || (!u.parsed.command.sideEffects && !['help', 'explain'].includes(u.parsed.command.name) && opensOnCondition(typed, () => politeIf(sentenceWords(typed), 0))))) {
    const c = u.parsed.command;
    return noRequest(u.lang, c);
  }
  // ("it would be nice to have nightly backups of ghost": a schedule wished for; recurring-wish.ts)
  if (u.kind === 'command' && u.via !== 'exact' && wishesRecurring(typed, recurring)) {
    const c = u.parsed.command;
    return { kind: 'ask', lang: u.lang, command: c, question: { text: u.lang === 'fr' ? `vous souhaitez une tâche qui revient : je ne lance rien (\`schedules\` montre ce qui tourne déjà).` : `you wish for something that recurs, so I run nothing (\`schedules\` shows what already runs).`, options: ['schedules'] } };
  }
  // ("show me the registry logs later", « …, plus tard »: a showing for later; for-later.ts)
  if (u.kind === 'command' && !u.parsed.command.sideEffects && u.via !== 'exact' && showsLater(typed, typeof u.parsed.args.app === 'string' ? u.parsed.args.app : undefined, clausesOf)) {
    const c = u.parsed.command;
    return forLater(u.lang, c);
  }
  // ("a backup of everything before the freeze, that would be smart", « …, ce serait malin »: advice; advice-after.ts)
  if (u.kind === 'command' && u.parsed.command.sideEffects && u.via !== 'exact' && adviceOnAThing(typed)) {
    const c = u.parsed.command;
    return { kind: 'ask', lang: u.lang, command: c, question: { text: u.lang === 'fr' ? `c'est un conseil, je ne lance rien : dites \`${c.name}\` si vous le voulez maintenant.` : `that is advice, so I run nothing: say \`${c.name}\` if you want it now.`, options: [] } };
  }
  // ("Jira: OPS-1430 created - Update mattermost to 10.3", read on its last part, "uptime-kuma: Nextcloud is DOWN": another
  // tool's output, pasted, whatever it reads as)
  if (u.kind === 'command' && u.via !== 'exact' && toolOutput(typed)) return noRequest(u.lang, u.parsed.command);
  // ("reset my mattermost password", "restore just one table of nextcloud": not what the command does; not-ours.ts)
  const why = u.kind === 'command' && u.via !== 'exact' ? notOurs(typed, u.parsed.command.name, u.parsed.command.sideEffects, (x) => wholeAppAsked(x, o.apps())) : undefined;
  if (why && u.kind === 'command') return { kind: 'ask', lang: u.lang, command: u.parsed.command, question: { text: notOursSaid(why, u.lang), options: [] } };
  // ("restart ghsot and wipe it", « …, purge nextcloud » read as a backup: a word that wipes, beside a reading that acts
  // and wipes nothing, is a request no rule read; asked, never run as the lesser command)
  // (a command of forms may delete by one, « supprime la lettre morte 12 » is `outbox drop 12`)
  if (u.kind === 'command' && u.parsed.command.sideEffects && !u.parsed.command.destructive && !u.parsed.command.forms && WIPES.test(normalise(typed))) {
    const c = u.parsed.command;
    return { kind: 'ask', lang: u.lang, command: c, question: { text: u.lang === 'fr' ? `je lis aussi un mot qui efface, que \`${c.name}\` ne fait pas : je ne lance rien (\`help ${c.name}\`).` : `I also read a word that wipes, which \`${c.name}\` does not do: I run nothing (\`help ${c.name}\`).`, options: [] } };
  }
  // ("why did you bring ghost back to 30 November?", « pourquoi tu as redémarré gitlab ? »: asked about, not for; asked-about.ts)
  // (the message's words, for the two checks below: read once)
  const words = u.kind === 'command' && u.parsed.command.sideEffects && u.via !== 'exact' ? sentenceWords(typed) : undefined;
  if (u.kind === 'command' && words && asksAboutWhatWasDone(words)) {
    const text = u.lang === 'fr' ? `vous demandez ce qui a été fait, donc je ne lance rien : \`history\` dit qui a lancé quoi et quand.` : `you are asking about what was done, so I run nothing: \`history\` shows who ran what, and when.`;
    return { kind: 'ask', lang: u.lang, command: u.parsed.command, question: { text, options: ['history'] } };
  }
  // ("who decided to remove ghost please?", "restart wekan, forget it please": read only by its "please"; please-alone.ts)
  if (u.kind === 'command' && words) {
    const bare = withoutPlease(typed);
    const plain = bare !== typed.trim() && bare && mayAskNothing(words, typed) ? understood(bare, o) : undefined;
    if (plain && pleaseAlone(plain, u.parsed.command, sentenceWords(bare), bare, typed, sentenceWords)) return plain;
  }
  // ("what jobs are scheduled tonight, anything touching the registry?": a listing, then what is looked for in it, read
  // nothing whole; the listing's clause is the request, when the rest asks nothing that acts; listing-first.ts)
  const parts = u.kind === 'unknown' || u.kind === 'invalid' || (u.kind === 'ask' && !u.command) ? listingThenWhat(typed) : undefined;
  if (parts) {
    const first = readMessage(parts.first, o);
    const rest = first.kind === 'command' && !first.parsed.command.sideEffects && first.confidence >= CONFIDENT ? readMessage(parts.rest, o) : undefined;
    if (rest && first.kind === 'command' && (rest.kind === 'unknown' || (rest.kind === 'command' && !rest.parsed.command.sideEffects) || (rest.kind === 'ask' && (!rest.command?.sideEffects || (rest.question.options.length === 0 && !rest.question.template))))) return first;
  }
  return u;
}
/** The command a line's first word names (its name or an alias), as power-shapes.ts asks of it. */
function commandOf(commands: readonly AnyCommand[], w: string): { destructive: boolean; flags: readonly string[] } | undefined {
  const c = commands.find((x) => x.name === w || x.aliases?.includes(w));
  return c ? { destructive: c.destructive === true, flags: (c.flags ?? []).map((f) => f.name) } : undefined;
}
/** "what (exactly) was done", "what has been done", « qu'est-ce qui a été fait », « ce qui a été fait » (normalised): the audit log's question. */
const WHAT_WAS_DONE = /\bwhat\s+(?:exactly\s+)?(?:was|were|has\s+been|have\s+been|got)\s+done\b|\b(?:qu'est-ce\s+|ce\s+)qui\s+a\s+(?:exactement\s+)?ete\s+fait\b/;
/** The audit log's question said in words (the text read only when "done" or « fait » is said). */
function wasDone(words: readonly SentenceWord[], text: string): boolean {
  return words.some((w) => w.text === 'done' || w.text === 'fait') && WHAT_WAS_DONE.test(normalise(text));
}
/** Words that wipe something (normalised): never what a command that acts without destroying was asked for. */
const WIPES = /\b(?:wipe|wiped|nuke|nuked|trash|obliterate|erase|delete|purge|purger|purgez|efface|effacer|effacez|supprime|supprimer|supprimez|degage|degager)\b/;

/**
 * A message that opens on a document and what it says ('runbook section 4.2: scale wekan 3', « page confluence … →
 * scale wekan 4 ») asks nothing, whichever of its sentences acts when read alone: checked on the whole message, after
 * every reading (document-source.ts).
 */
function understood(typed: string, o: UnderstandOptions): Understood {
  const r = understoodAsRead(typed, o);
  // (a certificate renewed on demand: Summoner renews each by itself before it expires; what it would show is said)
  if (r.kind === 'command' && r.parsed.command.name === 'certs' && renewalAsked(typed)) {
    return { kind: 'ask', lang: r.lang, command: r.parsed.command, question: { text: r.lang === 'fr' ? `je ne renouvelle pas un certificat sur demande : chacun se renouvelle seul avant son expiration, et \`certs\` dit quand (et la dernière erreur s'il y en a une).` : `I don't renew a certificate on demand: each renews by itself before it expires, and \`certs\` says when (and its last error, if any).`, options: ['certs'] } };
  }
  // ("open port 443 on the firewall for registry", « fais pointer docs.exemple.fr vers static »: what Summoner does not manage)
  if (r.kind === 'command' && !r.parsed.command.sideEffects && outsideReach(typed)) {
    return { kind: 'ask', lang: r.lang, question: { text: r.lang === 'fr' ? `le DNS, le pare-feu, les redirections et le CDN ne sont pas gérés par Summoner (c'est l'hébergeur ou le registrar) : je gère les conteneurs, le proxy, les certificats et les sauvegardes (\`help\`).` : `DNS, firewalls, redirects and CDNs are not Summoner's (they are the host's or the registrar's): I manage the containers, the proxy, the certificates and the backups (\`help\`).`, options: [] } };
  }
  if (r.kind === 'command' && r.parsed.command.sideEffects && fromDocument(typed)) return noRequest(r.lang, r.parsed.command, true);
  return r.kind === 'command' ? optionMisspelled(typed, r) ?? dryRunAsked(typed, r, o) ?? optionUnknown(typed, r) ?? r : r;
}

/** The long options typed in a message, without their dashes ("--froce" → "froce"). */
const typedOptions = (typed: string): string[] => [...typed.toLowerCase().matchAll(/(?<!\S)--([a-z][a-z-]*)/gu)].map((m) => m[1]!);
/** A command's option names. */
const flagNames = (command: AnyCommand): string[] => (command.flags ?? []).map((f) => f.name);

/** Options whose value a reading takes (other tools' versions and counts, dates and apps typed as options): none unknown. */
const READ_OPTIONS = new Set(['version', 'tail', 'lines', 'replicas', 'app', 'unit', 'set', 'image', 'now', 'detach', 'yes', 'date', 'day', 'when', 'from', 'on', 'at', 'to', 'backup', 'file', 'tag', 'name', 'count']);

/**
 * ("kubectl rollout undo deploy/gitlab --to-revision=3", "restore ghost --point-in-time 10:00"): an option a destructive
 * command does not have says what the asker wants of it; the command without it would do something else, so it is asked.
 */
function optionUnknown(typed: string, r: Extract<Understood, { kind: 'command' }>): Understood | undefined {
  if (!r.parsed.command.destructive || !typed.includes('--')) return undefined;
  const options = flagNames(r.parsed.command);
  const unknown = typedOptions(typed).find((t) => t !== 'help' && !options.includes(t) && !READ_OPTIONS.has(t));
  if (unknown === undefined) return undefined;
  const c = r.parsed.command.name;
  const line = r.parsed.canonical;
  return { kind: 'ask', lang: r.lang, command: r.parsed.command, question: { text: r.lang === 'fr' ? `\`${c}\` n'a pas d'option \`--${unknown}\`, et sans elle ce serait autre chose : je ne lance rien. Si c'est \`${line}\` que vous voulez, dites-le tel quel (\`help ${c}\`).` : `\`${c}\` has no \`--${unknown}\` option, and without it this would be something else, so I run nothing. If \`${line}\` is what you want, say it as it is (\`help ${c}\`).`, options: [] } };
}

/** A dry run asked on a line that acts: `--dry-run`, `--check` (Ansible's), `--what-if`, "dry run", « à blanc ». */
const DRY_RUN = /(?<!\S)--(?:dry-?run|check|what-?if|simulate|noop)\b|\bdry[- ]?run\b|(?<!\p{L})(?:a|à)\s+blanc\b/iu;

/**
 * ("update ghost --dry-run", « fais un --dry-run de update gitlab »: what it would do, not the update) A command that acts,
 * read with a dry run asked beside it, is explained: Summoner has no dry-run option, and `explain` is its dry run.
 */
function dryRunAsked(typed: string, r: Extract<Understood, { kind: 'command' }>, o: UnderstandOptions): Understood | undefined {
  const explain = r.parsed.command.sideEffects && DRY_RUN.test(typed) ? o.grammar.commands.find((c) => c.name === 'explain') : undefined;
  const p = explain && build(explain, { text: r.parsed.canonical }, new Set(), o.grammar);
  return p ? { ...r, parsed: p } : undefined;
}

/**
 * "update wp --froce, health check is flaky", "tear down wekan --purg": an option typed in a sentence that is not one of
 * the command read but a misspelling of one (2 edits at most) is asked about, never dropped from what would act.
 */
function optionMisspelled(typed: string, r: Extract<Understood, { kind: 'command' }>): Understood | undefined {
  // (on a command that changes nothing, a near-miss is that option: "history --job", the grammar's reading)
  if (!typed.includes('--') || !r.parsed.command.sideEffects) return undefined;
  const options = flagNames(r.parsed.command);
  const near = (t: string) => (t === 'help' || options.includes(t) ? undefined : options.find((f) => edits(f, t) <= 2));
  const typo = typedOptions(typed).find((t) => near(t) !== undefined);
  const meant = typo === undefined ? undefined : near(typo);
  if (typo === undefined || meant === undefined) return undefined;
  const c = r.parsed.command.name;
  return { kind: 'ask', lang: r.lang, command: r.parsed.command, question: { text: r.lang === 'fr' ? `\`--${typo}\` n'est pas une option de \`${c}\` : vouliez-vous dire \`--${meant}\` ? Dites la commande exacte.` : `\`--${typo}\` is not an option of \`${c}\`: did you mean \`--${meant}\`? Say the exact command.`, options: [] } };
}

function understoodAsRead(typed: string, o: UnderstandOptions): Understood {
  const now = (o.now ?? Date.now)();
  const fallback = o.lang ?? 'en';
  const t = table(o.grammar.commands);
  // ("what's --purge for?", « c'est quoi --purge ? »: the help of the one command that has that option; flag-asked.ts)
  const flag = flagAsked(typed);
  const owners = flag ? o.grammar.commands.filter((c) => (c.flags ?? []).some((f) => f.name === flag)) : [];
  const helpCmd = owners.length === 1 ? o.grammar.commands.find((c) => c.name === 'help') : undefined;
  const flagHelp = helpCmd && build(helpCmd, { command: owners[0]!.name }, new Set(), o.grammar);
  if (flagHelp) return finish(flagHelp, 0.95, languageOf(sentenceWords(typed), [], fallback), 'phrase');
  // "@marc can you restart gitlab when you have a minute?": said to someone else, not to the bot
  const other = addressedToOther(typed, (w) => t.names.has(w), undefined, (w) => t.known.has(w) || readsOtherwise(w) || o.apps().includes(w) || t.names.has(w) || o.apps().some((a) => isAppTypo(w, a)));
  if (other) {
    // ("@tom no I haven't touched it. status wekan", « @nadia oui c'est le registry. redémarre le registry stp »: an
    // answer to the person, then a sentence of its own that asks the bot; not after a question or a request to them)
    const sentences = typed.split(/(?<=[.!])\s+(?=\S)/u);
    const answer = sentences.slice(0, -1).join(' ').replace(/^\s*@\S+\s*/u, '');
    if (sentences.length > 1 && !answer.includes('?')) {
      const said = understood(answer, o);
      const acts = (said.kind === 'command' && said.parsed.command.sideEffects) || (said.kind === 'ask' && said.command?.sideEffects);
      const last = acts ? undefined : readMessage(sentences.at(-1)!, o);
      if (last?.kind === 'command' && last.confidence >= CONFIDENT) return last;
    }
    const lang = languageOf(sentenceWords(typed), [], fallback);
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `c'est adressé à ${other}, je ne lance rien.` : `that is addressed to ${other}, so I run nothing.`, options: [] } };
  }
  const text = plainShorthand(typed, { apps: o.apps(), commands: t.names, known: (w) => t.known.has(w) || readsOtherwise(w) });
  const words = sentenceWords(text);
  // "restart ghost, sorry, I meant wekan", "update gitlab, no actually leave it": what the message says it meant
  const corrected = correctedReading(understand, text, o, t, now, (hits = []) => languageOf(words, hits, fallback));
  if (corrected) return corrected;
  // ("add a schedule wekan-nightly every night at 3am that backs up wekan", « planifie certs du lundi au vendredi à 8h, nom
  // certifs-matin »: a schedule said in words, its cron written out; schedule-in-words.ts) proposed, never run as read
  const scheduled = scheduledInWords(text, o, words, fallback);
  if (scheduled) return scheduled;
  // "can you run `backup gitlab` for me", "`outbox drop 12` please, that one is the broken webhook": a line pasted and asked for
  const exactLine = (line: string) => {
    const p = oddValues(parseCommand(line, o.grammar), now);
    return p.ok && !p.guessed ? resolveDates(p, o, now) : undefined;
  };
  // ("backup all; restart wekan; logs wekan 50", "status ghost && logs ghost 50": exact lines chained as a shell chains
  // them, each a request of its own, asked one at a time; chained-lines.ts)
  const chained = chainedLines(text, (line) => {
    const p = exactLine(line);
    return p?.ok ? p.canonical : undefined;
  });
  if (chained) {
    const lang = languageOf(words, [], fallback);
    return oneAtATime(lang, chained);
  }
  // ("summon ghost; rm -rf /", "status ghost && reboot": a line chained to a shell program is pasted shell; nothing of it
  // runs, and the asker is told to send the command alone)
  const shellOp = shellChained(text);
  if (shellOp) {
    const lang = languageOf(words, [], fallback);
    const told = lang === 'fr'
      ? `\`${shellOp}\` enchaîne des commandes shell, et je ne lance jamais de shell : je ne lance rien. Envoyez la commande de Summoner seule.`
      : `\`${shellOp}\` chains shell commands, and I never run a shell, so I run nothing. Send the Summoner command on its own.`;
    return { kind: 'ask', lang, question: { text: told, options: [] } };
  }
  // ("bkp nc && rst nc": requests chained as a shell chains them, not typed exactly, are still two: asked one at a time,
  // never the first run alone; a part not read at all is said so)
  const chainedLoose = text.includes('&&') ? looselyChained(text, o) : undefined;
  if (chainedLoose) {
    const lang = languageOf(words, [], fallback);
    if (!chainedLoose.unread) return oneAtATime(lang, chainedLoose.read);
    const [read, unread] = [chainedLoose.read[0]!, chainedLoose.unread];
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `une commande à la fois : je lis \`${read}\`, mais pas « ${unread} ». Envoyez chaque commande seule.` : `one command at a time: I read \`${read}\`, but not "${unread}". Send each command on its own.`, options: [read], several: true } };
  }
  // ("what would `dismiss ghost --purge` do? explain it", « explique-moi ce que ferait `…` »: the line to explain)
  const toExplain = explainedLine(text, (line) => exactLine(line)?.ok === true);
  const explainCmd = toExplain ? o.grammar.commands.find((c) => c.name === 'explain') : undefined;
  const explained = toExplain && explainCmd ? build(explainCmd, { text: toExplain }, new Set(), o.grammar) : undefined;
  if (explained) return { kind: 'command', parsed: explained, confidence: 0.95, lang: languageOf(words, [], fallback), via: 'grammar' };
  const pasted = pastedLine(text, (line) => exactLine(line)?.ok === true);
  const pastedParsed = pasted ? exactLine(pasted) : undefined;
  if (pastedParsed?.ok) return { kind: 'command', parsed: pastedParsed, confidence: 0.95, lang: languageOf(words, [], fallback), via: 'grammar' };
  const toldLine = !pasted ? lineToldOf(text) : undefined;
  const toldParsed = toldLine ? exactLine(toldLine) : undefined;
  if (toldParsed?.ok) return noRequest(languageOf(words, [], fallback), toldParsed.command);
  const strict = oddValues(parseCommand(text, o.grammar), now);
  // (a line typed on a loose verb, "reload mattermost please", is proposed, never run)
  const typedLoose = LOOSE_VERBS.has(words[0]?.text ?? '');
  const langOf = (hits: Lang[] = []) => languageOf(words, hits, fallback);
  // "restart wekan?": an exact line with side effects, asked, is read as a sentence (a question about doing it)
  const asked = strict.ok && !strict.guessed && strict.command.sideEffects && /\?\s*$/.test(text);
  // "explain the status command", "explique la commande restore": a command named as a command is its help, not a
  // sentence to read
  const named = strict.ok && strict.command.name === 'explain' ? commandNamed(String(strict.args.text ?? ''), o.grammar) : undefined;
  // (`please explain "restore nextcloud yesterday" for me\`, "explain `restore ghost from tuesday` before I dare": the
  // quoted sentence, in quotes or backticks, is the one to explain; the words after it are the asker's)
  // (« explique « restaure wordpress d'hier » »: the French quotes, nothing after them, are the quotes too)
  const quotedText = strict.ok && strict.command.name === 'explain' ? /^(?:["“«]([^"“”«»]+)["”»]|`([^`]+)`(?=[^`]*$))\s*\S|^«\s*([^"“”«»]+?)\s*»\s*$/u.exec(String(strict.args.text ?? '')) : null;
  if (strict.ok && quotedText) {
    const p = build(strict.command, { text: (quotedText[1] ?? quotedText[2] ?? quotedText[3])!.trim() }, new Set(), o.grammar);
    if (p) return { kind: 'command', parsed: p, confidence: 0.95, lang: langOf(), via: 'grammar' };
  }
  // ("summoner explain dismiss static --purge, I want to see what it'd do first": the line to explain typed bare, then
  // the asker's words after a comma or a dash; explained-line.ts)
  const explainedText = strict.ok && strict.command.name === 'explain' && !quotedText ? String(strict.args.text ?? '') : undefined;
  const isExact = (line: string) => exactLine(line)?.ok === true;
  const bareLine = explainedText === undefined ? undefined : (lineBeforeReason(explainedText, isExact) ?? lineInside(explainedText, isExact));
  if (strict.ok && bareLine) {
    const p = build(strict.command, { text: bareLine }, new Set(), o.grammar);
    if (p) return { kind: 'command', parsed: p, confidence: 0.95, lang: langOf(), via: 'grammar' };
  }
  const help = named && o.grammar.commands.find((c) => c.name === 'help');
  if (named && help) {
    const p = build(help, { command: named }, new Set(), o.grammar);
    if (p) return { kind: 'command', parsed: p, confidence: 0.95, lang: langOf(), via: 'grammar' };
  }
  // ("DONE: restore wekan from 2026-11-30 ✔", "[ ] backup gitlab": a list's item, ticked or still to do, is read as a
  // sentence, whose check says so; the grammar drops the marks)
  if (strict.ok && !strict.guessed && !asked && !listMarked(text)) {
    const withDates = resolveDates(strict, o, now);
    // (typed on a loose verb, "reload mattermost please": proposed, as in a sentence below)
    if (withDates.ok && strict.rewritten && withDates.command.sideEffects && typedLoose) return didYouMean(withDates, langOf());
    if (withDates.ok) return { kind: 'command', parsed: withDates, confidence: strict.rewritten ? 0.95 : 1, lang: langOf(), via: strict.rewritten ? 'grammar' : 'exact' };
  }
  // nothing to read in it (empty, too long, a quote never closed)
  if (!strict.ok && (strict.code === 'command.too_long' || strict.code === 'command.empty' || (strict.code === 'command.invalid_args' && !strict.command))) return { kind: 'invalid', code: strict.code, message: strict.message, hint: strict.hint, lang: langOf() };

  // a sentence of this message is read once, however many of the readings below ask for it ("is ghost down? restart it
  // please": the last sentence, the story beside the request and the opening question each read "restart it please")
  const readings = new Map<string, Understood>();
  const interpretOnce: Interpret = (w, o1, t1, now1, langOf1, s) => {
    const same = o1 === o && t1 === t && now1 === now && langOf1 === langOf && w === sentenceWords(s);
    const known = same ? readings.get(s) : undefined;
    if (known) return known;
    const r = interpret(w, o1, t1, now1, langOf1, s);
    if (same) readings.set(s, r);
    return r;
  };
  const whole = interpretOnce(words, o, t, now, langOf, text);
  // (the choice of a backup left open anywhere in the message, "…, whichever still has the posts", is not lifted by
  // reading a clause of it alone)
  if (whole.kind === 'ask' && whole.command?.sideEffects && whole.command.args.some((a) => meaningOf(a) === 'date') && leavesBackupOpen(words)) return whole;
  const read0 = firstQuestion(interpretOnce, lastSentence(interpretOnce, whole, text, o, t, now, langOf), whole, text, o, t, now, langOf);
  // ("hello! thank you again for all your help last week. could you please install ghost for our newsletter? …": the one
  // sentence that asks, in a long polite message; request-sentence.ts)
  const asksIn = read0.kind === 'command' ? undefined : requestSentence(text, (s) => {
    const r = interpretOnce(sentenceWords(s), o, t, now, langOf, s);
    return r.kind === 'command' && r.confidence >= 0.9 ? { command: r.parsed.command.name } : { held: r.kind === 'ask' };
  }, (s) => { const known = new Set(o.apps()); return sentenceWords(s).filter((w) => known.has(w.text)).map((w) => w.text); });
  const read = asksIn ? interpretOnce(sentenceWords(asksIn), o, t, now, langOf, asksIn) : read0;
  // ("the sprint board keeps timing out, restart wekan please", "ghost: roll back, the new editor is broken": the request
  // beside the situation that calls for it; story-clause.ts)
  // ("sauvegarde wekan puis redémarre-le stp": two requests, asked one at a time, are no story beside a request)
  // ("tu peux restaurer wordpress et ensuite m'envoyer le rapport ?", "could you restore wordpress and then send me the
  // report?": a request read after "and then" on its own is a second request, even one that only shows; run alone, the
  // first would leave it unanswered)
  const then = read.kind === 'command' && read.parsed.command.sideEffects ? thenRequest(text, read.parsed.command.name, (tail) => understand(tail, o)) : undefined;
  if (then && read.kind === 'command') return oneAtATime(read.lang, [read.parsed.command.name, then]);
  // (« passe ghost en 5.116.0 et mets le sur 2 instances »: two requests joined by a plain "and", each acting on its own)
  const both = read.kind === 'command' && read.parsed.command.sideEffects && !then ? twoActing(text, read.parsed.command, t, o.apps(), (part) => understand(part, o)) : undefined;
  if (both) return oneAtATime(read.lang, both);
  const twoAsked = read.kind === 'ask' && read.question.several === true;
  const beside = (read.kind === 'command' && read.parsed.command.sideEffects) || twoAsked ? undefined : requestBesideStory(interpretOnce, text, o, t, now, langOf);
  if (beside) return beside;
  // ("pop mattermost back to how it was yesterday": the state of a day is its backup; as-it-was.ts)
  // (not before an update: "how it was before yesterday's update" is what `rollback` puts back, not a day's backup)
  // (a rollback read too: "…, can you roll it back to how it was yesterday" names a day's state, which `rollback` cannot give)
  const asItWas = (read.kind === 'command' && read.parsed.command.sideEffects && read.parsed.command.name !== 'rollback') || beforeTheUpdate(words) ? undefined : asItWasRestore(text, langOf());
  if (asItWas) {
    const again = interpretOnce(sentenceWords(asItWas), o, t, now, langOf, asItWas);
    const day = again.kind === 'command' && again.parsed.command.name === 'restore' ? again.parsed.args.when : undefined;
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}/.test(day)) return again;
    // (which day's state is meant is asked, never a rollback run instead: "…defaced this morning, roll it back to how it
    // was yesterday" names two days)
    if (read.kind === 'command' && read.parsed.command.name === 'rollback' && again.kind === 'ask' && again.command?.name === 'restore') return again;
  }
  // (read on its last sentence, the message's first words are the story's, not a command line's: never refused as one)
  if (read !== whole) return read;
  if (asked && read.kind !== 'command') return read;
  if (strict.ok) {
    // ("exlain rollback gitlab", "hlep restore ghost": a first word read by a typo as a command that only shows, the
    // line it names after it: never that line run; the guess is proposed)
    const named = strict.command.name === 'explain' ? String(strict.args.text ?? '').replace(/^["“«]|["”»]$/gu, '') : strict.command.name === 'help' ? String(strict.args.command ?? '') : '';
    if (strict.guessed && named && (strict.command.name === 'help' || exactLine(named)?.ok === true) && read.kind === 'command' && read.parsed.command.sideEffects) {
      const shown = resolveDates(strict, o, now);
      if (shown.ok) return didYouMean(shown, langOf());
    }
    // a verb read by a typo ("sumon wekan"): the sentence reading wins only when it is surer
    if (read.kind === 'command' && read.parsed.command !== strict.command && read.confidence >= 0.9) return read;
    // a destructive verb read by a near-miss ("dismis gitlab", "rolback ghost") is asked, never proposed
    if (strict.guessed && strict.command.destructive) {
      const sure = read.kind === 'command' && read.parsed.command === strict.command ? read.parsed : resolveDates(strict, o, now);
      return sure.ok ? didYouMean(sure, langOf()) : read;
    }
    if (read.kind === 'command' && read.parsed.command === strict.command) return read;
    // a line read by a guess ("> restart wekan" skips the ">") never overrides the sentence's reading that it is no
    // request for a command that acts (not a question for a missing argument, which has a template to fill: with
    // no app vocabulary, "sumon wekan" is still the line's summon of wekan)
    if (strict.guessed && strict.command.sideEffects && read.kind === 'ask' && read.command === strict.command && read.question.options.length === 0 && !read.question.template) return read;
    // ("retart wekan?": a line read by a typo, asked, is proposed, as "restart wekan?" is, never run; so is one typed on
    // a loose verb, "reload mattermost please")
    const withDates = resolveDates(strict, o, now);
    if (withDates.ok && strict.guessed && strict.command.sideEffects && (/\?\s*$/.test(text) || typedLoose)) return didYouMean(withDates, langOf());
    if (withDates.ok) return { kind: 'command', parsed: withDates, confidence: 0.8, lang: langOf(), via: 'grammar' };
  }
  // a value the exact verb's argument refused ("summon webdb latest", "1.0;rm") is never dropped silently: the
  // sentence reading counts only when it used that value (or a near-miss of it, then proposed or asked)
  // (never when the word taken for the verb is an app's name: "the static site project was cancelled; remove static"
  // is no `status` of a "site")
  const opener = words.find((w) => !w.stop)?.text ?? '';
  // (nor when the command's word follows an article, a noun, and the value refused is a plain word: "the update broke
  // ghost. roll it back" is no `update` of "broke"; "the update wekan 1.0;rm" is still refused)
  // (only for another reading than that command: "the restore button in nextcloud's UI is confusing please" stays refused)
  const appOpens = (o.apps().includes(opener) && !o.grammar.commands.some((c) => c.name === opener)) || (THING_OPENERS.has(words[0]?.text ?? '') && !strict.ok && /^\p{L}+$/u.test(strict.refused ?? '') && (read.kind !== 'command' || read.parsed.command !== strict.command));
  // ("history --jobs, want to see if the night jobs failed", "logs ghost 50 - checking the 502s": an exact line typed
  // first, its reason after a comma or a dash; only for a command that only shows: nothing acts on a guess of where
  // the line ends)
  // (after the bot's name, "summoner status asap, …")
  const head = strict.ok || read.kind === 'command' ? undefined : /^([^,;:]+?)\s*(?:[,;:]|\s[-–—]\s)\s*\S/u.exec(text)?.[1]?.replace(/^@?summoner\s+/iu, '');
  // (only when the sentence itself reads no command, "logs nextcloud, cent lignes" being read whole with its count;
  // and parsed only when the line opens on a command's name)
  const headName = head?.trim().split(/\s+/u)[0]!.toLowerCase();
  const headLine = headName && t.names.has(headName) ? exactLine(head!) : undefined;
  // (typed as the command line has it: the command's own name, then a value or a flag; "man, that restore…" is no `help`)
  // ("status asap, pager just went off": the bare name, then only a word of urgency; urgent-line.ts)
  const typedLine = headLine?.ok && headName === headLine.command.name && (headLine.flags.size > 0 || Object.values(headLine.args).some((v) => v !== undefined) || nameThenUrgency(head!));
  if (typedLine && headLine?.ok && !headLine.command.sideEffects) return { kind: 'command', parsed: headLine, confidence: 0.95, lang: langOf(), via: 'grammar' };
  // (a value cut out of a code span by the line's parse, "`restart wekan` is the fix": the span's closing backtick
  // came with it, and is not the value's)
  const refused = !strict.ok && strict.refused !== undefined && /^[^`]+`$/.test(strict.refused) ? strict.refused.slice(0, -1) : !strict.ok ? strict.refused : undefined;
  // (nor a small word the line's parse took for a value, "history with the jobs please": the sentence reads it)
  // (nor « d'il », the elision of « d'il y a 2 jours »: "verifie wordpress d'il y a 2 jours stp" is read with its day)
  const daySaid = refused !== undefined && /^d['’]il$/iu.test(refused) && read.kind === 'command' && read.parsed.command === strict.command;
  if (!strict.ok && !appOpens && !daySaid && refused !== undefined && !STOPWORDS.has(refused.toLowerCase()) && strict.command && !usedValue(read, refused, t.known, strict.command)) {
    return { kind: 'invalid', code: strict.code, message: strict.message, hint: strict.hint, command: strict.command, lang: langOf() };
  }
  if (read.kind === 'unknown' && !strict.ok && !appOpens && strict.code === 'command.invalid_args' && strict.command) {
    return { kind: 'invalid', code: strict.code, message: strict.message, hint: strict.hint, command: strict.command, lang: langOf() };
  }
  return read;
}

// Whether a word typed alone reads as another word (an elision, a spelling, an accent): asked for each word of
// every message by the shorthand step, so remembered per word (bounded).
const readsOtherwiseMemo = boundedMemo<boolean>(5000);
function readsOtherwise(w: string): boolean {
  return readsOtherwiseMemo(w, () => sentenceWords(w)[0]?.text !== w);
}

/** Requests of their own in one message, asked one at a time (the first two named, every line an answer). */
/** The command asked after "and then", « et ensuite », « puis », read alone, when it is another command than `first`. */
function thenRequest(text: string, first: string, alone: (text: string) => Understood): string | undefined {
  const m = /^(.+?)[,;]?\s+(?:and\s+then|and\s+after\s+that|et\s+ensuite|et\s+puis|puis|et\s+apr[eè]s)\s+(.+)$/iu.exec(text);
  if (!m || m[2]!.trim().split(/\s+/).length < 2) return undefined;
  const tail = alone(m[2]!);
  return tail.kind === 'command' && tail.confidence >= 0.9 && tail.parsed.command.name !== first && tail.parsed.command.name !== 'help' ? tail.parsed.command.name : undefined;
}

/** A message of two requests joined by "and" / « et », each read alone as a different command that acts, the whole read as the second: their names. */
function twoActing(text: string, read: AnyCommand, t: Table, apps: readonly string[], alone: (text: string) => Understood): string[] | undefined {
  const m = /^(.+?)[,;]?\s+(?:and|et)\s+(.+)$/iu.exec(text);
  if (!m || SENTENCE_BREAK.test(m[1]!) || m[1]!.trim().split(/\s+/).length < 2 || m[2]!.trim().split(/\s+/).length < 2) return undefined;
  // (one sentence: a first part that names no app asks nothing of its own; one that says a word of the command read holds that
  // request: "dismiss static and delete everything")
  const own = ownWords(read, t);
  const first = sentenceWords(m[1]!);
  if (!first.some((w) => apps.includes(w.text)) || first.some((w) => own.has(w.text))) return undefined;
  const head = alone(m[1]!);
  const tail = head.kind === 'command' && head.parsed.command.sideEffects && head.confidence >= 0.9 ? alone(m[2]!) : undefined;
  // (the second may leave its app to a pronoun, "…et mets-le sur 2 instances", and be asked alone: it is still a request)
  const second = tail?.kind === 'command' && tail.confidence >= 0.9 ? tail.parsed.command : tail?.kind === 'ask' && tail.question.template ? tail.command : undefined;
  // (only when the whole message read the second and lost the first: a first request read alone is the message's own)
  return head.kind === 'command' && second === read && second.sideEffects && second !== head.parsed.command ? [head.parsed.command.name, second.name] : undefined;
}

const ownWordsOf = new WeakMap<AnyCommand, Set<string>>();
/** A command's name and the content words of its phrases. */
function ownWords(command: AnyCommand, t: Table): Set<string> {
  let own = ownWordsOf.get(command);
  if (!own) {
    own = new Set([command.name, ...t.phrases.filter((p) => p.command === command).flatMap((p) => p.words.filter((w) => !STOPWORDS.has(w)))]);
    ownWordsOf.set(command, own);
  }
  return own;
}

/** The commands of a message chained with "&&" that reads one at least (exactly or as a question), and the first part it does not read. */
function looselyChained(text: string, o: UnderstandOptions): { read: string[]; unread?: string } | undefined {
  const parts = text.split(/\s*&&\s*/u).filter((p) => /\p{L}/u.test(p));
  if (parts.length < 2) return undefined;
  const reads = parts.map((p) => understand(p, o));
  const named = reads.map((r) => (r.kind === 'command' ? r.parsed.canonical : r.kind === 'ask' && r.command ? r.command.name : undefined));
  const read = named.filter((n): n is string => n !== undefined);
  const unread = parts.find((_, i) => named[i] === undefined)?.trim();
  // (a part read as a command, at least: "cd /srv && docker compose up -d" is another tool's line, said so elsewhere)
  return !reads.some((r) => r.kind === 'command') ? undefined : unread === undefined ? { read } : { read, unread };
}

function oneAtATime(lang: Lang, lines: string[]): Understood {
  const [a, b] = lines;
  return { kind: 'ask', lang, question: { text: lang === 'fr' ? `une commande à la fois : \`${a}\` d'abord, ou \`${b}\` ?` : `one command at a time: \`${a}\` first, or \`${b}\`?`, options: lines, several: true } };
}

/** A clock time in one word ("04h", "4h10", "3am", "15h"), or the unit after its hour ("5 h", "4 pm"). */
const CLOCK_WORD = /^\d{1,2}(?:h\d{0,2}|am|pm)$/;
const CLOCK_AFTER = new Set(['h', 'am', 'pm', 'heures', 'heure', "o'clock", 'oclock']);
/** Words that name a backup, so that a clock time beside them says which one ("celle de 1 h", "the 4am backup"). */
const BACKUP_NAMES = new Set(['backup', 'backups', 'sauvegarde', 'sauvegardes', 'dump', 'copie', 'copy', 'snapshot', 'celle', 'one', 'version']);
/** How a missing value is asked for, by its meaning. */
const ASKED_FOR: Partial<Record<string, Record<Lang, string>>> = {
  app: { en: 'which app', fr: 'quelle app' },
  ids: { en: 'which dead letters (their numbers, or `all`)', fr: 'quelles lettres mortes (leurs numéros, ou `all`)' },
  name: { en: 'which name', fr: 'quel nom' },
  version: { en: 'which version', fr: 'quelle version' },
  count: { en: 'how many', fr: 'combien' },
};

/** Verbs of knowing or telling before an asked "who" ("tell me who…", "do you know who…", « dis-moi qui… »). */
const KNOW_WHO = new Set(['know', 'tell', 'find', 'out', 'wonder', 'ask', 'see', 'check', 'sais', 'sait', 'savez', 'savoir', 'dire', 'dis', 'dites', 'dis-moi', 'dites-moi', 'demande', 'trouver', 'voir', 'verifier']);

/**
 * A schedule to add said in words (schedule-in-words.ts), with the command it runs read by the whole understanding
 * step: one that acts without deleting (a destructive one is said back in its exact form, with `--destructive`). Proposed
 * (below CONFIDENT), so the cron written from the words is shown before anything is added.
 */
function scheduledInWords(text: string, o: UnderstandOptions, words: SentenceWord[], fallback: Lang): Understood | undefined {
  const said = holdsAny(text, SCHEDULE_CUES) ? scheduleSaid(text, (w) => o.apps().includes(w)) : undefined;
  const schedule = said && o.grammar.commands.find((c) => c.name === 'schedule');
  if (!said || !schedule) return undefined;
  const inner = understand(said.rest, o);
  const lang = languageOf(words, [], fallback);
  // ("add a schedule nightly-wipe every night at 3 that dismisses wekan": what would delete is never scheduled from words;
  // the exact form, with --destructive, is said back to the asker)
  const meant = inner.kind === 'command' ? inner.parsed.command : inner.kind === 'ask' ? inner.command : undefined;
  if (meant?.destructive) {
    const line = `schedule add ${said.name} "${said.cron}" --destructive "${inner.kind === 'command' ? inner.parsed.canonical : `${meant.name} …`}"`;
    return { kind: 'ask', lang, command: schedule, question: { text: lang === 'fr' ? `\`${meant.name}\` est destructive : je ne la planifie pas sur une phrase. Si c'est voulu, dites la ligne exacte : \`${line}\`.` : `\`${meant.name}\` is destructive, so I don't schedule it from a sentence. If you mean it, say the exact line: \`${line}\`.`, options: [] } };
  }
  if (inner.kind !== 'command' || inner.parsed.command.name === 'schedule' || inner.confidence < CONFIDENT) return undefined;
  const p = build(schedule, { action: 'add', name: said.name, cron: said.cron, command: inner.parsed.canonical }, new Set(), o.grammar);
  return p ? { kind: 'command', parsed: p, confidence: PROPOSED, lang, via: 'phrase' } : undefined;
}
/** Words without which no schedule is said (a cheap test before the patterns). */
const SCHEDULE_CUES = ['sched', 'job', 'task', 'cron', 'set up', 'setup', 'tache', 'tâche', 'planif', 'programm', 'nom', 'call', 'name', 'appel'];
/** Below CONFIDENT: what is read is proposed with its canonical form, and runs on a yes. */
const PROPOSED = 0.7;

function interpret(words: SentenceWord[], o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang, text: string): Understood {
  const apps = o.apps();
  const appSet = new Set(apps);
  const { best, hits, clause, date, told } = intentsOf(words, t, now, text, apps, appSet);
  // (a reading whose words are mostly not said, "que peux-tu faire" on "faire" alone, reads nothing)
  // (nor one read only by a typo on the subject of a verb that reports: "Sophie dit que…" is no "sortie")
  const reporter = (h: PhraseHit) => h.pairs.length > 0 && h.pairs.every(([, i, sc]) => sc <= 0.8 && REPORTING.has(words[i + 1]?.text ?? ''));
  // (on a tie, the reading whose words are said together first: "what's the state of all the apps" is the state's, not
  // "what … apps" read across five words; a gap of two words or fewer is no spread)
  const spread = (h: PhraseHit) => (h.used.length > 1 && Math.max(...h.used) - Math.min(...h.used) + 1 - h.used.length > 2 ? 1 : 0);
  const ranked = [...best.values()].filter((h) => h.score > 0.25 && !reporter(h)).sort((a, b) => b.score - a.score || spread(a) - spread(b) || a.first - b.first);
  // ("what can you install, we already run ghost": summon's "install" inside list's whole phrase; whole-phrase.ts)
  wholePhraseFirst(ranked);
  // a reading whose command words are all typos ("craché" read as "marche") gives way to a close one said exactly
  // (it falls behind it, by more than a tie: "redémarre ghost et préviens-moi quand il est revenu" is no rollback)
  const exact = ranked[0] && ranked[0].confidence <= 0.8 ? ranked.find((h) => h.confidence === 1 && ranked[0]!.score - h.score < 0.25) : undefined;
  if (exact) {
    ranked[0] = { ...ranked[0]!, score: exact.score - 0.3 };
    ranked.sort((a, b) => b.score - a.score || a.first - b.first);
  }
  // "où en sont nos certificats ?": a reading said on small words only ("où en sont") gives way to a close one
  // said exactly on a word of its own ("où en sont les applis ?" reads "applis" as apps by a synonym: status)
  const worded = ranked[0] && ranked[0].pairs.length === 0 ? ranked.find((h) => h.pairs.length > 0 && h.confidence === 1 && ranked[0]!.score - h.score < 0.25) : undefined;
  if (worded) {
    ranked[0] = { ...ranked[0]!, score: worded.score - 0.3 };
    ranked.sort((a, b) => b.score - a.score || a.first - b.first);
  }
  // "what versions of wordpress could we move to?": the listing of versions first, before update's "move to"
  const listed = asksWhichVersions(words, text) ? ranked.find((h) => h.phrase.command.name === 'versions') : undefined;
  if (listed && ranked[0] !== listed) {
    ranked.splice(ranked.indexOf(listed), 1);
    ranked.unshift({ ...listed, score: ranked[0]!.score + 0.5 });
    for (const h of ranked.slice(1)) if (h.phrase.command.sideEffects) ranked.splice(ranked.indexOf(h), 1);
  }
  // ("could you put ghost back on the version it had before the update?": the version said before the update is the
  // one a rollback puts back, no version to update to; update's "put … version" is no rival then, nor restore's "put
  // back" when no backup is named, as `asRollback` reads below)
  if (beforeTheUpdate(words) && ranked.some((h) => h.phrase.command.name === 'rollback')) {
    const rivalOf = (name: string) => name === 'update' || (name === 'restore' && !words.some((w) => BACKUP_NOUNS.has(w.text)));
    for (let k = ranked.length - 1; k >= 0; k--) if (rivalOf(ranked[k]!.phrase.command.name)) ranked.splice(k, 1);
  }
  // "bring up mattermost version 9.11.1": a destructive reading on a phrase said without one of its small words
  // ("bring up to") gives way to another command's phrase said whole on the same words (summon's "bring up")
  const top0 = ranked[0];
  if (top0?.phrase.command.destructive && top0.used.length < top0.phrase.words.filter((w) => w !== COUNT_SLOT).length) {
    const whole = [...hits.values()].find((h) => !h.phrase.command.destructive && h.used.length === h.phrase.words.length && h.confidence === 1 && top0.pairs.every(([, i]) => h.used.includes(i)));
    const rival = whole && ranked.find((h) => h.phrase.command === whole.phrase.command);
    if (rival) {
      ranked[0] = { ...top0, score: rival.score - 0.3 };
      ranked.sort((a, b) => b.score - a.score || a.first - b.first);
    }
  }
  // "pourriez-vous revenir à la version précédente de mattermost ? la mise à jour pose problème": of two close
  // readings in different clauses, the one in the clause that asks ("pourriez-vous", "please") is the request
  // (or opens on a request's verb: "le conteneur ghost redémarre en boucle, affiche les logs de ghost", "…, fais un rollback")
  // (a clause that opens on a verb that shows asks too: "show the recipes, and the outbox counts" is the recipes)
  const asksIn = (k: number) => words.some((w, i) => clause[i] === k && POLITE_ASK.has(w.text)) || [REQUEST_WORDS, SHOW_VERBS].some((s) => s.has(words[clause.indexOf(k)]?.text ?? ''));
  const opens = (h: PhraseHit) => h.pairs.length > 0 && words.findIndex((w, i) => clause[i] === clause[h.pairs[0]![1]] && !w.stop) === h.pairs[0]![1];
  const clauseOfHit = (h: PhraseHit) => (h.used.every((i) => clause[i] === clause[h.used[0]!]) ? clause[h.used[0]!]! : -1);
  // (a reading whose verb has a subject of its own before it, "le conteneur ghost redémarre", tells what a thing does)
  // (or a pronoun for it: "redémarre mattermost, ça marche pu")
  const subjected = (h: PhraseHit) => h.pairs.length > 0 && words.some((w, i) => i < h.pairs[0]![1] && clause[i] === clause[h.pairs[0]![1]] && ((!w.stop && !appSet.has(w.text)) || THING_PRONOUNS.has(w.text)));
  const asked = ranked[0] && clauseOfHit(ranked[0]) >= 0 && !asksIn(clauseOfHit(ranked[0])) ? ranked.find((h) => h.phrase.command !== ranked[0]!.phrase.command && ranked[0]!.score - h.score < 0.25 && clauseOfHit(h) >= 0 && clauseOfHit(h) !== clauseOfHit(ranked[0]!) && (asksIn(clauseOfHit(h)) || (opens(h) && subjected(ranked[0]!)))) : undefined;
  if (asked) {
    ranked[0] = { ...ranked[0]!, score: asked.score - 0.3 };
    ranked.sort((a, b) => b.score - a.score || a.first - b.first);
  }
  const { negatedApps, negations, reasons, negated } = negationsOf(words, ranked, hits, clause, text, t, appSet);
  const hitLangs = ranked.slice(0, 1).flatMap((h) => (h.phrase.lang ? [h.phrase.lang] : []));
  const lang = langOf(hitLangs);
  // (a command the message's shape asks for, with the arguments that shape says, read at 0.9, as readMessage's `alone`)
  const readAs = (name: string, args: Record<string, string> = {}) => {
    const c = o.grammar.commands.find((x) => x.name === name);
    const p = c && build(c, args, new Set(), o.grammar);
    return p ? finish(p, 0.9, lang, 'phrase') : undefined;
  };

  // follow-up in a thread: "and wekan too", "same for ghost", "et pour wekan ?"
  const previous = o.previous ? parseCommand(o.previous.canonical, o.grammar) : undefined;
  const found = slotsOf(words, new Set([...(ranked[0]?.used ?? []), ...negatedApps]), apps, t.known, now);
  if (previous?.ok && (ranked.length === 0 || ranked[0]!.score < 1) && FOLLOW_UP.has(words[0]?.text ?? '') && found.apps.length === 1) {
    const appArg = previous.command.args.find((a) => meaningOf(a).startsWith('app'));
    if (appArg) {
      const p = build(previous.command, { ...previous.args, [appArg.name]: found.apps[0]!.name }, previous.flags, o.grammar);
      if (p) return finish(p, found.apps[0]!.guessed ? 0.6 : 0.9, lang, 'follow-up');
    }
  }

  // ("ok do it for wekan", « fais pareil pour wekan », "nope, wrong app, I meant wordpress" with no command before it
  // here: a follow-up of nothing, asked, not read on the app alone)
  // (nor on a word that only shows: the "ok" of "ok do it for wekan" is no status)
  if (!previous?.ok && (ranked.length === 0 || ranked[0]!.score < 1 || !ranked[0]!.phrase.command.sideEffects) && found.apps.length === 1 && FOLLOWS_NOTHING.test(normalise(text))) {
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `pareil que quoi ? je n'ai pas de commande avant celle-ci ici : dites laquelle, pour ${found.apps[0]!.name}.` : `the same as what? I have no command before this one here: say which, for ${found.apps[0]!.name}.`, options: [] } };
  }

  // "i need a fresh wordpress for a demo", "il me faut un wordpress tout neuf", "tu pourrais mettre un gitlab en
  // ligne": one app needed with an indefinite article is one to deploy; proposed (below CONFIDENT), not run
  const summon = o.grammar.commands.find((c) => c.name === 'summon');
  // (no "not" anywhere, even one read as a reason: « personne ne touche à mattermost aujourd'hui svp » summoned it)
  // (nor "nobody touch wordpress today please": no one is to act on it)
  if (summon && (ranked.length === 0 || !ranked[0]!.phrase.command.sideEffects) && !negated && negations.length === 0 && !words.some((w) => w.text === 'nobody' || w.text === 'noone') && words.some((w) => WANT_WORDS.has(w.text))) {
    // apps said exactly (a near-miss of another app, "online" for outline, is no second one)
    const exact = found.apps.filter((a) => !a.guessed);
    const one = exact.length === 1 ? words.findIndex((w) => w.text === exact[0]!.name) : -1;
    const before = (i: number) => words[i]?.text ?? '';
    // "a wordpress", "a fresh wordpress", "un nouveau site wordpress", "new wordpress site please"
    let k = one - 1;
    while (k >= 0 && k >= one - 3 && FRESH.has(before(k))) k--;
    // (in French, "a" is « à », read without its accent: « avant de toucher à gitlab » names no new gitlab)
    // ("wordpress site please" asks for one; "ghost blog status please" names the one whose status is asked: a reading that
    // only shows, read whole, is what it asks)
    const shows = ranked.length > 0 && ranked[0]!.score >= 0.9;
    const indefinite = one >= 0 && ((INDEFINITE.has(before(k)) && !(before(k) === 'a' && lang === 'fr')) || (k < 0 && one > 0) || (k < 0 && FRESH.has(before(one + 1)) && !shows));
    if (indefinite && !isQuestion(words, text) && !words.some((w) => IF_WORDS.has(w.text))) {
      // ("next monday we'll need a fresh wekan", « il nous faudra un wekan demain »: needed on a day to come, asked)
      // (« on aura besoin d'un wekan pour le club théâtre l'an prochain »: « avoir besoin » in the future too)
      if (date?.future || words.some((w, i) => (w.text === 'need' && ['will', 'll', "we'll", 'shall'].includes(words[i - 1]?.text ?? '')) || w.text === 'faudra' || (w.text === 'besoin' && FUTURE_HAVE.has(words[i - 1]?.text ?? '')))) return forLater(lang, summon);
      const p = build(summon, { app: exact[0]!.name, ...(found.version ? { version: found.version } : {}) }, new Set(), o.grammar);
      if (p) return finish(p, 0.7, lang, 'phrase');
    }
  }
  // ("what ran overnight?", « qu'est-ce qui a tourné cette nuit ? »: the night's audit; overnight.ts)
  const overnight = (ranked.length === 0 || !ranked[0]!.phrase.command.sideEffects) && asksWhatRanOvernight(normalise(text), words.some((w) => appSet.has(w.text))) ? readAs('history') : undefined;
  if (overnight) return overnight;
  // (the audit log's question said with no word of a command: "what exactly was done on our servers last night?")
  if (ranked.length === 0) return (wasDone(words, text) ? readAs('history') : undefined) ?? unknown(words, t, lang);
  const top = ranked[0]!;
  // "restarting gitlab fixed it last time, just saying": a message that says of itself it is a remark asks nothing
  if (remark(text)) return noRequest(lang, top.phrase.command, false);
  // ("nobody touch wordpress today please, it's Lina's launch": a command's one word after someone's possessive is
  // that person's thing, a noun; "ghost's restart" is the app's)
  const said1 = top.pairs.length === 1 ? words[top.pairs[0]![1]]?.text : undefined;
  const owner = said1 && top.phrase.command.sideEffects && /['’]s\s/u.test(text) ? [...text.matchAll(POSSESSED)].find((m) => m[2]!.toLowerCase() === said1)?.[1] : undefined;
  if (owner && !appSet.has(owner.toLowerCase())) return noRequest(lang, top.phrase.command, false);
  // ("when is the next backup of ghost?", « à quelle heure tourne la sauvegarde de nextcloud ? »: when a backup will
  // run is the schedules' question; runs-when.ts)
  const whenItRuns = (top.phrase.command.name === 'backups' || top.phrase.command.name === 'backup') && /\?\s*$/.test(text) && asksWhenItRuns(words) ? readAs('schedules') : undefined;
  if (whenItRuns) return whenItRuns;
  // ("can you restore apps?", « tu sais annuler une mise à jour ? »: what the bot can do, asked with nothing to do it on;
  // capability-asked.ts)
  if (top.phrase.command.name !== 'help' && top.phrase.command.args.some((a) => meaningOf(a).startsWith('app')) && found.apps.length === 0 && asksCapability(text, words, top.used, (i) => appSet.has(words[i]!.text))) {
    // ("can u do backups?": taking them, not their list)
    const name = top.phrase.command.name === 'backups' && words.some((w) => LIGHT_DO.has(w.text) || w.text === 'faire') ? 'backup' : top.phrase.command.name;
    const asHelp = readAs('help', { command: name });
    if (asHelp) return asHelp;
  }
  // "Tip of the day: logs nextcloud 100 gives you the last hundred lines", "you type backup followed by the app name,
  // like backup ghost", "ask the bot for the status of wekan": a command taught, not asked for
  if (teaches(text, words, top.pairs[0]?.[1] ?? top.first, (i) => appSet.has(words[i]!.text), clause, new Set([top.phrase.command.name, ...top.phrase.words]))) {
    return { kind: 'ask', lang, command: top.phrase.command, question: { text: lang === 'fr' ? `vous décrivez une commande, je ne lance rien (\`help ${top.phrase.command.name}\`).` : `you are describing a command, so I run nothing (\`help ${top.phrase.command.name}\`).`, options: [] } };
  }
  // "on sauvegardera nextcloud quand…": a reading that only shows, read on a verb in the future by its stem, is a plan
  if (!top.phrase.command.sideEffects && top.pairs.some(([pw, i, sc]) => sc < 1 && /\p{L}{4,}(?:era|eras|erai|erons|eront|eriez|erez)$/u.test(words[i]!.text) && !/(ra|rai|rons|ront|rez)$/.test(pw))) {
    return { kind: 'ask', lang, command: top.phrase.command, question: { text: lang === 'fr' ? `c'est pour plus tard, et je ne lance que maintenant : dites-le quand vous le voulez.` : `that is for later, and I only run things now: say it when you want it.`, options: [] } };
  }
  // "sauvegarde ghost, puis mets-le à jour et redémarre mattermost": two requests that act, each on a verb of its own
  // that opens its clause or follows "and"/"then", are asked about, one at a time, never run as one of them
  /** Where a reading's request opens: its light verb ("lance une sauvegarde"), else its first word. */
  const verbOf = (h: PhraseHit) => {
    const at = h.pairs[0]?.[1] ?? h.first;
    return LIGHT_DO.has(words[at - 2]?.text ?? '') && ARTICLES_BEFORE.has(words[at - 1]?.text ?? '') ? at - 2 : at;
  };
  // (the message's first request may be read by a typo, "sauvegrade wekan puis mets-le à jour": still a request of its own)
  const opening = words.findIndex((w) => !OPENING_FILLERS.has(w.text));
  const imperativeAt = (h: PhraseHit, sure = 0.9) => {
    const at = h.pairs[0]?.[1];
    if (at === undefined || h.confidence < sure) return false;
    // (a noun after a light verb, « après ça fais le ménage », "then do a cleanup": the verb opens the request)
    const verb = verbOf(h);
    const prev = words[verb - 1]?.text ?? '';
    // (the clause's very first word, small or not: "it is creating issue" opens on its subject)
    const w = words[at]!;
    if (pastWord(w) || /^\p{L}{3,}ing$/u.test(w.text)) return false;
    // ("after that", « après ça »: a sequence's words before the verb, not its subject, as « ça passe » has)
    const filler = (i: number) => OPENING_FILLERS.has(words[i]!.text) || (['that', 'ca', 'cela'].includes(words[i]!.text) && ['after', 'apres'].includes(words[i - 1]?.text ?? ''));
    // (« … puis le mettre à jour », "then update it": the pronoun of the app before the verb, after the "then")
    return words.findIndex((x, i) => clause[i] === clause[at] && !filler(i)) === verb || THEN_WORDS.has(prev) || (CLITICS.has(prev) && THEN_WORDS.has(words[verb - 2]?.text ?? ''));
  };
  // (« tu peux vérifier que le site wordpress marche ? », « vérifie que wordpress tourne »: whether the app runs, said
  // after « vérifier que », with no backup named, is its status; `verify` checks backups)
  const itRuns = top.phrase.command.name === 'verify' && found.apps.length === 1 && !words.some((w) => BACKUP_NOUNS.has(w.text) || BACKUP_NOUNS.has(w.text.replace(/s$/, ''))) && asksItRuns(words) ? readAs('status', { app: found.apps[0]!.name }) : undefined;
  if (itRuns) return itRuns;
  // ("envoie-moi par mail la sauvegarde nextcloud de vendredi", "email me last night's backup": a backup to be sent is
  // one that exists, not one to take; the bot sends no files, and says where they are)
  if (top.phrase.command.name === 'backup' && sendsBefore(words, top.pairs[0]?.[1] ?? top.first)) {
    return { kind: 'ask', lang, command: top.phrase.command, question: { text: lang === 'fr' ? `je n'envoie pas de fichiers : \`backups <app>\` liste les sauvegardes et leurs fichiers, sur le serveur.` : `I don't send files: \`backups <app>\` lists the backups and their files, on the server.`, options: [] } };
  }
  // ("- statut - certifs - boîte d'envoi", "- status - certs - outbox", "1) backup gitlab 2) update gitlab": a list typed
  // on one line, each item opening on a command of its own, is so many requests: one at a time)
  if (/^\s*[-*•]\s/u.test(text) || /(?:^|\s)1[.)]\s.+\s2[.)]\s/u.test(text)) {
    const items = new Map<number, PhraseHit>();
    for (const h of ranked) {
      const at = h.pairs[0]?.[1];
      if (at === undefined || h.confidence < 0.9 || items.has(clause[at]!) || words.findIndex((w, i) => clause[i] === clause[at] && !w.stop) !== at) continue;
      items.set(clause[at]!, h);
    }
    const asked = [...items.values()].sort((a, b) => a.first - b.first);
    if (new Set(asked.map((h) => h.phrase.command)).size >= 2) return oneAtATime(lang, asked.map((h) => h.phrase.command.name));
  }
  // ("soit tu redémarres mattermost, soit tu le restaures d'hier", "either restart it or restore it": a choice left to
  // the bot between two requests that act is asked, never taken)
  if (leavesChoice(words) && top.phrase.command.sideEffects) {
    const other = ranked.find((h) => h.phrase.command !== top.phrase.command && h.phrase.command.sideEffects && h.confidence >= 0.9 && h.used.every((i) => !top.used.includes(i)));
    if (other) return oneAtATime(lang, [top, other].sort((x, y) => x.first - y.first).map((h) => h.phrase.command.name));
  }
  if (top.phrase.command.sideEffects && imperativeAt(top)) {
    const other = ranked.find((h) => h.phrase.command !== top.phrase.command && h.phrase.command.sideEffects && (imperativeAt(h) || (imperativeAt(h, 0.75) && h.pairs[0]?.[1] === opening)) && !((h.pairs[0]?.[1] ?? h.first) >= verbOf(top) && (h.pairs[0]?.[1] ?? h.first) < (top.pairs[0]?.[1] ?? top.first)) && h.used.every((i) => !top.used.includes(i)) && top.used.every((i) => !h.used.includes(i)));
    if (other) {
      const [a, b] = [top, other].sort((x, y) => x.first - y.first).map((h) => h.phrase.command.name);
      return oneAtATime(lang, [a!, b!]);
    }
  }
  // ("remove the kuma minion and add it back from the new url", « retire le minion kuma et rajoute-le »: another form of
  // the same command asked after "and"/"then", on a verb of its own: one at a time too)
  const action = top.phrase.fixed?.action;
  if (top.phrase.command.sideEffects && action && imperativeAt(top)) {
    const lastUsed = Math.max(...top.used);
    const verbOf = (p: Phrase) => p.words[0] ?? '';
    const again = t.phrases.find((p) => p.command === top.phrase.command && p.fixed?.action && p.fixed.action !== action && words.some((w, k) => k > lastUsed && THEN_WORDS.has(words[k - 1]?.text ?? '') && [verbOf(p), `re${verbOf(p)}`, `r${verbOf(p)}`].includes(w.text)));
    if (again) return oneAtATime(lang, [`${top.phrase.command.name} ${action}`, `${top.phrase.command.name} ${again.fixed!.action}`]);
  }
  // "how do I restore?", "comment on sauvegarde ?": help about it
  const help = o.grammar.commands.find((c) => c.name === 'help');
  // "does restarting gitlab kick people out of their sessions?", « le prune de wordpress, il efface quoi exactement ? »:
  // what doing it would do, asked (with no day said: what a restore from monday would do is about that backup)
  // (on any of the command's phrases: "kick people out" reads restart too, the gerund is where it is said)
  const effectOf = help && !date ? ranked.find((h) => h.phrase.command.sideEffects && [...hits].some(([p, x]) => p.command === h.phrase.command && asksWhatItDoes(words, text, x.pairs[0]?.[1] ?? -1, clause))) : undefined;
  if (effectOf) {
    const p = build(help!, { command: effectOf.phrase.command.name }, new Set(), o.grammar);
    if (p) return finish(p, 0.9, lang, 'phrase');
  }
  // "i backed up wordpress yesterday", "we already restarted it": the speaker tells what they did
  const verbAtTop = top.pairs[0]?.[1] ?? top.first;
  let subjectAt = verbAtTop - 1;
  // ("I have already taken a backup of wekan": the auxiliary too)
  while (subjectAt > 0 && ['already', 'just', 'also', 'deja', 'juste', 'aussi', 'have', 'has', "i've", "we've"].includes(words[subjectAt]!.text)) subjectAt--;
  // ("had we backed up ghost?", "have we backed up wekan?": a question whether it was done, read below with "did we …?")
  // ("which jobs do we have planned?": "do we have" makes "have" the verb and the participle what the things are)
  const doneAsked = (['have', 'had', 'has'].includes(words[0]?.text ?? '') && /\?\s*$/.test(text)) || (['do', 'does'].includes(words[subjectAt - 1]?.text ?? '') && words[subjectAt + 1]?.text === 'have');
  // ("what would happen if we scaled wekan to 10?": a past after "if" in a question of what it would do is no story;
  // with a day said, "… if I restored nextcloud from last friday?", it may be, and stays asked)
  const ifAsked = IF_WORDS.has(words[subjectAt - 1]?.text ?? '') && asksHow(words, text) && !date;
  // ("yesterday I already backup the gitlab, don't need again": "already" between the speaker and the verb tells it
  // done whatever the verb's form, as a learner of English writes it; not after a modal, "can we already restore?")
  const alreadyDone = words.slice(subjectAt + 1, verbAtTop).some((w) => w.text === 'already') && !MODAL_BEFORE.has(words[subjectAt - 1]?.text ?? '');
  if (!doneAsked && !ifAsked && SUBJECTS.has(words[subjectAt]?.text ?? '') && words[verbAtTop] && (pastWord(words[verbAtTop]!) || alreadyDone)) {
    return noRequest(lang, top.phrase.command, false);
  }
  // "qui a mis à jour gitlab hier ?", "who restarted wekan": who did what (a command's own verb in the past) is the
  // audit log's answer, before any tie between readings of that verb is asked about
  const history = o.grammar.commands.find((c) => c.name === 'history');
  // "what did alice do today", "qu'a fait alice aujourd'hui ?": what someone did, too
  // ("qui a casse nextcloud 🙄": "casse" read as "passe" by a typo is no command said in the past)
  const didIt = ranked.some((h) => h.phrase.command.sideEffects && h.pairs.some(([, i, sc]) => i > 0 && sc >= 0.88 && pastWord(words[i]!)));
  const [w0, w1, w2] = [words[0]?.text, words[1]?.text, words[2]?.text];
  // ("what exactly was done on our servers last night?", « qu'est-ce qui a été fait cette nuit ? »: what was done, by anyone)
  // (not what an app printed: "what did the registry print since the redeploy?", "what did gitlab log since 9:00" are its logs)
  const appPrinted = top.phrase.command.name === 'logs' && words.slice(2, 4).some((w) => appSet.has(w.text));
  const whatDid = (w0 === 'what' && w1 === 'did' && w2 !== 'you' && !appPrinted) || (w0 === 'qu' && w1 === 'a' && w2 === 'fait') || wasDone(words, text);
  // ("can you tell me who restarted ghost?", "do you know who updated gitlab", « tu sais qui a redémarré ghost ? »: the
  // same question put inside another, its "who" right before the command's verb in the past)
  // (« qui a … », with its auxiliary: « ce qui est bloqué » says a state)
  // (and the "who" asked after a verb of knowing or telling: « bravo à la personne qui a restauré nextcloud » asks nothing)
  const whoAsked = (k: number) => words.slice(Math.max(0, k - 2), k).some((w) => KNOW_WHO.has(w.text));
  const whoBefore = (j: number) => (words[j - 1]?.text === 'who' && whoAsked(j - 1)) || (['has', 'had', 'just'].includes(words[j - 1]?.text ?? '') && words[j - 2]?.text === 'who' && whoAsked(j - 2)) || (['a', 'avait'].includes(words[j - 1]?.text ?? '') && words[j - 2]?.text === 'qui' && whoAsked(j - 2));
  const whoDid = ranked.some((h) => h.phrase.command.sideEffects && h.pairs.some(([, j, sc]) => sc >= 0.88 && pastWord(words[j]!) && whoBefore(j)));
  // (« qui a restart ghost hier soir ? »: the English verb in a French past, its « a » the auxiliary)
  const quiA = w0 === 'qui' && w1 === 'a' && ranked.some((h) => h.phrase.command.sideEffects && h.pairs.some(([, i, sc]) => i === 2 && sc >= 0.88));
  if (history && ((['who', 'qui'].includes(w0 ?? '') && didIt) || whoDid || whatDid || quiA)) {
    // ("qui a lancé quoi, les 30 dernières": with the count said)
    const p = build(history, found.count !== undefined ? { count: found.count } : {}, new Set(), o.grammar) ?? build(history, {}, new Set(), o.grammar);
    if (p) return finish(p, 0.9, lang, 'phrase');
  }
  // "marc asked me to remove the registry, is that ok?", "…, qu'en pensez-vous ?": an opinion asked, in a clause
  // of its own, about an action the message names
  if (asksOpinion(words, clause, text) && [...hits].some(([p, h]) => p.command.sideEffects && h.confidence >= 0.9)) {
    const c = [...hits].find(([p, h]) => p.command.sideEffects && h.confidence >= 0.9)![0].command;
    return { kind: 'ask', lang, command: c, question: { text: lang === 'fr' ? `vous demandez un avis : je ne lance rien (\`help ${c.name}\`).` : `you are asking for an opinion: I run nothing (\`help ${c.name}\`).`, options: [] } };
  }
  // "is it ok to purge ghost?": a reading said only on the advice's own judgement ("ok") reads nothing of what is asked
  if (asksAdvice(words, text) && top.pairs.length > 0 && top.pairs.every(([, i]) => JUDGEMENTS.has(words[i]!.text))) {
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `vous demandez s'il faut le faire : je ne lance rien (\`help\`).` : `you are asking whether it should be done, so I run nothing (\`help\`).`, options: [] } };
  }
  // "do we even need to back up static?": advice asked about, whatever the reading
  if (asksAdvice(words, text) && ranked.some((h) => h.phrase.command.sideEffects && top.score - h.score < 0.5)) {
    const c = ranked.find((h) => h.phrase.command.sideEffects)!.phrase.command;
    return { kind: 'ask', lang, command: c, question: { text: lang === 'fr' ? `vous demandez s'il faut le faire : je ne lance rien (\`help ${c.name}\`).` : `you are asking whether it should be done, so I run nothing (\`help ${c.name}\`).`, options: [] } };
  }
  // "a gentle reminder that the static backups are taken by the nightly job", "petit rappel : les sauvegardes …":
  // a message that opens as news, with nothing asked in it, asks for nothing, whatever it reads as
  const news = words.slice(0, 3).some((w, i) => NEWS.has(w.text) || (w.text === 'info' && words[i - 1]?.text === 'pour'));
  if (news && !/\?\s*$/.test(text) && !words.some((w) => REQUEST_WORDS.has(w.text) || POLITE_ASK.has(w.text))) {
    return noRequest(lang, top.phrase.command, false);
  }
  // "I wonder whether dismissing ghost would free up disk", "hypothetically, how long would restoring gitlab take?":
  // a reading that would act, close behind the one that only shows, in a sentence that makes it a hypothesis or
  // a plan: the sentence talks about that action, and the reading that shows is read on its other words ("up",
  // "how"). (Told in the past, "has ghost been backed up?", or of a recurring one, "did the nightly backup run?",
  // it is a question the reading that shows answers.)
  const acting = top.phrase.command.sideEffects ? undefined : ranked.find((h) => h.phrase.command.sideEffects && top.score - h.score < 0.5);
  const hypothesis = acting && notARequest(words, acting, text, appSet, clause);
  // (or the speaker's own plan: "on va updater wordpress à soir" is not how wordpress is)
  // (or anything it is not, under a reading that shows read on no word of its own: "Sophie says ghost was restarted"
  // is no `logs` by "sortie")
  const weak = top.pairs.length === 0 || top.pairs.every(([, , sc]) => sc <= 0.8);
  // ("did someone update gitlab??!!": whether someone did it, read as versions by "update"; the history answers)
  const historyCmd = o.grammar.commands.find((c) => c.name === 'history');
  if (acting && (hypothesis === 'past' || hypothesis === 'reported') && historyCmd && ['did', 'has'].includes(words[0]?.text ?? '') && ['someone', 'somebody', 'anyone', 'anybody'].includes(words[1]?.text ?? '') && acting.pairs.every(([, , sc]) => sc >= 0.88)) {
    const p = build(historyCmd, {}, new Set(), o.grammar);
    if (p) return finish(p, 0.9, lang, 'phrase');
  }
  // (how it is done, asked after a verb in the past, "I forgot how you update an app", is the help's, below)
  const howAsked = !!help && !date && asksHow(words, text);
  if (acting && !howAsked && (hypothesis === 'if' || (hypothesis === 'self' && words.some((_, i) => intends(words, i))) || (hypothesis === 'later' && !recurring(words)) || (hypothesis && weak))) {
    const c = acting.phrase.command;
    return noRequest(lang, c);
  }
  // ("help pls how does backup work": "work" is the question's verb, not verify's "backup works")
  // (a reading that opens on the question's own verb first, the one read best on it: "how do I deploy an app?" is
  // about summon, not the list of apps)
  const howVerb = howVerbAt(words, recalledHow(words));
  const about = (howVerb !== undefined ? ranked.filter((h) => h.phrase.command !== help && h.pairs[0]?.[1] === howVerb && h.pairs[0][2] >= 0.9 && !h.used.some((i) => HOW_VERBS.has(words[i]!.text))).sort((a, b) => b.pairs[0]![2] - a.pairs[0]![2])[0] : undefined) ?? ranked.find((h) => h.phrase.command !== help && !h.used.includes(0) && !h.used.some((i) => HOW_VERBS.has(words[i]!.text))) ?? ranked.find((h) => h.phrase.command !== help && !h.used.includes(0) && !h.used.every((i) => HOW_VERBS.has(words[i]!.text)));
  // ("**Q:** what does prune do exactly?", "For anyone new here: how do you restore an app?": the question after a short
  // label that introduces it)
  const labelled = /^[^:?]{1,60}:[*_]*\s+(?=\S)/u.exec(text);
  const afterLabel = labelled ? text.slice(labelled[0].length) : '';
  if (help && labelled && !asksHow(words, text) && asksHow(sentenceWords(afterLabel), afterLabel)) return interpret(sentenceWords(afterLabel), o, t, now, langOf, afterLabel);
  // (what a restore from a day said would do, "… si nous restaurions nextcloud depuis vendredi ?", is about that
  // backup, not the command: asked, as the held-out set has it)
  const ifOnDay = !!date && words.some((w) => IF_WORDS.has(w.text));
  if (help && asksHow(words, text) && !ifOnDay && (found.apps.length === 0 || about?.phrase.command.sideEffects)) {
    // (a command named as one is the one asked about, whatever its name reads as: "how do I use the logs command?")
    const asName = commandNamedIn(words, o.grammar);
    const p = asName || about ? build(help, { command: asName ?? about!.phrase.command.name }, new Set(), o.grammar) : undefined;
    if (p) return finish(p, 0.9, lang, 'phrase');
  }
  // a reading on words the top reading used too ("backups" in "prune old backups") is part of it, no rival
  // nor is one read only on a noun made from its verb after the top reading's verb ("delete the wekan deployment":
  // the deployment is what is deleted)
  const objectNoun = (h: PhraseHit) => h.pairs.length > 0 && h.pairs.every(([pw, i]) => i > verbAtTop && words[i]!.text !== pw && /(ment|ments|tion|tions)$/.test(words[i]!.text) && !/(ment|tion)$/.test(pw));
  // nor one whose other words are the date the top reading takes ("restaure mattermost à partir du dernier backup":
  // "dernier" is which backup to restore, not a listing of them)
  const topValues = top.phrase.command.args.some((a) => meaningOf(a) === 'date') ? new Set(date?.used ?? []) : new Set<number>();
  // nor one read only on the cue of the version the top reading takes ("upgrade wekan to version 7.62")
  // (or after it: "upgrade nextcloud to 29.0.9 version"; or the word "version" itself: "to its pinned version")
  if (top.phrase.command.args.some((a) => meaningOf(a) === 'version')) words.forEach((w, i) => ((VERSION_CUES.has(w.text) && /^v?\d+(\.\d+)*$/.test(words[i + 1]?.text ?? '')) || (['version', 'release', 'tag'].includes(w.text) && /^v?\d+(\.\d+)+$/.test(words[i - 1]?.text ?? ''))) && topValues.add(i));
  if (top.phrase.command.args.some((a) => meaningOf(a) === 'version')) words.forEach((w, i) => ['version', 'release'].includes(w.text) && topValues.add(i));
  // (nor one whose verb the speaker says of themself, in another clause: "sauvegarde nextcloud stp, je lance une migration
  // juste après" tells what comes next)
  const saysOwn = (h: PhraseHit) => h.pairs.length > 0 && SPEAKER.has(words[h.pairs[0]![1] - 1]?.text ?? '') && clause[h.pairs[0]![1]] !== clause[verbAtTop];
  // (a reading on one word of another clause that names no app, said as a noun or of someone else, is no tie: "backup
  // everything now pls, big launch day", « sauvegarde wordpress maintenant stp, le client lance à midi »)
  const toldOfOther = (h: PhraseHit) => {
    const at = h.pairs.length === 1 && h.phrase.command.sideEffects ? h.pairs[0]![1] : -1;
    if (at < 1 || clause[at] === clause[verbAtTop] || words.some((w, i) => clause[i] === clause[at] && appSet.has(w.text))) return false;
    return NOUN_BEFORE.has(words[at - 1]!.text) || (at >= 2 && SUBJECT_ARTICLES.has(words[at - 2]!.text) && !words[at - 1]!.stop);
  };
  const rivals = ranked.filter((h) => h.phrase.command !== top.phrase.command && h.used.some((i) => !top.used.includes(i) && !topValues.has(i)) && !objectNoun(h) && !saysOwn(h));
  const second = rivals[0];
  // ("combien de place prennent les sauvegardes ?": `report` or `backups`, no app named) between two that only show, the
  // one that needs an app when none is named loses to one that takes nothing: it would only ask which app (Summoner's
  // own state, "which backups of summoner…", is named as no app is)
  const needsApp = (c: AnyCommand) => c.args.some((a) => a.required && meaningOf(a).startsWith('app'));
  const runnable = second && top.score - second.score < 0.05 && found.apps.length === 0 && !words.slice(1).some((w) => w.text === 'summoner') && !top.phrase.command.sideEffects && !second.phrase.command.sideEffects && needsApp(top.phrase.command) !== needsApp(second.phrase.command) ? [top, second].find((h) => h.phrase.command.args.length === 0) : undefined;
  const takesNothing = runnable ? build(runnable.phrase.command, {}, new Set(), o.grammar) : undefined;
  if (takesNothing) return finish(takesNothing, 0.9, lang, 'phrase');
  // a tie is asked about when both readings start on the same word, or when both would act
  if (second && top.score - second.score < 0.05 && (top.first === second.first || (top.phrase.command.sideEffects && second.phrase.command.sideEffects)) && !toldOfOther(second)) {
    const a = top.phrase.command.name;
    const b = second.phrase.command.name;
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `\`${a}\` ou \`${b}\` ?` : `did you mean \`${a}\` or \`${b}\`?`, options: [a, b] } };
  }
  const takesApp = (c: AnyCommand) => c.args.some((a) => meaningOf(a).startsWith('app'));
  // (not when the one that shows tells how a thing is, in a clause of its own: "redémarre mattermost, ça marche pu")
  const tells = (h: PhraseHit) => subjected(h) && clauseOfHit(h) >= 0 && clauseOfHit(h) !== clauseOfHit(top) && opens(top);
  if (second && top.score - second.score < 0.05 && top.phrase.command.sideEffects && !second.phrase.command.sideEffects && takesApp(top.phrase.command) && takesApp(second.phrase.command) && found.apps.length > 0 && !tells(second)) {
    const a = top.phrase.command.name;
    const b = second.phrase.command.name;
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `\`${a}\` ou \`${b}\` ?` : `did you mean \`${a}\` or \`${b}\`?`, options: [a, b] } };
  }
  // a destructive reading with a close other reading is asked about, never proposed on its own
  const rival = rivals[0];
  // (read on no exact word, "passer" and "versions" for `update`, a wider margin is asked for)
  // (a rival read only by a typo, in another clause than an exact destructive reading, is none: "les utilisateurs
  // râlent ; fais un rollback de nextcloud" is no restore by "ramène")
  const typoElsewhere = rival !== undefined && top.confidence === 1 && rival.confidence <= 0.8 && rival.used.every((i) => top.pairs.every(([, k]) => clause[k] !== clause[i]));
  if (rival && !typoElsewhere && top.phrase.command.destructive && top.score - rival.score < (top.confidence < 0.95 ? 0.75 : 0.5)) {
    const a = top.phrase.command.name;
    const b = rival.phrase.command.name;
    return { kind: 'ask', lang, question: { text: lang === 'fr' ? `\`${a}\` ou \`${b}\` ?` : `did you mean \`${a}\` or \`${b}\`?`, options: [a, b] } };
  }
  // ("remove ghost and its data but keep the backups" read as prune by "remove … backups": a destructive reading on a word
  // the sentence says kept is what must stay, never what to delete; asked)
  if (top.phrase.command.destructive && top.pairs.some(([, i]) => words.slice(Math.max(0, i - 3), i).some((w, k, all) => KEEP_WORDS.has(w.text) && !NEGATIONS.has(w.text) && all.slice(k + 1).every((x) => x.stop)))) {
    const c = top.phrase.command;
    return { kind: 'ask', lang, command: c, question: { text: lang === 'fr' ? `vous dites de garder ce que \`${c.name}\` effacerait : je ne lance rien (\`help ${c.name}\`).` : `you say to keep what \`${c.name}\` would delete, so I run nothing (\`help ${c.name}\`).`, options: [] } };
  }
  const command = top.phrase.command;
  // a reason clause holds no part of the request itself
  if (!negated && reasons.size && top.used.some((i) => [...reasons].some((r) => clause[r] === clause[i]))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je lis une négation : je ne lance pas \`${command.name}\`.` : `I read a "not" in that, so I run nothing.`, options: [] } };
  }
  // "please do not purge anything without asking me first": a "not" with a reading that only shows, read on no
  // exact word ("asking" for help's "ask"), asks nothing either
  // ("ne purgez rien sans me demander d'abord": a "not" before the reading's word, in its clause)
  const negatedBefore = negations.some((i) => top.pairs.length > 0 && i < top.pairs[0]![1] && clause[i] === clause[top.pairs[0]![1]]);
  // ("what's in the outbox? the ticket says the webhooks never arrived": a "not" in a sentence of its own after a
  // question that only lists, holding none of its words, is what the user reports, not the request turned around)
  const listing = !command.sideEffects || (!top.phrase.fixed && command.args.some((a) => a.values && !a.required));
  const asksFirst = text.indexOf('?') >= 0 && top.used.every((i) => i <= sentenceWords(text.slice(0, text.indexOf('?'))).length - 1);
  const aside = listing && asksFirst && negations.every((i) => top.used.every((k) => clause[k]! < clause[i]!));
  if (negated && !aside && (command.sideEffects || top.confidence < 1 || negatedBefore)) {
    return {
      kind: 'ask',
      lang,
      command,
      question: {
        text: lang === 'fr' ? `je lis une négation : je ne lance pas \`${command.name}\`. Dites la commande exacte si vous la voulez (\`help ${command.name}\`).` : `I read a "not" in that, so I run nothing. Say the exact command if you want it (\`help ${command.name}\`).`,
        options: [],
      },
    };
  }
  // ("send the status report to ~ops every monday at 9": a reading that only shows, asked for again and again, is a
  // schedule to add, not a post now; a question, "is ghost down every morning?", is asked now; "the daily report" names
  // which report, no wish that it repeat)
  if (!command.sideEffects && !/\?/.test(text) && !['schedules', 'schedule', 'help', 'history', 'explain'].includes(command.name) && recurring(words.filter((w) => !RECURRING_ADJECTIVES.has(w.text)))) {
    const line = `schedule add <name> "<cron>" ${command.name}`;
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `c'est à refaire régulièrement : \`${line}\` le planifie (\`help schedule\`) ; je ne lance rien maintenant.` : `that is a repeated job: \`${line}\` schedules it (\`help schedule\`); I run nothing now.`, options: [] } };
  }
  // talk about a command rather than a request for it: a quoted command, a hypothetical, a report in the past
  // tense, a command word used as a noun with no request around it, sarcasm; what would act is not run on it
  if (command.sideEffects) {
    const why = notARequest(words, top, text, appSet, clause);
    const slots0 = slotsOf(words, new Set(top.used), apps, t.known, now);
    if (why) {
      const hist = o.grammar.commands.find((c) => c.name === 'history');
      // "la sauvegarde de ghost a réussi ?": whether a backup was made is its list's answer
      const backups = o.grammar.commands.find((c) => c.name === 'backups');
      // ("pourquoi la sauvegarde de nextcloud prend autant de temps ?": no list answers a why)
      if ((why === 'past' || why === 'noun') && command.name === 'backup' && backups && slots0.apps.length === 1 && /\?\s*$/.test(text) && !words.some((w) => w.text === 'why' || w.text === 'pourquoi')) {
        const p = build(backups, { app: slots0.apps[0]!.name }, new Set(), o.grammar);
        if (p) return finish(p, 0.9, lang, 'phrase');
      }
      // (on the command's own word, not a typo of it: "qui a casse nextcloud" read as "passe")
      // ("did someone restart wekan?", "someone restarted wekan?": asked whether someone did it; the set reads the French
      // « quelqu'un a redémarré wekan ce matin ? » as delegation, asked)
      // (or a person named: "did Marc restart ghost this morning?")
      const named = namedPersonDid(words, top.first, appSet);
      const someoneDid = /\?\s*$/.test(text) && (named || ['someone', 'somebody', 'anyone', 'anybody'].includes((words[0]?.text === 'did' || words[0]?.text === 'has' ? words[1] : words[0])?.text ?? '')) && (why === 'past' || why === 'reported') && (['did', 'has'].includes(words[0]!.text) || top.pairs.some(([, i]) => pastWord(words[i]!) || DID_DONE.has(words[i - 1]?.text ?? '') || DID_DONE.has(words[i - 2]?.text ?? '')));
      // ("who ran backup all on monday?": a day said after the command run is when it ran, however a request reads it)
      const whoRan = /\?\s*$/.test(text) && words[0]?.text === 'who' && ['ran', 'launched', 'started', 'triggered', 'kicked'].includes(words[1]?.text ?? '');
      if ((why === 'past' || someoneDid || whoRan) && hist && (someoneDid || ['who', 'qui', 'when', 'quand', 'did', 'has', 'have', 'what', 'qu'].includes(words[0]?.text ?? '')) && top.pairs.every(([, , sc]) => sc >= 0.88)) {
        const p = build(hist, {}, new Set(), o.grammar);
        if (p) return finish(p, 0.9, lang, 'phrase');
      }
      return why === 'later' ? forLater(lang, command) : noRequest(lang, command);
    }
  }
  // "ramène nextcloud à la sauvegarde d'hier", "yesterday's backup": a past day said right beside the command's
  // word names something that exists, for a command that takes no date: it is not a request for that command
  if (command.sideEffects && !command.args.some((a) => meaningOf(a) === 'date')) {
    const d = dateIn(words, now);
    const at = top.pairs[0]?.[1];
    // (for a destructive one, anywhere in its clause: "roll back ghost to yesterday" may mean a restore)
    const beside = (k: number) => at !== undefined && ((Math.abs(k - at) <= 3 && words.slice(Math.min(k, at) + 1, Math.max(k, at)).every((w) => w.stop)) || (command.destructive && clause[k] === clause[at]));
    // ("undo yesterday's gitlab upgrade": a day inside the command's own phrase says which one it undoes)
    const span = top.pairs.map(([, i]) => i);
    const inside = (k: number) => span.length > 1 && k > Math.min(...span) && k < Math.max(...span);
    // ("roll ghost back a couple of days", "reviens deux jours en arrière": a span of time, for a destructive command that
    // takes no date, may mean a restore of that day: asked)
    const spanSaid = command.destructive && words.some((w) => ['back', 'arriere', 'revert', 'ago', 'il'].includes(w.text)) && words.some((w, i) => !top.used.includes(i) && ['days', 'weeks', 'hours', 'jours', 'semaines', 'heures'].includes(w.text));
    if (spanSaid) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` revient à la version d'avant, sans date : voulez-vous plutôt \`restore\` d'une sauvegarde de ce jour-là ?` : `\`${command.name}\` goes back to the version before, with no date: did you mean \`restore\` from a backup of that day?`, options: [] } };
    if (d?.computed && !d.future && d.value < new Date(now).toISOString().slice(0, 10) && d.used.some(beside) && !d.used.every(inside) && !(command.name === 'rollback' && datesAnUpdate(words, d))) {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne lis pas une demande de \`${command.name}\` : une date passée ne s'y applique pas (\`help\`).` : `I don't read a \`${command.name}\` request there: a past day does not apply to it (\`help\`).`, options: [] } };
    }
    // ("update ghost on december 5th", "update ghost on 2026-12-05" said on the 2nd: a day to come in its clause is a plan)
    // (not the day of an event the request comes before: "backup everything before the migration tmrw", « avant la
    // migration de demain » is a backup now)
    // (a copy taken now only: an update or a restart before an event may be wanted on its day)
    const dayAt = d ? Math.min(...d.used) : -1;
    const eventDay = d?.future && at !== undefined && command.name === 'backup' && words.some((w, b) => (w.text === 'before' || w.text === 'avant') && b > at && b < dayAt && words.slice(b + 1, dayAt).some((x) => !x.stop));
    if (d?.future && at !== undefined && !eventDay && d.used.some((k) => clause[k] === clause[at])) {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` pour un jour à venir ? Je l'exécute quand on me le demande, ce jour-là (ou \`help schedule\`).` : `\`${command.name}\` on a day still to come? I run it when asked, on that day (or see \`help schedule\`).`, options: [] } };
    }
  }
  // slots again, without the words the chosen intent used
  // (a number inside a pasted error, "`dead letter 17: 410 Gone`", is no value of the request)
  const inQuotes = quotedWords(text, words.length);
  const quotedNumbers = words.flatMap((w, i) => (inQuotes?.[i] && /\d/.test(w.text) ? [i] : []));
  const slots = slotsOf(words, new Set([...top.used, ...negatedApps, ...quotedNumbers]), apps, t.known, now);
  // chatter that happens to hold a command word ("ping me when you're done with the review", "what's the status
  // on the design doc?", "lunch anyone?"): a reading that takes nothing from the sentence and leaves words
  // nothing reads is no request
  const chat = chatter(words, text, clause, top, slots, hits, t, apps, appSet, now, lang);
  if (chat) return chat;
  // a span ("le mois dernier"): which backup of it?
  if (slots.vague && command.args.some((a) => meaningOf(a) === 'date')) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde de cette période ? une date (2026-11-28, hier) ou \`backups\`` : `which backup of that span? a date (2026-11-28, yesterday), or see \`backups\``, options: [] } };
  }
  // (« remets les sauvegardes de wekan », "restore the backups of wekan": a restore loads one backup, and the backups
  // said together name none of them)
  if (command.destructive && !slots.date && command.args.some((a) => meaningOf(a) === 'date') && words.some((w, i) => ['backups', 'sauvegardes', 'snapshots', 'dumps'].includes(w.text) && ['les', 'the', 'ses', 'its', 'his', 'her', 'their', 'leurs'].includes(words[i - 1]?.text ?? ''))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde ? une date (2026-11-28, hier), \`latest\`, ou \`backups\` pour les voir` : `which backup? a date (2026-11-28, yesterday), \`latest\`, or see \`backups\``, options: [] } };
  }
  // a day to come: no backup is from it
  if (slots.future && command.args.some((a) => meaningOf(a) === 'date')) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `cette date est à venir : quelle sauvegarde ? une date passée (2026-11-28, hier) ou \`backups\`` : `that day is still to come: which backup? a past date (2026-11-28, yesterday), or see \`backups\``, options: [] } };
  }
  // "supprime tout tant qu'on y est", "dismiss gitlab and all go home": "all" beside a command that acts on one app
  // ("nuke gitlab and everything it stored": an "everything" read by the command's own flag is that flag)
  const verbAt = top.pairs[0]?.[1] ?? top.first;
  const flagged = flagWords(command, words, t);
  if (command.destructive && command.args.some((a) => meaningOf(a) === 'app') && words.some((w, i) => i > verbAt && i <= verbAt + 3 && !top.used.includes(i) && !flagged.has(i) && isAllWord(w.text, t.known) && !OWNED.has(words[i + 1]?.text ?? ''))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` : une app à la fois, laquelle ?` : `\`${command.name}\` takes one app at a time: which one?`, options: [...apps].slice(0, 6), template: `${command.name} {}` } };
  }
  const args: Record<string, string | number | undefined> = {};
  let confidence = top.confidence;
  let guessedApp: string | undefined;
  // "retrier toutes les lettres mortes", "droppe la lettre morte 12": a reading that lists, in a sentence that opens
  // on the verb of one of the command's forms (said in the other language, or made French), is that form
  const opener = words.find((w) => !w.stop);
  const formVerb = top.phrase.fixed || !opener ? undefined : formVerbsOf(command).find(({ verbs }) => verbs.some((v) => opener.text === v || wordScore(v, opener, t.known) >= 0.88))?.form;
  const fixed = top.phrase.fixed ?? formVerb?.args ?? {};
  const raw = rawTokens(text);
  // a span of time in a clause that tells the trouble, apart from the request's clause that asks (« mattermost
  // déconnecte tout le monde depuis 8h, montre-moi les logs de mattermost »), is when it began, not lines to count
  const verbClause = clause[top.pairs[0]?.[1] ?? top.first]!;
  const spanToldApart = (at: number | undefined) => at !== undefined && told.has(clause[at]!) && clause[at] !== verbClause && asksIn(verbClause);
  for (const a of command.args) {
    const m = meaningOf(a);
    if (a.name in fixed) args[a.name] = fixed[a.name];
    else if (m === 'name') args[a.name] = nameSaid(words, a.cues ?? [], top.used, t.known, appSet, new Set(t.phrases.flatMap((p) => (p.command === command ? p.words : []))));
    else if (m === 'ids') args[a.name] = idsSaid(words, t.known, now, new Set(quotedNumbers), fixed.action !== 'drop');
    else if (m === 'source') args[a.name] = raw.find((r) => !r.quoted && /^(https?:\/\/\S+|\.{0,2}\/\S+)$/i.test(r.text) && !/\.json$/i.test(r.text))?.text;
    // (a file name at the end of a question keeps its name: "…/pipeline.failed.json?")
    else if (m === 'file') args[a.name] = raw.find((r) => /\.json[?!.,;:]*$/i.test(r.text))?.text.replace(/[?!.,;:]+$/, '');
    else if (m === 'cron') args[a.name] = raw.find((r) => r.quoted && isCron(r.text))?.text;
    else if (m === 'line') args[a.name] = lineAfterCron(raw);
    else if (m === 'app' || m === 'app-or-all') {
      // "remove the wordpress instance, we moved to ghost": an app named only in a clause that tells is no choice
      if (slots.apps.length > 1) {
        // (said anywhere else, it may be the one: "nobody pushes to the registry since we moved to gitlab's, dismiss the registry")
        const kept = slots.apps.filter((x) => {
          const at = words.flatMap((w, i) => (w.text === (x.typed ?? x.name) ? [i] : []));
          return at.length === 0 || at.some((k) => !told.has(clause[k]!) || top.used.some((i) => clause[i] === clause[k]));
        });
        if (kept.length >= 1) slots.apps = kept;
        // (one app named in the request's own clause, the others only in the clauses before it, which give the
        // context: "plus personne ne pousse sur le registry depuis qu'on utilise celui de gitlab, retire le registry")
        const at = (x: { name: string; typed?: string }) => words.flatMap((w, i) => (w.text === (x.typed ?? x.name) ? [clause[i]!] : []));
        const own = slots.apps.filter((x) => at(x).includes(clause[verbAt]!));
        // (or only in a clause after it that tells what goes wrong with a "not" and asks nothing: "logs for mattermost pls,
        // webhooks from gitlab aren't showing up", « logs de mattermost stp, les webhooks de gitlab arrivent pas »)
        const tellsNot = (k: number) => k > clause[verbAt]! && words.some((w, i) => clause[i] === k && NEGATIONS.has(w.text)) && !words.some((w, i) => clause[i] === k && REQUEST_WORDS.has(w.text)) && !top.used.some((i) => clause[i] === k);
        if (own.length === 1 && slots.apps.every((x) => own.includes(x) || at(x).every((k) => k < clause[verbAt]! || tellsNot(k)))) slots.apps = own;
      }
      if (slots.apps.length > 1) {
        const names = slots.apps.map((x) => x.name);
        return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` : une app à la fois, laquelle ? ${names.join(' ou ')}` : `\`${command.name}\` takes one app at a time: which one, ${names.join(' or ')}?`, options: names, template: templateFor(command, args, a.name) } };
      }
      if (slots.apps.length === 1) {
        args[a.name] = slots.apps[0]!.name;
        if (slots.apps[0]!.guessed) guessedApp = slots.apps[0]!.name;
      } else if ((a.type === 'minion-or-summoner' || a.type === 'backup-subject') && saysSummoner(raw)) args[a.name] = 'summoner';
      else if (m === 'app-or-all' && slots.all) args[a.name] = 'all';
      else if (previous?.ok && slots.pronoun) {
        const prevApp = previous.command.args.find((x) => meaningOf(x).startsWith('app'));
        const v = prevApp ? previous.args[prevApp.name] : undefined;
        if (typeof v === 'string' && v !== 'all') {
          args[a.name] = v;
          confidence = Math.min(confidence, 0.9);
        }
      }
    } else if (m === 'date' && slots.date) args[a.name] = slots.date;
    // (« monte postgres en 16 sur nextcloud », "upgrade nextcloud's php to 8.3": another program's version, which the app's
    // command does not set)
    else if (m === 'version' && slots.version && slots.versionOf) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `${slots.version} est une version de ${slots.versionOf}, pas de l'app : \`${command.name}\` prend la version de l'app (\`versions <app>\`).` : `${slots.version} is a version of ${slots.versionOf}, not of the app: \`${command.name}\` takes the app's version (\`versions <app>\`).`, options: [] } };
    else if (m === 'version' && slots.version) args[a.name] = slots.version;
    else if (m === 'version' && slots.numberAfterApp && !command.args.some((x) => meaningOf(x) === 'count')) args[a.name] = slots.numberAfterApp;
    // ("the last 2 hours of ghost logs", "gitlab logs since 9am": a span of time where a count of lines is taken; with a
    // count said too, "502s since 2am, give me its logs, last 200 lines", the span is when the trouble began)
    // ("history for the past 3 days": the history's span is no count of its lines, and it is shown as it is)
    else if (m === 'count' && slots.span && slots.count === undefined && command.name === 'history' && slots.spanAt !== undefined && DAYS_SPAN.has(words[slots.spanAt + 1]?.text ?? '')) continue;
    else if (m === 'count' && slots.span && slots.count === undefined && !spanToldApart(slots.spanAt)) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` compte des lignes, pas une durée : combien de lignes ?` : `\`${command.name}\` counts lines, not a span of time: how many lines?`, options: [] } };
    // ("scale gitlab to fifty", « passe gitlab à cinquante instances »: more than the command takes is asked, never
    // read as a request to refuse or to cut down)
    // (a count read on its unit alone, in a sentence that says how things are: count-told.ts)
    else if (m === 'count' && slots.count !== undefined && top.pairs.every(([pw]) => RUN_UNITS.has(pw)) && statesCount(words)) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` ? Je lis un état, pas une demande : dites la commande exacte (\`help ${command.name}\`).` : `\`${command.name}\`? I read how things are, not a request: say the exact command (\`help ${command.name}\`).`, options: [] } };
    else if (m === 'count' && slots.rough) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` : combien exactement ?` : `\`${command.name}\`: how many exactly?`, options: [] } };
    else if (m === 'count' && slots.count !== undefined && a.max !== undefined && (slots.count > a.max || slots.count < 1)) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` prend de 1 à ${a.max}, pas ${slots.count} : combien ?` : `\`${command.name}\` takes 1 to ${a.max}, not ${slots.count}: how many?`, options: [] } };
    else if (m === 'count' && slots.count !== undefined) args[a.name] = slots.count;
    else if (m === 'command') {
      // the command asked about is said on words of its own, not on the help phrase's ("tu sais faire")
      // (nor on the help phrase's own words: "how does backup work" is not verify's "backup works")
      // (by its score as read, before a tie-break lowered it: "the docs link for verify is broken, show me help for verify")
      const other = ranked.find((h) => h.phrase.command !== command && h.phrase.command !== help && (best.get(h.phrase.command)?.score ?? h.score) >= 1 && h.used.some((i) => !top.used.includes(i)) && h.used.every((i) => !top.used.includes(i) || words[i]!.stop));
      if (other && command === help) args[a.name] = other.phrase.command.name;
      // ("the docs link for verify is broken (…), show me help for verify": a command's name said after the help word)
      else if (command === help) args[a.name] = words.find((w, i) => i > Math.max(...top.used) && w.text !== help.name && o.grammar.commands.some((c) => c.name === w.text))?.text;
    }
    if ((a.required || top.phrase.needs?.includes(a.name)) && args[a.name] === undefined) {
      // a question about a summoned app offers the summoned ones (`logs`: ghost or gitlab?), not the catalog's first
      const ofSummoned = m.startsWith('app') && a.of === 'summoned';
      const pool = ofSummoned && o.summoned ? [...o.summoned].sort() : [...apps];
      // ("restart the kanban", « sauvegarde le drive »: an app called by what it is for is offered, never acted on; described-app.ts)
      const byPurpose = m.startsWith('app') && o.described ? describedApps(words, top.used, pool, o.described()) : undefined;
      if (byPurpose) {
        const [w, list] = [byPurpose.word, byPurpose.apps];
        const guess = lang === 'fr' ? `« ${w} » fait penser à ${list.join(' ou ')}` : `"${w}" sounds like ${list.join(' or ')}`;
        return { kind: 'ask', lang, command, question: { text: `\`${command.name}\`${lang === 'fr' ? ` : ${ASKED_FOR.app!.fr} ? ${guess}` : `: ${ASKED_FOR.app!.en}? ${guess}`}`, options: list, template: templateFor(command, args, a.name) } };
      }
      const options = !m.startsWith('app') ? [] : pool.slice(0, 6);
      // (the value asked for in the user's language, not the argument's identifier: « `outbox` : which ? » before)
      const noun = (m.startsWith('app') ? ASKED_FOR.app : ASKED_FOR[m])?.[lang] ?? a.name;
      const none = ofSummoned && o.summoned?.length === 0 ? (lang === 'fr' ? ' (aucune app invoquée ici pour l’instant : `list` montre le catalogue)' : ' (no app is summoned here yet: `list` shows the catalog)') : '';
      return {
        kind: 'ask',
        lang,
        command,
        question: { text: `\`${command.name}\`${lang === 'fr' ? ` : ${noun} ?` : `: ${noun}?`}${options.length ? ` ${options.join(', ')}` : none}`, options, template: templateFor(command, args, a.name), ...(ofSummoned && !o.summoned ? { needs: 'summoned' as const } : {}) },
      };
    }
  }
  const flags = new Set<string>();
  // (not a flag read on one word in a clause apart from the request's that tells the trouble: "restore gitlab from last
  // friday please, the repository was corrupted after a force push" is no --force; ", data included" reads on two)
  const flagHere = (ph: string) => {
    const h = flagHit(command, ph, words, t);
    return h !== undefined && !(h.used.length === 1 && told.has(clause[h.used[0]!]!) && clause[h.used[0]!] !== clause[verbAt]);
  };
  for (const f of command.flags ?? []) if (flagTyped(f.name, words) || [f.name, ...(f.phrases ?? [])].some(flagHere)) flags.add(f.name);
  // ("take wekan down for good but keep its data", « … mais garde ses données »: the data said kept, anywhere, wins over a
  // flag that deletes it, whatever other phrase of the flag was said: the safe reading, confirmed as every destructive one)
  const keptData = words.some((w, i) => KEEP_WORDS.has(w.text) && !NEGATIONS.has(w.text) && words.slice(i + 1, i + 4).some((x) => DATA_WORDS.has(x.text))) || words.some((w, i) => DATA_WORDS.has(w.text) && ['stays', 'stay', 'remains', 'reste', 'restent'].includes(words[i + 1]?.text ?? ''));
  if (keptData) for (const f of command.flags ?? []) if ((f.phrases ?? []).some((ph) => flagPhrase(ph).some((w) => DATA_WORDS.has(w)))) flags.delete(f.name);
  // "erase the ghost with all the data": a destructive command whose flag deletes data, said with a word for data
  // that no phrase of the flag read (nor "keep"), is asked, never run without the flag nor with it
  // ("remove the photo app (immich) and all the photos": "all" of something the app holds is its data too)
  const allOfIt = words.some((w, i) => {
    const k = words[i + 1]?.text === 'of' ? i + 1 : i; // ("all of its stuff")
    return i > verbAt && ['all', 'tous', 'toutes', 'tout'].includes(w.text) && ['its', 'the', 'their', 'ses', 'les', 'leurs'].includes(words[k + 1]?.text ?? '') && !!words[k + 2] && !words[k + 2]!.stop && !appSet.has(words[k + 2]!.text);
  });
  if (command.destructive && flags.size === 0 && words.some((w) => DATA_WORDS.has(w.text) || allOfIt) && !words.some((w) => KEEP_WORDS.has(w.text)) && (command.flags ?? []).some((f) => (f.phrases ?? []).some((ph) => flagPhrase(ph).some((w) => DATA_WORDS.has(w))))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `et ses données ? \`${command.name} … --purge\` les efface, sans \`--purge\` elles sont gardées : dites la commande exacte.` : `and its data? \`${command.name} … --purge\` deletes it, without \`--purge\` it is kept: say the exact command.`, options: [] } };
  }
  // "the client deleted posts this morning. Please restore ghost from yesterday": of two days said, one in a clause
  // that tells what happened dates that event; the backup is the one said in the request's own clause
  const dateSlot = command.args.find((a) => meaningOf(a) === 'date');
  if (dateSlot && args[dateSlot.name] !== undefined) {
    const first = dateIn(words, now);
    const again = first ? findDate(words.map((w, i) => (first.used.includes(i) ? '' : w.text)), now) : undefined;
    const inRequest = (d: NonNullable<typeof first>) => d.used.every((i) => clause[i] === clause[verbAt]);
    const inTold = (d: NonNullable<typeof first>) => d.used.every((i) => told.has(clause[i]!) && clause[i] !== clause[verbAt]);
    if (first && again && !again.vague && !first.vague) {
      if (inRequest(again) && inTold(first)) args[dateSlot.name] = again.value;
      else if (inRequest(first) && inTold(again)) args[dateSlot.name] = first.value;
    }
  }
  // "the bakery site is broken since this morning, restore ghost please", « cassé depuis ce matin, restaure ghost »: the
  // one day said, after "since" in a clause that is not the request's (or before it), is when the trouble began; a backup of that day
  // may hold it: which backup is asked, never that day's read ("restaure gitlab depuis hier" says it in the request)
  if (dateSlot && command.destructive && args[dateSlot.name] !== undefined && typeof args.app === 'string') {
    const d = dateIn(words, now);
    // (or said before the request, in a message typed without commas: « … bizarres depuis ce matin les gens voient … tu
    // peux le restaurer »)
    if (d && d.value === args[dateSlot.name] && (d.used.every((i) => clause[i] !== clause[verbAt]) || Math.max(...d.used) < verbAt) && FROM_WHEN.has(words[Math.min(...d.used) - 1]?.text ?? '')) {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde ? ${args.app} va mal depuis ${d.value} : une d'avant (une date, ou un nom de fichier de \`backups ${args.app}\`)` : `which backup? ${args.app} has been in trouble since ${d.value}: one from before (a date, or a file name from \`backups ${args.app}\`)`, options: [], template: `${command.name} ${args.app} {}` } };
    }
  }
  const p = build(command, args, flags, o.grammar);
  if (!p) return unknown(words, t, lang);
  // ("reload mattermost", « recharge mattermost »: words people use for several things, a restart, a page reload
  // in the browser; the table's reading is proposed, never run on them alone)
  if (command.sideEffects && top.pairs.length > 0 && top.pairs.every(([pw]) => LOOSE_VERBS.has(pw))) return didYouMean(p, lang);
  // a destructive reading said with a word that cancels ("annule l'upgrade", "cancel the update") that its own
  // phrase does not hold is the opposite request, or another one: asked, never proposed
  // ("le projet est annulé : supprime static": a cancel told, typed as a participle or in a clause that tells, is a reason)
  if (command.destructive && words.some((w, i) => CANCEL_WORDS.has(w.text) && !top.used.includes(i) && !w.participle && !(told.has(clause[i]!) && clause[i] !== clause[verbAt]))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne suis pas sûr : \`${command.name}\`, ou annuler autre chose ? Dites la commande exacte (\`help\`).` : `I'm not sure: \`${command.name}\`, or undo something else? Say the exact command (\`help\`).`, options: [] } };
  }
  // "remets wekan comme avant la mise à jour", "bring wekan back to how it was before the upgrade": the app as it was
  // before its update, no backup named, is what `rollback` puts back (confirmed like any destructive reading)
  const rollback = o.grammar.commands.find((c) => c.name === 'rollback');
  // (a day that names the update, "before yesterday's update", is no backup's: `when` read from it does not hold)
  const asRollback = (command.name === 'restore' || command.name === 'summon') && rollback && typeof args.app === 'string' && (!command.args.some((a) => meaningOf(a) === 'date' && args[a.name] !== undefined) || datesTheUpdate(words, dateIn(words, now))) && !words.some((w) => BACKUP_NOUNS.has(w.text)) && words.some((w) => AS_IT_WAS.has(w.text)) && beforeTheUpdate(words) ? build(rollback, { app: args.app }, new Set(), o.grammar) : undefined;
  // "make sure yesterday's backup of gitlab restores fine", « que la sauvegarde d'hier se restaure bien »: a backup that
  // restores is the subject of the verb, not its object: whether it would restore is what `verify` checks
  const verifyCmd = o.grammar.commands.find((c) => c.name === 'verify');
  const backupRestores = command.name === 'restore' && verifyCmd && typeof args.app === 'string' && (words[verbAt - 1]?.text === 'se' || /^restores$/.test(words[verbAt]?.text ?? '')) && words.some((w, i) => i < verbAt && clause[i] === clause[verbAt] && BACKUP_NOUNS.has(w.text));
  if (backupRestores) {
    const v = build(verifyCmd, { app: args.app, when: args.when }, new Set(), o.grammar);
    // (run when asked for, "make sure…", « je voudrais… »; else proposed)
    if (v) return words.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text)) && !text.includes('?') ? finish(v, 0.9, lang, 'phrase') : didYouMean(v, lang, verifyCmd);
  }
  // "bring ghost back to 30 November", "put wekan back how it was on monday": an app brought back to a day is its data
  // put back from that day's backup (`summon` takes no day), confirmed like any restore
  const restoreCmd = o.grammar.commands.find((c) => c.name === 'restore');
  const toTheDay = !asRollback && command.name === 'summon' && restoreCmd && typeof args.app === 'string' && slots.date !== undefined && !slots.future && !slots.vague && words.some((w) => ['back', 'comme', 'redevienne', 'redevenir'].includes(w.text)) ? build(restoreCmd, { app: args.app, when: slots.date }, new Set(), o.grammar) : undefined;
  if (toTheDay) return finish(toTheDay, Math.min(confidence, 0.9), lang, 'phrase');
  // ("restore ghost from the backup before yesterday's update": the day names the update; the backup before it is asked)
  if (!asRollback && command.sideEffects && args.app !== undefined && dateArg0(command, args) && datesTheUpdate(words, dateIn(words, now))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde d'avant la mise à jour ? une date (2026-11-28) ou un nom de fichier de \`backups ${args.app}\`` : `which backup from before the update? a date (2026-11-28) or a file name from \`backups ${args.app}\``, options: [], template: `${command.name} ${args.app} {}` } };
  }
  // "restore ghost from the backup before the update": a backup pointed at by a moment not read as a date
  // is not the latest one; asked, with where to find the file names (so is one said with a day or a month
  // the date reader could not place: "restore ghost to december the first")
  // ("restore wordpress to the previous backup", « l'avant-dernière sauvegarde »: nor is a backup ranked back from the
  // latest, no day read; backup-rank.ts)
  const dayLeftUnread = !asRollback && command.sideEffects && args.app !== undefined && command.args.some((a) => meaningOf(a) === 'date') && !command.args.some((a) => meaningOf(a) === 'date' && args[a.name] !== undefined);
  // (a rank said beside a day or "most recent" read too, "the second most recent", "from before monday": still asked)
  const rankedBack = !asRollback && typeof args.app === 'string' && command.args.some((a) => meaningOf(a) === 'date') && ranksBackBackup(words);
  if (rankedBack || (dayLeftUnread && (words.some((w, i) => (TIME_CUES.has(w.text) && (command.destructive || !EVENT_CUES.has(w.text))) || CLOCK_TIME.test(w.text) || (isDayWord(w.text) && !top.used.includes(i))) || ranksBackBackup(words)))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde ? une date (2026-11-28, hier) ou un nom de fichier de \`backups ${args.app}\`` : `which backup? a date (2026-11-28, yesterday) or a file name from \`backups ${args.app}\``, options: [], template: `${command.name} ${args.app} {}` } };
  }
  // ("update gitlab to the previous minor", « rétrograde mattermost à la version mineure d'avant »: a release named by
  // its rank, which neither the update's latest nor the rollback's version before the last update is sure to be)
  if ((command.name === 'rollback' || command.name === 'update') && RELEASE_RANK.test(normalise(text))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle version ? \`versions ${args.app ?? '<app>'}\` les liste, puis \`update ${args.app ?? '<app>'} <version>\`` : `which version? \`versions ${args.app ?? '<app>'}\` lists them, then \`update ${args.app ?? '<app>'} <version>\``, options: [] } };
  }
  // (« …, les données on les garde », "… but keep the data": the data kept said beside a purge read; « supprime static et
  // ses données, les sauvegardes on les garde », « rase static mais garde les sauvegardes »: the backups kept, beside a
  // prune or a backup read on their word; which is meant is asked)
  // (not kept, "the old backups that we don't keep", « que la rétention ne garde pas », is what a prune removes)
  const kept = (re: RegExp) => {
    const plain = normalise(text);
    const m = re.exec(plain);
    return m !== null && !/\b(?:not|pas|plus|dont|doesnt|ne|n|no|never|jamais)\b|n['’]t\b/u.test(plain.slice(m.index, m.index + m[0].length + 8));
  };
  if ((flags.has('purge') && kept(KEEPS_DATA)) || ((command.name === 'prune' || command.name === 'backup') && kept(KEEPS_BACKUPS))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne suis pas sûr de ce qui doit rester : dites la commande exacte (\`help dismiss\`, \`help prune\`).` : `I'm not sure what should stay: say the exact command (\`help dismiss\`, \`help prune\`).`, options: [] } };
  }
  // (« relance la 3 ou la 4, celle qui vient de gitlab », "retry the 3, the one from gitlab": a numbered item, a dead
  // letter, not the app named after it)
  if (command.name === 'restart' && ['la', 'le', 'the', 'number', 'numero', 'no'].includes(words[verbAt + 1]?.text ?? '') && /^\d{1,6}$/.test(words[verbAt + 2]?.text ?? '')) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `la ${words[verbAt + 2]!.text} : une lettre morte ? \`outbox retry ${words[verbAt + 2]!.text}\` la renvoie ; une app se redémarre par son nom` : `number ${words[verbAt + 2]!.text}: a dead letter? \`outbox retry ${words[verbAt + 2]!.text}\` sends it again; an app restarts by its name`, options: [] } };
  }
  // ("roll nextcloud back to before they got in", « reviens avant l'intrusion »: back to before an event that is no
  // update, which `rollback` does not know; a day's state is a restore's)
  if (command.name === 'rollback' && !beforeTheUpdate(words) && BEFORE_EVENT.test(normalise(text))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`rollback\` revient à avant la dernière mise à jour ; l'état d'un jour, c'est \`restore ${args.app ?? '<app>'} <date>\` (\`backups ${args.app ?? '<app>'}\`)` : `\`rollback\` goes back to before the last update; a day's state is \`restore ${args.app ?? '<app>'} <date>\` (see \`backups ${args.app ?? '<app>'}\`)`, options: [] } };
  }
  // ("install the previous version of ghost": an older version named with no verb of going back; version-only.ts)
  if (command.name === 'rollback' && olderVersionOnly(text)) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle version ? \`rollback ${args.app ?? ''}\` revient à celle d'avant la dernière mise à jour ; une autre, c'est \`update … <version>\` (\`versions\`)` : `which version? \`rollback ${args.app ?? ''}\` goes back to the one before the last update; another is \`update … <version>\` (see \`versions\`)`, options: [] } };
  }
  // "update wordpress to version six and a half": a version named but not read is not the latest one; asked
  const versionArg = command.args.find((a) => meaningOf(a) === 'version');
  if (command.destructive && versionArg && args[versionArg.name] === undefined) {
    // (the word right after the cue: "to the latest version, please" names the default)
    const cue = words.findIndex((w) => ['version', 'release', 'tag'].includes(w.text));
    const next = cue >= 0 ? words.slice(cue + 1).find((w) => !w.stop || /^\d/.test(w.text)) : undefined;
    const unread = next && !appSet.has(next.text) && !DEFAULT_VERSION.has(next.text) && !REQUEST_WORDS.has(next.text) ? next : undefined;
    if (unread) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne sais pas lire \`${unread.text}\` comme une version : laquelle ? (\`versions ${args.app ?? ''}\`)` : `I can't read \`${unread.text}\` as a version: which one? (see \`versions ${args.app ?? ''}\`)`, options: [] } };
  }
  // ("mets wekan en lecture seule", "passe ghost en maintenance", "move wekan to the new server": a phrase read on a
  // light verb alone, "mets en", "passe en", "move to", is an update only with a version said; else asked)
  if (command.destructive && versionArg && args[versionArg.name] === undefined && top.pairs.every(([pw]) => LIGHT_VERBS.has(pw)) && !words.some((w) => VERSION_SAID.has(w.text))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne lis pas de version : \`${command.name}\` ? Dites la commande exacte (\`help ${command.name}\`).` : `I read no version: \`${command.name}\`? Say the exact command (\`help ${command.name}\`).`, options: [] } };
  }
  // "restaurer nextcloud à partir d'une sauvegarde de la semaine dernière": one backup (an indefinite one) of a week
  // is any of its days, not the day a week ago
  if (command.destructive && dateArg0(command, args) && words.some((w) => SPAN_WORDS.has(w.text)) && words.some((w, i) => ['a', 'an', 'une', 'one'].includes(w.text) && BACKUP_NOUNS.has(words[i + 1]?.text ?? ''))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde de cette période ? une date (2026-11-28, hier) ou \`backups\`` : `which backup of that span? a date (2026-11-28, yesterday), or see \`backups\``, options: [] } };
  }
  // ("verify one of wordpress's backups from last week", "…, whichever is good": one of several, not the day read)
  if (command.sideEffects && command.args.some((a) => meaningOf(a) === 'date') && leavesBackupOpen(words)) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `laquelle des sauvegardes ? une date (2026-11-28, hier) ou \`backups\`` : `which of the backups? a date (2026-11-28, yesterday), or see \`backups\``, options: [] } };
  }
  // "restore nextcloud from 12/01": day first in French and most of Europe, month first in American English; in an
  // English sentence both days are offered
  const dateArg = command.args.find((a) => meaningOf(a) === 'date');
  if (dateArg && slots.monthFirst && args[dateArg.name] === slots.date && lang === 'en') {
    const both = [slots.date!, slots.monthFirst];
    return { kind: 'ask', lang, command, question: { text: `which day: ${both.join(' or ')}?`, options: both.map((d) => `${command.name} ${args.app} ${d}`) } };
  }
  // ("restore wekan from last tuesday's backup" on a Wednesday: yesterday, or the Tuesday before; both offered)
  if (dateArg && slots.weekBefore && args[dateArg.name] === slots.date && command.sideEffects) {
    const both = [slots.date!, slots.weekBefore];
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quel jour : ${both[0]} (hier) ou ${both[1]} ?` : `which day: ${both[0]} (yesterday) or ${both[1]}?`, options: both.map((d) => `${command.name} ${args.app} ${d}`) } };
  }
  // "restore next cloud from yesterday, no wait, from monday": two days said for one backup are asked about
  if (command.destructive && dateArg && args[dateArg.name] !== undefined) {
    const first = dateIn(words, now);
    const again = first ? findDate(words.map((w, i) => (first.used.includes(i) ? '' : w.text)), now) : undefined;
    const settled = [first, again].some((d) => d && d.value === args[dateArg.name] && d.used.every((i) => clause[i] === clause[verbAt])) && [first, again].some((d) => d && d.used.every((i) => told.has(clause[i]!) && clause[i] !== clause[verbAt]));
    if (again && !settled && !again.vague && again.value !== first!.value && again.value !== 'latest' && first!.value !== 'latest') {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde : ${first!.value} ou ${again.value} ?` : `which backup: ${first!.value} or ${again.value}?`, options: [`${command.name} ${args.app} ${first!.value}`, `${command.name} ${args.app} ${again.value}`] } };
    }
  }
  // "restore wekan from yday", "verify ghost from 28.11": a reading that acts, takes a date and read none never drops
  // the word said after "from" (a date it cannot read): the latest backup is not what was asked for
  if (command.sideEffects && args.app !== undefined && command.args.some((a) => meaningOf(a) === 'date' && args[a.name] === undefined)) {
    // (for a command that is not destructive, only a word with digits: "vérifie la sauvegarde de nexcloud" names an app)
    // ("from last blah": a word after "from last" too)
    const afterFrom = (i: number) => FROM.has(words[i - 1]!.text) || (i > 1 && ['last', 'this'].includes(words[i - 1]!.text) && FROM.has(words[i - 2]!.text));
    const unreadDate = words.find((w, i) => i > 0 && afterFrom(i) && !top.used.includes(i) && !w.stop && !t.known.has(w.text) && !appSet.has(w.text) && (command.destructive || /\d/.test(w.text)));
    if (unreadDate) return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `je ne sais pas lire \`${unreadDate.text}\` comme une date : 2026-11-28, hier ou vendredi dernier ?` : `I can't read \`${unreadDate.text}\` as a date: 2026-11-28, yesterday or last friday?`, options: [] } };
  }
  // a destructive reading never drops a number it could not place ("restore wekan from the 28th" is not
  // `restore wekan`, the latest): it asks for the value in a form it reads
  if (command.destructive) {
    // (a number in a clause that tells the trouble, once the request names its day: « restaure wekan d'avant-hier svp,
    // le tableau du cabinet 2 est vide », "the 2027 reminders board vanished…, restore nextcloud from last night")
    // (or for a command that takes no date, version or count at all: "remove static and delete all its data, the 2024
    // election microsite is done")
    const dayNamed = command.args.some((a) => meaningOf(a) === 'date' && typeof args[a.name] === 'string') || !command.args.some((a) => ['date', 'version', 'count'].includes(meaningOf(a)));
    const numberInStory = (i: number) => dayNamed && clause[i] !== clause[verbAt] && told.has(clause[i]!) && !words.some((w, k) => clause[k] === clause[i] && BACKUP_NAMES.has(w.text));
    const dateUsed = new Set(findDate(words.map((w, i) => (top.used.includes(i) ? '' : w.text)), now)?.used ?? []);
    const values = new Set(Object.values(args).map((v) => String(v).toLowerCase()));
    // (a link, a path or an error pasted in quotes is what the message shows, no value of the command:
    // "the board is gone (https://wekan.example.org/b/abc123), restore wekan from yesterday")
    const quoted = quotedWords(text, words.length);
    // (nor a word of Arabic chat spelled with a digit for a letter, "3afak" (please), "sa7bi": no value either)
    // (nor the version an app runs, told in the story: "wekan 7.63 is eating cards, go back…"; version-told.ts)
    const takesVersion = command.args.some((a) => meaningOf(a) === 'version');
    const versionSaid = (i: number) => versionTold(words, i, clause, verbAt, (w) => appSet.has(w), takesVersion, command.args.some((a) => meaningOf(a) === 'date'));
    // (nor a clock time told in a clause of the story that names no backup: "…, the sync client deleted half of the
    // folder at 04h", « le thème est brisé depuis 5 h, restaure… »; « celle de 1 h » names one, and is asked)
    const clockTold = (i: number) => clause[i] !== clause[verbAt] && (CLOCK_WORD.test(words[i]!.text) || (/^\d{1,2}$/.test(words[i]!.text) && CLOCK_AFTER.has(words[i + 1]?.text ?? ''))) && !words.some((w, k) => clause[k] === clause[i] && BACKUP_NAMES.has(w.text));
    // (nor a day told in the story after a request that names its own: "ghost: restore → the 28th. theme broke on the
    // 29th"; day-told.ts)
    const storyDay = (i: number) => typeof args.when === 'string' && dayTold(words, i, clause, verbAt, dateUsed, pastWord, (w) => BACKUP_NAMES.has(w));
    // ("restore wekan, someone archived the board on the 29th": the only day said is when things went wrong, told in a
    // clause of the story after the request, naming no backup; that day's backup or the one before is asked)
    const inStory = (k: number) => clause[k]! > clause[verbAt]! && words.some((w, j) => clause[j] === clause[k] && pastWord(w) && SUBJECTS_TOLD.has(words[j - 1]?.text ?? '')) && !words.some((w, j) => clause[j] === clause[k] && BACKUP_NAMES.has(w.text));
    if (command.destructive && typeof args.when === 'string' && dateUsed.size > 0 && [...dateUsed].every(inStory)) {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `quelle sauvegarde ? ${args.when} est le jour de l'incident que vous racontez : celle de ce jour-là, ou une d'avant (\`backups ${args.app ?? ''}\`) ?` : `which backup? ${args.when} is the day of what you tell: that day's, or one from before (see \`backups ${args.app ?? ''}\`)?`, options: [], template: `${command.name} ${args.app ?? ''} {}` } };
    }
    // (« celle de 2h d'hier », "yesterday's 2am one": the hour of a backup whose day is read names that day's backup)
    const hourOfDay = (i: number) => typeof args.when === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(args.when) && CLOCK_WORD.test(words[i]!.text) && ['de', 'of', 'from', 'the'].includes(words[i - 1]?.text ?? '');
    const unread = words.find((w, i) => /\d/.test(w.text) && !dateUsed.has(i) && !values.has(w.text) && !/[/:@]/.test(w.text) && !quoted?.[i] && !ARABIZI.test(w.text) && !versionSaid(i) && !clockTold(i) && !storyDay(i) && !numberInStory(i) && !hourOfDay(i) && w.text !== slots.versionFrom);
    if (unread) {
      const when = command.args.some((a) => meaningOf(a) === 'date');
      return {
        kind: 'ask',
        lang,
        command,
        question: {
          text: lang === 'fr' ? `je ne sais pas lire \`${unread.text}\` ici : ${when ? 'une date comme 2026-11-28, hier ou vendredi dernier ?' : 'précisez la valeur'}` : `I can't read \`${unread.text}\` here: ${when ? 'a date such as 2026-11-28, yesterday or last friday?' : 'which value did you mean?'}`,
          options: [],
        },
      };
    }
  }
  // "should I dismiss ghost?" asks for advice; "stop ghost", "arrête ghost" may mean less than removing it:
  // a command with side effects is offered as a question, never run on such a reading
  // ("arrête et enlève ghost": another phrase of the command on a verb that is not soft says what is meant)
  // (a wiping verb with the data said, « efface tout », "wipe its data", is firm: the flag it reads is what it means)
  const firm = [...hits].some(([p, h]) => p.command === command && h.confidence >= 0.9 && p.words.some((w) => !STOPWORDS.has(w) && !SOFT_VERBS.has(w) && (!WIPE_VERBS.has(w) || flags.size > 0)));
  // ("kill the registry, we're done with it", "arrête wekan, le projet est fini": a soft verb said with, in a clause
  // of its own, that the app is no longer needed is the removal)
  const doneWith = reasons.size > 0 || words.some((w, i) => clause[i] !== clause[verbAt] && ((w.text === 'done' && words[i + 1]?.text === 'with') || ['fini', 'finie', 'termine', 'terminee', 'finished', 'over', 'obsolete', 'dead'].includes(w.text)));
  const soft = command.destructive && top.phrase.words.every((w) => STOPWORDS.has(w) || SOFT_VERBS.has(w) || (WIPE_VERBS.has(w) && flags.size === 0)) && !firm && !doneWith;
  // "droppe la lettre morte 12": ids said to a reading that only lists (its action unread) ask which action, never
  // list and drop the ids said
  const idsArg = command.args.find((a) => meaningOf(a) === 'ids');
  const actionArg = command.args.find((a) => a.values && !a.required);
  if (idsArg && actionArg && args[actionArg.name] === undefined) {
    const ids = idsSaid(words, t.known, now, new Set(quotedNumbers), false);
    if (ids && ids !== 'all') {
      const options = actionArg.values!.map((v) => `${command.name} ${v} ${ids}`);
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `que faire de ${ids} : ${options.map((x) => `\`${x}\``).join(' ou ')} ?` : `what should I do with ${ids}: ${options.map((x) => `\`${x}\``).join(' or ')}?`, options } };
    }
  }
  // "restart wekan?", "redémarrer wekan ?": the command alone, asked, is a question about doing it
  // "la sauvegarde d'hier de gitlab est restaurable ?": a destructive reading in a question asked of no one
  // ("Supprimer ghost ? Non peut-être !": the "?" ends the clause of the verb, whatever follows)
  const asksAt = text.indexOf('?') >= 0 ? sentenceWords(text.slice(0, text.indexOf('?'))).length - 1 : -1;
  const destructiveAsked = command.destructive && (/\?\s*$/.test(text) || (asksAt >= verbAt && clause[asksAt] === clause[verbAt])) && !words.some((w) => POLITE_ASK.has(w.text));
  // ("lettres mortes ?": a command whose action is left unsaid only lists, and a question asks to see the list)
  const listsOnly = command.args.some((a) => a.values && !a.required && args[a.name] === undefined);
  // ("restart wekan? no, let's wait": the command alone, asked, then more said after the "?": asked too)
  // (answered "no" by the user: "restart wekan? no, let's wait", "redémarrer wekan ? non, finalement")
  const answered = [...text.matchAll(/\?/gu)].some((m) => sentenceWords(text.slice(0, m.index)).length - 1 >= verbAt && /^\s*(?:no|non|nope|nah|never ?mind|wait|attends|finalement|laisse tomber|forget it)\b/iu.test(text.slice(m.index + 1)));
  const askedFirst = command.sideEffects && answered;
  const bareQuestion = destructiveAsked || askedFirst || (/\?\s*$/.test(text) && verbAt === 0 && !listsOnly && !words.some((w) => REQUEST_WORDS.has(w.text) && w.text !== words[verbAt]?.text));
  // ("on pourrait passer wekan à 5 tâches ?", "can we scale wekan?": whether to, asked; "can we get a backup …?" asks for it)
  const whetherTo = asksWhether(words) && text.includes('?') && !GETS.has(words[['maybe', 'perhaps', 'peut-etre'].includes(words[0]?.text ?? '') ? 1 : 2]?.text ?? '');
  if (command.sideEffects && (asksAdvice(words, text) || soft || bareQuestion || whetherTo || (command.destructive && (asksWhether(words) || isQuestion(words, text))))) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `vouliez-vous dire \`${p.canonical}\` ?` : `did you mean \`${p.canonical}\`?`, options: [p.canonical] } };
  }
  // a command word read by a near-miss: a destructive command is asked ("retsore wekan"); one with side
  // effects too when the word was two edits away ("répond" is not "reload")
  const loose = top.pairs.find(([pw, i, sc]) => sc < 1 && (sc <= 0.8 || (words[i]!.text.length < pw.length && pw.startsWith(words[i]!.text))) && SYNONYMS.get(words[i]!.text) !== pw);
  if (loose && command.sideEffects && (command.destructive || edits(words[loose[1]]!.text, loose[0]) >= 2)) return didYouMean(p, lang, command);
  if (guessedApp) {
    if (command.destructive) {
      return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `vouliez-vous dire \`${p.canonical}\` ?` : `did you mean \`${p.canonical}\`?`, options: [p.canonical] } };
    }
    confidence = Math.min(confidence, 0.6);
  }
  // a reading that would act, with no sign that the message asks for it, is offered, never run (asked-for.ts)
  if (command.sideEffects) {
    const dateAt = new Set(dateIn(words, now)?.used ?? []);
    const readBy = new Set([...top.used, ...flagged]);
    for (const [ph, h] of hits) if (ph.command === command) for (const i of h.used) readBy.add(i);
    const own = (i: number) => readBy.has(i) || dateAt.has(i) || appSet.has(words[i]!.text) || /\d/.test(words[i]!.text) || isAllWord(words[i]!.text, t.known);
    // ("is the wekan backup ok?", "la sauvegarde d'hier est-elle bonne ?": whether a thing holds, asked of what only checks)
    // (a state said of it, "ok", "usable", "bonne": "which are the saves of nextcloud?" asks no check, nor a backup)
    const checksState = !command.destructive && /\?\s*$/.test(text) && words.some((w, i) => clause[i] === clause[verbAt] && (COPULAS.has(w.text) || /-(elle|il)$/.test(w.text))) && words.some((w) => STATES.has(w.text));
    // (a form that only shows, `minion show`: "what does the wordpress minion look like")
    const shows = Object.values(top.phrase.fixed ?? {}).some((v) => v === 'show' || v === 'list');
    // (« ghost redémarre », typed « ghost redemarre »: an app, then a French verb as its subject's, tells what it does)
    // (not a noun, « nextcloud sauvegarde », « nextcloud → sauvegarde »: a request in two words)
    const toldOfApp = top.phrase.lang === 'fr' && words.length === 2 && /^\s*\S+\s+\S+\s*$/u.test(text) && appSet.has(words[0]!.text) && verbAt === 1 && /e$/.test(words[1]!.text) && !BACKUP_NOUNS.has(words[1]!.text);
    if (toldOfApp || (!listsOnly && !checksState && !shows && !asksForIt(words, verbAt, clause, (i) => readBy.has(i) && !flagged.has(i), own, /\?\s*$/.test(text), asksAt >= verbAt && clause[asksAt] === clause[verbAt]))) {
      return didYouMean(asRollback ?? p, lang, asRollback?.command ?? command);
    }
  }
  return finish(asRollback ?? p, confidence, lang, 'phrase');
}

/** Verbs that say an update only with a version after them ("mets ghost en 5.2", "passe wekan en 7.62", "move ghost to 5.120"). */
// (« actualiser » refreshes as often as it updates: « actualise le statut de ghost »)
const LIGHT_VERBS = new Set(['mets', 'met', 'mettre', 'mettez', 'passe', 'passer', 'passez', 'move', 'porte', 'porter', 'bring', 'put', 'actualise', 'actualiser', 'actualisez']);
/** Words that name a version, or the newest one, after such a verb ("passe ghost en dernière version", "move it to the latest"). */
const VERSION_SAID = new Set(['version', 'versions', 'release', 'tag', 'latest', 'newest', 'derniere', 'dernier', 'recente', 'jour', 'niveau', 'up-to-date', 'date', 'upgrade', 'update']);
/** Words after "version" that name the one the catalog pins, the default ("to the latest version", "la version du catalogue"). */
const DEFAULT_VERSION = new Set(['latest', 'newest', 'derniere', 'dernier', 'recente', 'please', 'pls', 'stp', 'svp', 'catalog', 'catalogue', 'default', 'defaut', 'pinned', 'recommended', 'recommandee', 'stable', 'usual', 'habituelle']);
/** Verbs of getting after "can we", "on peut": a request for the thing ("can we get a backup of wekan?"). */
const GETS = new Set(['get', 'have', 'avoir', 'voir', 'see', 'jeter', 'obtenir', 'recevoir']);
/** Words of a span of days ("last week", "la semaine dernière"). */
const SPAN_WORDS = new Set(['week', 'semaine', 'weekend', 'week-end', 'month', 'mois']);
/** Nouns for a backup ("a backup", "une sauvegarde", "a snapshot"). */
const BACKUP_NOUNS = new Set(['backup', 'sauvegarde', 'snapshot', 'dump', 'copie', 'copy']);
/** A word of Arabic chat: letters, one of 2 3 5 7 9 standing for a letter inside, at least two letters after it ("3afak", "sa7bi"). */
const ARABIZI = /^\p{L}*[23579]\p{L}{2,}$/u;
/** Words of the app "as it was" ("the way it was", "how it was", « comme avant », « comme il était »). */
const AS_IT_WAS = new Set(['was', 'were', 'comme', 'etait']);
/** "before they got in", "before the hack", « avant qu'ils entrent », « avant l'intrusion »: before an event, not an update. */
const BEFORE_EVENT = /\b(?:before|avant)\s+(?:they|we|someone|somebody|he|she|the\s+(?:hack|attack|intrusion|breach|incident|compromise|attackers?)|qu['’]?\s*(?:ils?|elles?|on)\b|l['’]?\s*(?:intrusion|attaque|incident)|le\s+piratage)/u;
/** A note kept for oneself ("note to self", "memo to self", « note pour moi », « pense-bête »). */
const NOTE_TO_SELF = /(?<!\p{L})(?:note|memo|reminder)\s+to\s+(?:self|myself)(?!\p{L})|\bnote\s+pour\s+moi\b|\bpense-b[eê]te\b/iu;
/** A word corrected after an asterisk ("… *wekan", "… *wekan thanks"), not bold ("**wekan**") nor italics ("*wekan*"). */
const CORRECTED_WORD = /(?:^|\s)\*(?!\*)[\p{L}][\p{L}\d-]*(?![^*\n]{0,40}\*)/u;
/** The whole app asked back by its verb and its name ("restore nextcloud from yesterday", « restaure wekan d'hier »). */
function wholeAppAsked(text: string, apps: readonly string[]): boolean {
  const m = /\b(?:restore|restaure[rz]?|roll\s*back|rollback|bring\s+back)\s+(?:the\s+whole\s+|all\s+of\s+|tout\s+)?@?([\p{L}][\p{L}\d-]*)/giu;
  return [...text.matchAll(m)].some((x) => apps.includes(x[1]!.toLowerCase()));
}
/** A thing said to be kept, by its nouns: "keep the data", « les données on les garde », « garde les sauvegardes ». */
function keptSaid(nouns: string): RegExp {
  const keep = String.raw`(?:garde|gardez|gardons|garder|keep|kept|conserve|conservez)`;
  return new RegExp(String.raw`\b(?:${nouns})\b[^,.;!?]*\b${keep}\b|\b(?:keep|garde|gardez|conserve|conservez)\s+(?:the\s+|its\s+|les\s+|ses\s+)?(?:${nouns})\b`, 'u');
}
/** The data said to be kept ("keep the data", « les données on les garde », « garde ses volumes »). */
const KEEPS_DATA = keptSaid('donnees|data|volumes?');
/** The backups said to be kept ("keep the backups", « les sauvegardes on les garde », « garde les sauvegardes »). */
const KEEPS_BACKUPS = keptSaid('sauvegardes|backups');
/** A release named by its rank or its channel ("the previous minor", « la version mineure d'avant », "the LTS", "5.x"). */
const RELEASE_RANK = /\b(?:previous|prior|last|older|earlier)\s+(?:minor|major|patch)\b|\b(?:mineure|majeure)\s+(?:d['’ ]\s*avant|precedente|anterieure)\b|\b(?:lts|esr)\b|\b\d+\.x\b/u;
/** Words that chain a second request ("…, then restart it", "… et redémarre mattermost"). */
const THEN_WORDS = new Set(['and', 'then', 'also', 'et', 'puis', 'ensuite', 'aussi', 'plus', 'apres', 'after']);
/** Words that may open a request's clause before its verb ("please restart", "stp redémarre", "can you back up…", "after that, prune…", « après ça, … »). */
const OPENING_FILLERS = new Set(['first', 'firstly', 'abord', 'd', 'premierement', 'can', 'could', 'would', 'you', 'u', 'tu', 'vous', 'peux', 'pouvez', 'pourrais', 'pourriez', 'please', 'pls', 'plz', 'stp', 'svp', 'then', 'also', 'puis', 'ensuite', 'aussi', 'and', 'et', 'now', 'maintenant', 'after', 'apres', 'next', 'finally', 'enfin']);
/** The app said as a pronoun before its verb (« puis le mettre à jour »). */
const CLITICS = new Set(['le', 'la', 'l', 'les', 'lui']);
/** Light verbs before a request's noun ("do a cleanup", « fais le ménage », « lance une sauvegarde »). */
const LIGHT_DO = new Set(['do', 'run', 'make', 'take', 'fais', 'faites', 'lance', 'lancez']);
const ARTICLES_BEFORE = new Set(['a', 'an', 'the', 'le', 'la', 'l', 'les', 'un', 'une', 'des']);
/** Words that open news ("FYI", "reminder", "petit rappel"). */
// (and what a calendar sends: "Invitation: maintenance window ghost — 22:00–23:00 — update ghost 5.118")
const NEWS = new Set(['fyi', 'btw', 'psa', 'reminder', 'rappel', 'invitation', 'til']);
/** Words before the backup a restore is from ("from yesterday", "d'hier", "du 28"). */
const FROM = new Set(['from', 'since', 'to', 'de', 'du', 'd', 'depuis', 'au']);
/** Words for an app's data, what it stores ("with all the data", "ses données", "the volumes", "and all its posts", "ses fichiers"). */
/**
 * The verbs that open each of a command's forms ("retry" of "retry dead letters"), four letters or more: the same on
 * every message, so found once per command (splitting a command's hundred phrases on each reading cost outbox
 * sentences a third of their time). A form's first word that is the command's own noun ("recipe would post for") is
 * no verb of it.
 */
type FormVerbs = { form: NonNullable<AnyCommand['forms']>[number]; verbs: string[] }[];
const formVerbs = new WeakMap<AnyCommand, FormVerbs>();
function formVerbsOf(command: AnyCommand): FormVerbs {
  const known = formVerbs.get(command);
  if (known) return known;
  const nouns = new Set([command.name, ...(command.phrases?.en ?? []), ...(command.phrases?.fr ?? [])].flatMap((ph) => sentenceWords(ph).map((w) => w.text)));
  const out = (command.forms ?? []).map((form) => ({
    form,
    verbs: [...new Set([...(form.phrases.en ?? []), ...(form.phrases.fr ?? [])].map((ph) => sentenceWords(ph)[0]?.text ?? ''))].filter((v) => v.length >= 4 && ![...nouns].some((n) => n === v || stemsOf(n)[0] === stemsOf(v)[0])),
  }));
  formVerbs.set(command, out);
  return out;
}
/** Words before a verb's word that make it a noun ("the launch", "big launch day", « le lancement »). */
const NOUN_BEFORE = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'big', 'this', 'le', 'la', 'un', 'une', 'notre', 'votre', 'leur', 'grand', 'grande', 'gros']);
/** Articles that open a subject before a verb ("the client launches", « le client lance »). */
const SUBJECT_ARTICLES = new Set(['the', 'our', 'their', 'le', 'la', 'les', 'notre', 'nos', 'leur', 'leurs']);
const DATA_WORDS = new Set(['data', 'donnees', 'volumes', 'volume', 'database', 'databases', 'db', 'bdd', 'posts', 'files', 'fichiers', 'documents', 'uploads', 'contenu', 'content', 'contents', 'articles']);
/** Words that say from when a state holds ("broken since this morning", « cassé depuis ce matin »). */
const FROM_WHEN = new Set(['since', 'depuis']);