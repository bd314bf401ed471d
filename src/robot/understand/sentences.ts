// Readings of a message by its parts, when the message read whole asks for nothing or less: the one request beside a
// story (requestBesideStory), a message that corrects itself (correctedReading), a last sentence that asks for a
// command after the situation (lastSentence), an opening question answered by a command that only shows
// (firstQuestion). Each part is read by the sentence reader index.ts passes in (interpret, understand): this module
// never imports index.ts.
import type { AnyCommand } from '../command.js';
import type { ParsedCommand } from '../grammar/parse.js';
import { OTHER_BRANCH, opensOnFallback } from './stances.js';
import { correctionOf } from './corrections.js';
import { reportsARequest, storyClauses } from './story-clause.js';
import { DATE_WORDS, isDayWord } from './dates.js';
import { pastWord, POLITE_ASK, REQUEST_WORDS, SUBJECTS } from './not-a-request.js';
import { meaningOf } from './phrase.js';
import { normalise, SENTENCE_BREAK, sentenceWords, STOPWORDS, type Lang, type SentenceWord } from './words.js';
import type { Table } from './command-table.js';
import { build } from './replies.js';
import { slotsOf } from './slots.js';
import { takesItOn } from './self-after.js';
import { CONFIDENT, type UnderstandOptions, type Understood } from './understood.js';
import { ACKS, ALL_WORDS, isAllWord } from './vocabulary.js';

/** index.ts's sentence reader: one sentence's words read as a command, a question or nothing. */
export type Interpret = (words: SentenceWord[], o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang, text: string) => Understood;
/** index.ts's message reader (`understand`): a whole message, with every check. */
export type Understand = (said: string, o: UnderstandOptions) => Understood;

/**
 * One clause of the message read alone as a request that acts, the others being its situation (story-clause.ts): each
 * of those, read alone, asks for nothing that acts and is no report of the same command ("Paul said we should dismiss
 * the registry, dismiss it" stays a report). A clause that says the app by a pronoun ("restart it") takes the one app
 * the story names. Exactly one such clause, else the message's own reading stands.
 */
export function requestBesideStory(interpret: Interpret, text: string, o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang): Understood | undefined {
  const cuts = storyClauses(text);
  if (cuts.length === 0) return undefined;
  const readings = new Map<string, Understood>();
  const readAlone = (c: string) => readings.get(c) ?? readings.set(c, interpret(sentenceWords(c), o, t, now, langOf, c)).get(c)!;
  const apps = new Set(o.apps());
  const found: Understood[] = [];
  for (const { request, story, data } of cuts) {
    // ("back up ghost, wordpress and static in one go": apps listed on after the request are more of its apps, no story)
    if (story.some((s) => listsApps(sentenceWords(s), apps))) continue;
    // ("list the notification recipes pls, with the outbox counts": what to show with the request before, no request)
    if (/^\s*(?:with|along\s+with|including|avec|y\s+compris)\b/iu.test(request)) continue;
    let alone = readAlone(request);
    if (alone.kind === 'ask' && alone.command?.sideEffects && alone.question.template && /\b(?:it|them|le|la|les|lui)\b|-(?:le|la|les|lui)\b/iu.test(request)) {
      const named = [...new Set(story.flatMap((s) => sentenceWords(s).filter((w) => apps.has(w.text)).map((w) => w.text)))];
      if (named.length === 1) alone = interpret(sentenceWords(`${request} ${named[0]}`), o, t, now, langOf, `${request} ${named[0]}`);
    }
    if (alone.kind !== 'command' || !alone.parsed.command.sideEffects || alone.confidence < CONFIDENT || (data && alone.parsed.command.destructive)) continue;
    const command = alone.parsed.command;
    // ("restore gitlab, thu backup": a day said beside a restore that read none is which backup, no story; the whole
    // message's reading, which asks, stands)
    const dateArg = command.args.find((a) => meaningOf(a) === 'date');
    if (command.destructive && dateArg && alone.parsed.args[dateArg.name] === undefined && story.some((s) => sentenceWords(s).some((w) => isDayWord(w.text)))) continue;
    // ("restart wekan, i'll do it myself", « redémarre wekan, je m'en occupe moi-même »: taken back by the speaker)
    if (story.some((s) => takesItOn(sentenceWords(s)))) continue;
    // ("…, can you roll it back to how it was yesterday": a day said in the request to a command that takes none is
    // read with the whole message, where a day's state is its backup; as-it-was.ts)
    if (command.destructive && !dateArg && sentenceWords(request).some((w) => isDayWord(w.text))) continue;
    // ("failing that, roll ghost back": the clause before is no situation but the branch this one is the other of)
    if (opensOnFallback(text, command)) continue;
    if (story.some((s) => {
      const r = readAlone(s);
      // (the same command in the story is asked for there, by someone, when the story names an app or an obligation)
      return (r.kind === 'command' && r.parsed.command.sideEffects) || (r.kind === 'ask' && r.command === command && (sentenceWords(s).some((w) => apps.has(w.text)) || reportsARequest(s)));
    })) continue;
    found.push(alone);
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * A message that corrects itself (corrections.ts): the values said after "sorry", "no wait", "pardon" replace the
 * request's own ("restart ghost, sorry, I meant wekan" restarts wekan), a request said again replaces it, and one
 * taken back ("update gitlab, no actually leave it") runs nothing. A destructive request corrected is asked, never
 * run on the correction: which of the two was meant is the user's to say.
 */
export function correctedReading(understand: Understand, text: string, o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang): Understood | undefined {
  const apps = new Set(o.apps());
  const fix = correctionOf(text, (w) => apps.has(w.text) || /^v?\d+(\.\d+)*$/.test(w.text) || DATE_WORDS.has(w.text) || w.text === 'avant-hier' || isAllWord(w.text, t.known));
  if (!fix) return undefined;
  const lang = langOf();
  const asked = (p: ParsedCommand, command: AnyCommand): Understood => ({ kind: 'ask', lang, command, question: { text: lang === 'fr' ? `vous vous êtes repris : vouliez-vous dire \`${p.canonical}\` ?` : `you corrected yourself: did you mean \`${p.canonical}\`?`, options: [p.canonical] } });
  if (fix.kind === 'again') {
    const again = understand(fix.after, o);
    // ("update ghost to 5.116.2, no actually just roll it back", « mets à jour ghost…, non en fait fais juste un rollback »:
    // another request said in place of the first, with no app of its own, is on the first one's app; asked, never run)
    const inPlace = again.kind === 'ask' && again.command?.sideEffects && again.question.template?.includes('{}') ? onAppOf(understand(fix.before, o), again.command, o) : undefined;
    if (inPlace && again.kind === 'ask' && again.command) return asked(inPlace, again.command);
    if (again.kind !== 'command') {
      // ("dismiss wekan, sorry, I meant gohst", "restart wekan, sorry, I meant the blog": corrected to what no rule
      // reads; the request before it is not what was meant, so it is not run)
      const first = understand(fix.before, o);
      const c = first.kind === 'command' ? first.parsed.command : first.kind === 'ask' ? first.command : undefined;
      if (!c?.sideEffects || first.kind !== 'command') return undefined;
      const near = slotsOf(sentenceWords(fix.after), new Set(), o.apps(), t.known, now).apps;
      const app = c.args.find((a) => meaningOf(a).startsWith('app'));
      const p = near.length === 1 && app ? build(c, { ...(first.parsed.args as Record<string, string | number | undefined>), [app.name]: near[0]!.name }, first.parsed.flags, o.grammar) : undefined;
      if (p) return asked(p, c);
      // (only a thing said in place of the app, "the blog", "l'autre"; not "…, no time to argue")
      if (!/^(?:the|that|this|my|our|le|la|les|l['’]|ce|cet|cette|mon|ma|notre)\s*\p{L}/iu.test(fix.after.trim()) || sentenceWords(fix.after).filter((w) => !w.stop).length > 2) return undefined;
      return { kind: 'ask', lang, command: c, question: { text: lang === 'fr' ? `vous vous êtes repris, mais je ne lis pas ce que vous vouliez dire à la place : je ne lance rien (\`help ${c.name}\`).` : `you corrected yourself, but I don't read what you meant instead, so I run nothing (\`help ${c.name}\`).`, options: [] } };
    }
    // (a destructive request said again in place of another one is asked; said after words that asked nothing, "Ghost,
    // wordpress… no, just ghost: dismiss it", it is the request)
    const before = again.parsed.command.destructive ? understand(fix.before, o) : undefined;
    return before && (before.kind === 'command' || (before.kind === 'ask' && before.command)) ? asked(again.parsed, again.parsed.command) : again;
  }
  const first = understand(fix.before, o);
  if (fix.kind === 'taken-back') {
    const c = first.kind === 'command' ? first.parsed.command : first.kind === 'ask' ? first.command : undefined;
    return c ? { kind: 'ask', lang, command: c, question: { text: lang === 'fr' ? `vous l'avez repris : je ne lance rien (\`help ${c.name}\`).` : `you took that back, so I run nothing (\`help ${c.name}\`).`, options: [] } } : undefined;
  }
  if (first.kind !== 'command') return undefined;
  const afterWords = sentenceWords(fix.after);
  const said = slotsOf(afterWords, new Set(), o.apps(), t.known, now);
  const command = first.parsed.command;
  const args: Record<string, string | number | undefined> = { ...(first.parsed.args as Record<string, string | number | undefined>) };
  let changed = false;
  for (const a of command.args) {
    const m = meaningOf(a);
    const app = said.apps.length === 1 && !said.apps[0]!.guessed ? said.apps[0]!.name : m === 'app-or-all' && said.all && said.apps.length === 0 ? 'all' : undefined;
    const v = m.startsWith('app') ? app : m === 'date' ? said.date : m === 'count' ? said.count : m === 'version' ? said.version : undefined;
    if (v !== undefined && v !== args[a.name]) {
      args[a.name] = v;
      changed = true;
    }
  }
  if (!changed) return undefined;
  const p = build(command, args, first.parsed.flags, o.grammar);
  if (!p) return undefined;
  if (command.destructive) return asked(p, command);
  return { kind: 'command', parsed: p, confidence: Math.min(first.confidence, 0.9), lang: first.lang, via: 'phrase' };
}

/** Words that open on two apps joined ("wordpress and static…", « et static et registry »): a list, not a clause. */
function listsApps(words: SentenceWord[], apps: ReadonlySet<string>): boolean {
  const k = ['and', 'et', '&'].includes(words[0]?.text ?? '') ? 1 : 0;
  return apps.has(words[k]?.text ?? '') && ['and', 'et', '&', 'or', 'ou'].includes(words[k + 1]?.text ?? '') && apps.has(words[k + 2]?.text ?? '');
}

/** `command` built on the app of a reading that acted, when it takes an app: "…, no, roll it back" said after "update ghost". */
function onAppOf(first: Understood, command: AnyCommand, o: UnderstandOptions): ParsedCommand | undefined {
  if (first.kind !== 'command') return undefined;
  const app = first.parsed.command.args.find((a) => meaningOf(a).startsWith('app'));
  const value = app ? first.parsed.args[app.name] : undefined;
  const slot = command.args.find((a) => meaningOf(a).startsWith('app'));
  return slot && typeof value === 'string' && value !== 'all' ? build(command, { [slot.name]: value }, new Set(), o.grammar) : undefined;
}

/**
 * "whoami? I need to know if I can run restores", "je suis qui pour toi ? j'ai besoin de savoir…": a message that opens
 * on a question of its own, answered by a command that only shows, then says why, asks that question.
 */
export function firstQuestion(interpret: Interpret, read: Understood, whole: Understood, text: string, o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang): Understood {
  // ("les certificats sont ok ? firefox râle sur ghost.exemple.fr": a question first on a thing of no app, the app named
  // only in the story after it; the whole read another command that only shows, on that app: the question is asked)
  const onStoryApp = whole.kind === 'command' && !whole.parsed.command.sideEffects && typeof whole.parsed.args.app === 'string' ? whole.parsed.args.app : undefined;
  // ("can you show me the backups of mattermost? The 03:00 run failed last night, Monday's was fine…": the question that
  // shows, asked first, then a story)
  const opening = read === whole ? storyBlend(interpret, whole, text, o, t, now, langOf, 'first') : undefined;
  if (opening) return opening;
  if (read !== whole || (whole.kind === 'command' && !onStoryApp)) return read;
  const first = text.split(SENTENCE_BREAK)[0]!;
  // ("ghost ok? if not, restart it": the question is the condition of what follows, not one asked alone; stances.ts)
  if (first === text || !/\?\s*$/.test(first) || JUST_ASKING_OR_REMARK.test(normalise(text)) || OTHER_BRANCH.test(text)) return read;
  if (onStoryApp && sentenceWords(first).some((w) => w.text === onStoryApp)) return read;
  const alone = interpret(sentenceWords(first), o, t, now, langOf, first);
  if (onStoryApp && (alone.kind !== 'command' || alone.parsed.command.args.some((a) => meaningOf(a).startsWith('app')))) return read;
  // (a command of forms read bare, `outbox`, shows what it holds, as in lastSentence: "anything stuck in the outbox? les
  // notifs n'arrivent plus")
  return alone.kind === 'command' && (!alone.parsed.command.sideEffects || (alone.parsed.command.forms && alone.parsed.canonical === alone.parsed.command.name)) && alone.confidence >= CONFIDENT ? alone : read;
}

/**
 * A command that acts (not destructive) read on a whole message that mixes a story and a question, when no sentence
 * asks alone for anything that acts: the one sentence that shows on an app is the request, the message's first if it
 * is a question ("can you show me the backups of mattermost? The 03:00 run failed last night, Monday's was fine…") or
 * its last ("Long story short, the static site lost its 404 page after Monday's redeploy… Can you list the backups of
 * static so I can see what we have?").
 */
function storyBlend(interpret: Interpret, whole: Understood, text: string, o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang, which: 'first' | 'last'): Understood | undefined {
  if (whole.kind !== 'command' || !whole.parsed.command.sideEffects || whole.parsed.command.destructive) return undefined;
  const sentences = text.split(SENTENCE_BREAK).filter((x) => /\p{L}/u.test(x));
  if (sentences.length < 2) return undefined;
  const at = which === 'first' ? 0 : sentences.length - 1;
  if (which === 'first' && (!/\?\s*$/.test(sentences[0]!) || JUST_ASKING_OR_REMARK.test(normalise(text)) || OTHER_BRANCH.test(text))) return undefined;
  const read = (s: string) => interpret(sentenceWords(s), o, t, now, langOf, s);
  const alone = read(sentences[at]!);
  if (alone.kind !== 'command' || alone.parsed.command.sideEffects || alone.confidence < CONFIDENT || alone.parsed.args.app === undefined) return undefined;
  // (a sentence that asks for something that acts, or asks about the whole's own command, keeps the whole's reading)
  const acts = (s: string) => {
    const r = read(s);
    return r.kind === 'command' ? r.parsed.command.sideEffects : r.kind === 'ask' && r.command === whole.parsed.command;
  };
  return sentences.some((s, k) => k !== at && acts(s)) ? undefined : alone;
}

/** Verbs that say what a thing is in (after a noun, the sentence tells its state). */
const STATE_VERBS = new Set(['is', 'are', 'was', 'were', 'seem', 'seems', 'keep', 'keeps', 'est', 'sont', 'etait', 'etaient', 'reste', 'restent']);

/**
 * "So yesterday we ran a big import… I checked and monday's backup is clean. Please restore nextcloud from monday.":
 * a message of several sentences whose last one, read alone, asks for a command, asks for that command; what comes
 * before is the situation (its dates, its pasts, its "not"s are the story's). Only when the whole message read as
 * no command, or as one that only shows while the last sentence asks for one that acts; never on a last sentence
 * that points back ("verify it", "from that one"), whose values are in the story.
 */
export function lastSentence(interpret: Interpret, whole: Understood, text: string, o: UnderstandOptions, t: Table, now: number, langOf: (hits?: Lang[]) => Lang): Understood {
  if (whole.kind === 'command' && whole.parsed.command.sideEffects) return storyBlend(interpret, whole, text, o, t, now, langOf, 'last') ?? whole;
  const sentences = text.split(SENTENCE_BREAK).filter((x) => /\p{L}/u.test(x));
  if (sentences.length < 2) return whole;
  const last = sentences.at(-1)!;
  const words = sentenceWords(last);
  // (a pronoun for the app leaves the reading without it, and asked; "that one" for a backup would read as the latest)
  if (/\b(?:that|this|the same|the other) one\b|\bcelle-ci\b|\bcelle-la\b|\bla meme\b|\bcelle d'avant\b/iu.test(normalise(last))) return whole;
  // ("is the outbox clogged? show it", « la boîte d'envoi est bouchée ? montre-la »: a thing the question is about, no
  // app, is what the pronoun shows; only a reading that shows, never one that acts on a thing guessed so)
  const subject = whole.kind !== 'command' && !SUBJECTS.has(words[0]?.text ?? '') && !pastWord(words[0] ?? words[0]!) && /\b(?:it|them|le|la|les)\b|-(?:le|la|les)\b/iu.test(last) ? QUESTION_SUBJECT.exec(sentences.at(-2)!) : null;
  if (subject) {
    const again = interpret(sentenceWords(`${last} ${subject[1]}`), o, t, now, langOf, `${last} ${subject[1]}`);
    // (a command of forms read bare, `outbox`, shows what it holds)
    if (again.kind === 'command' && (!again.parsed.command.sideEffects || (again.parsed.command.forms && again.parsed.canonical === again.parsed.command.name)) && again.confidence >= CONFIDENT) return again;
  }
  // (the last sentence asks: a word that asks, or it opens on a word of the table's, "Prune wordpress.", "Back up summoner.")
  const opener = words.find((w) => !w.stop)?.text ?? '';
  // (not a noun of the table's then its state: "notifications are stuck", « les notifs sont bloquées » tell a trouble)
  const openerAt = words.findIndex((w) => !w.stop);
  const stateOf = STATE_VERBS.has(words[openerAt + 1]?.text ?? '');
  const asks = words.some((w) => REQUEST_WORDS.has(w.text) || POLITE_ASK.has(w.text)) || (t.known.has(opener) && !stateOf && !ACKS.has(opener) && !ALL_WORDS.has(opener) && !STOPWORDS.has(opener));
  // (or asks a question of its own, answered by a command that only shows: "…. Before I answer them, how is mattermost doing?")
  const question = /\?\s*$/.test(last);
  if ((!asks && !question) || JUST_ASKING_OR_REMARK.test(normalise(text))) return whole;
  // ("Here is what not to do. Dismiss ghost.", "The old runbook said this. Update gitlab.": a sentence before it that
  // points at what follows, reports or cites, makes the last one an example or a quote, unless that one asks itself)
  const before = sentences.at(-2)!;
  const polite = words.some((w) => POLITE_ASK.has(w.text));
  const framing = /:\s*$/.test(before) || FRAMES.test(normalise(before));
  if (framing && !polite) return whole;
  let alone = interpret(words, o, t, now, langOf, last);
  // the last sentence read again with the one app the sentences before it name, if they name exactly one
  const withAppBefore = (): Understood | undefined => {
    const named = [...new Set(sentenceWords(sentences.slice(0, -1).join(' ')).filter((w) => o.apps().includes(w.text)).map((w) => w.text))];
    return named.length === 1 ? interpret(sentenceWords(`${last} ${named[0]}`), o, t, now, langOf, `${last} ${named[0]}`) : undefined;
  };
  // ("is gitlab down again?? restart it please": the app of a last sentence that says it by a pronoun, after a question
  // about one app, is that app; after a story, "… the one from the 25th for gitlab. Verify it please.", it is asked)
  if (alone.kind === 'ask' && alone.command && alone.question.template && /\?\s*$/.test(sentences.at(-2)!) && /\b(?:it|le|la|lui)\b|-(?:le|la|lui)\b/iu.test(last)) {
    alone = withAppBefore() ?? alone;
  }
  // (« tu peux jeter un œil à wekan ? il va bien ? »: a reading that only shows, whose app is optional and said by a
  // subject pronoun after a question about one app, is about that app, not about everything)
  if (alone.kind === 'command' && !alone.parsed.command.sideEffects && /\?\s*$/.test(sentences.at(-2)!) && /\b(?:it|il|elle)\b/iu.test(last) && alone.parsed.command.args.some((a) => meaningOf(a) === 'app' && !a.required && alone.kind === 'command' && alone.parsed.args[a.name] === undefined)) {
    const again = withAppBefore();
    if (again?.kind === 'command' && again.parsed.command === alone.parsed.command) alone = again;
  }

  if (!asks && alone.kind === 'command' && alone.parsed.command.sideEffects) return whole;
  // ("Quelles tâches sont planifiées ? Je voudrais savoir à quelle heure tourne la sauvegarde de gitlab.": a wish to know
  // asks a question, never for the act it names)
  if (alone.kind === 'command' && alone.parsed.command.sideEffects && WANTS_TO_KNOW.test(normalise(last))) return whole;
  if (alone.kind !== 'command' || alone.confidence < CONFIDENT) return whole;
  if (whole.kind === 'command' && !alone.parsed.command.sideEffects) return whole;
  return alone;
}
/** A question about a thing: its subject, from its article to its verb ("is the outbox clogged?", « la boîte d'envoi est bouchée ? »). */
const QUESTION_SUBJECT = /^\s*(?:(?:is|are|was|were)\s+)?((?:the|la|le|les|l['’])\s*[^\s?,;.!]+(?:\s+d['’]\s*[^\s?,;.!]+)?)\s+(?:\p{L}+\s+)?[^?]*\?\s*$/iu;
/** A sentence that points at the next one as an example, a quote or a rule ("this", "the following", "e.g.", "the runbook"). */
// (and one that says or writes, "Marc wrote this morning.", "the runbook said this.")
const FRAMES = /\b(?:this(?! (?:week|morning|afternoon|evening|month|year|weekend|time|one))|the following|as follows|here is|here's|heres|e\.?g|for example|for instance|example|examples|runbook|docs?|documentation|wiki|manual|quote|ceci|voici|voila|comme suit|suivante?s?|par exemple|exemple|exemples|procedure|citation|said|says|wrote|writes|written|told|typed|dit|ecrit|disait|tape)\b/;
/** A wish to know ("I'd like to know", « je voudrais savoir », "I wonder"): what follows is a question. */
const WANTS_TO_KNOW = /\b(?:voudrais|aimerais|voulais|veux|souhaiterais|souhaite) savoir\b|\b(?:like|want|wanted|need|needed) to know\b|\bi wonder\b/;
const JUST_ASKING_OR_REMARK = /\b(?:just|only) (?:asking|curious|wondering|saying)\b|\bje (?:demande|pose la question) (?:seulement|juste|simplement)\b|\bje dis ca comme ca\b/;
