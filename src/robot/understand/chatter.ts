// Chatter that happens to hold a command word ("ping me when you're done with the review", "what's the status on the
// design doc?", "lunch anyone?", "nice work bot", "Status meeting moved to 3pm", "our project status is green"): a
// reading of a command that only shows and needs nothing, which takes nothing from the sentence and leaves words
// nothing reads, is no request. Also the word in the app's place that is no app of the catalog ("checke sonarqube"),
// asked rather than answered for every app. Pure.
import { COPULAS, pastWord, POLITE_ASK, REQUEST_WORDS } from './not-a-request.js';
import { meaningOf, type Phrase, type PhraseHit } from './phrase.js';
import type { Lang, SentenceWord } from './words.js';
import { rowOf, type Table, unknown } from './command-table.js';
import { SINCE } from './intents.js';
import { hasOwnSubject } from './other-event.js';
import { dateIn, type Slots } from './slots.js';
import type { Understood } from './understood.js';
import { ACKS, isAllWord, SHOW_VERBS } from './vocabulary.js';

const APOLOGIES = new Set(['sorry', 'oops', 'oups', 'pardon', 'desole', 'desolee', 'dsl', 'my bad']);
/** Meetings ("status meeting", « réunion de point d'état », "the backup call"): named by a command's noun, no request. */
// (never "daily", "weekly", « hebdo »: the report is said so)
/** What a reading is for, or needed before: the words after them are no chatter around it. */
const FOR_OR_BEFORE = new Set(['for', 'pour', 'before', 'avant']);
const MEETINGS = new Set(['meeting', 'meetings', 'call', 'reu', 'demo', 'review', 'standup', 'stand-up', 'sync', 'reunion', 'reunions', 'visio', 'rdv', 'rendez-vous', 'retro']);

/**
 * The chatter reading of a sentence whose best reading is `top`, or undefined when that reading stands: unknown (the
 * closest commands), or a question when the word in the app's place is no app.
 */
export function chatter(words: SentenceWord[], text: string, clause: number[], top: PhraseHit, slots: Slots, hits: Map<Phrase, PhraseHit>, t: Table, apps: readonly string[], appSet: ReadonlySet<string>, now: number, lang: Lang): Understood | undefined {
  const command = top.phrase.command;
  if (command.sideEffects || top.phrase.fixed || command.args.some((a) => a.required)) return undefined;
  const takesSlot = command.args.some((a) => {
    const m = meaningOf(a);
    return (m.startsWith('app') && slots.apps.length > 0) || (m === 'count' && slots.count !== undefined) || m === 'command';
  });
  const dateAt = new Set(dateIn(words, now)?.used ?? []);
  const readBy = new Set(top.used);
  for (const [p, h] of hits) if (p.command === command) for (const i of h.used) readBy.add(i);
  // (a polite modal asks, it is no chatter: « vous pouvez me dire quels rôles j'ai ? »)
  const plain = (w: SentenceWord, i: number) => !w.stop && !POLITE_ASK.has(w.text) && !appSet.has(w.text) && !dateAt.has(i) && !/^\d+$/.test(w.text) && !ACKS.has(w.text) && !APOLOGIES.has(w.text) && !isAllWord(w.text, t.known);
  const read = words.filter((w, i) => readBy.has(i) && !w.stop).length;
  // (an aside in a clause of its own before it, "par curiosité, qui suis-je ?", is no chatter around the reading)
  // (from the reading's own words: another phrase of its command said in the story before, "the monthly ops
  // summary… so please post the report", does not pull the story in)
  const fromClause = Math.min(...(top.pairs.length ? top.pairs.map(([, i]) => i) : top.used).map((i) => clause[i]!));
  // (nor does what it is for, after it: "a full report for the incident doc", « … pour le comité de pilotage »; nor what
  // it is needed before: "the report before my 10am meeting", « le rapport avant mon point client de 10h »)
  const purpose = words.findIndex((w, i) => FOR_OR_BEFORE.has(w.text) && i > Math.max(...top.used));
  // (nor does a clause of its own after an asked one, with a subject of its own: "quick report pls, greg wants numbers
  // for the meeting", « envoie-moi le rapport, le boss veut le voir »: the reason for it; other-event.ts)
  const asked = fromClause === 0 && words.some((w, i) => clause[i] === 0 && (POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text) || (i === 0 && ['moi', 'me', 'nous', 'us'].includes(words[1]?.text ?? ''))));
  // (or names the meeting it is for: "status of everything pls, board call in 5", « le rapport stp, réunion à 10h »)
  // (or tells what happened: "history with the jobs please, something ran around 11pm")
  const reason = (i: number) => asked && clause[i]! > 0 && (hasOwnSubject(words, clause, clause[i]!) || words.some((w, k) => clause[k] === clause[i] && (MEETINGS.has(w.text) || pastWord(w))));
  const unread = words.filter((w, i) => !readBy.has(i) && clause[i]! >= fromClause && !reason(i) && (purpose < 0 || i < purpose) && plain(w, i) && !t.known.has(w.text) && rowOf(w.text, t).size === 0).length;
  // an app named for a command that takes none ("I'll ping the gitlab folks"), or read on one word only
  // ("nextcloud, ça dit quoi ?" is not history)
  // ("is the cert for wekan expired?", "when does the ghost certificate expire": an app that qualifies the command's
  // noun, right before it or after "for"/"of"/"de", is part of what is asked)
  const qualifies = top.pairs.some(([, i]) => appSet.has(words[i - 1]?.text ?? '') || (['for', 'of', 'de', 'du', 'd'].includes(words[i + 1]?.text ?? '') && appSet.has(words[i + 2]?.text ?? '')));
  const appNoArgs = slots.apps.length > 0 && ((command.args.length === 0 && !(qualifies && top.confidence >= 0.9)) || (!command.args.some((a) => meaningOf(a).startsWith('app')) && read <= 1));
  // a reading read loosely after praise ("nice work bot": "work" by its stem) is chatter too
  // and so is one after an apology ("sorry wrong channel", "pardon, mauvais canal")
  const opener = words.find((w) => !w.stop)?.text ?? '';
  // ("sorry to bother you, is the bot alive?", "désolé de vous déranger", « désolé pour l'heure »: a polite opening, not an apology)
  const apologises = APOLOGIES.has(opener) && !['to', 'de', 'd', 'for', 'pour'].includes(words[words.findIndex((w) => w.text === opener) + 1]?.text ?? '');
  const praise = ((ACKS.has(opener) && top.confidence < 1) || apologises) && slots.apps.length === 0;
  // "ok so restoring is a no go": an "ok" that opens the message is no "is it ok?"
  const ackOpens = words.length > 2 && top.pairs.length > 0 && top.pairs.every(([, i]) => i === 0 && ACKS.has(words[0]!.text));
  // ("montre le catalogue des applis qu'on pourrait proposer aux clients": a message that opens on a verb that
  // shows asks to see, whatever it says of what it is for)
  const shows = SHOW_VERBS.has(words[0]?.text ?? '');
  // "our project status is green", "le statut du projet est au vert": the command's noun said of something no
  // word of the table reads, in a statement, is that thing's (a project's), not the apps'
  const foreign = (k: number) => !!words[k] && plain(words[k]!, k) && /^\p{L}{3,}$/u.test(words[k]!.text) && !t.known.has(words[k]!.text) && rowOf(words[k]!.text, t).size === 0;
  const ofOther = slots.apps.length === 0 && !/\?\s*$/.test(text) && top.pairs.length === 1 && words.some((w) => COPULAS.has(w.text)) && [...hits].flatMap(([p, h]) => (p.command === command ? h.pairs : [])).some(([, i]) => foreign(i - 1) || (['of', 'du', 'de', 'd'].includes(words[i + 1]?.text ?? '') && foreign(i + 2)));
  if (ofOther && !takesSlot) return unknown(words, t, lang);
  // ("Status meeting moved to 3pm", « réunion de point d'état à 15h »: the command's noun names a meeting, beside it)
  const meeting = slots.apps.length === 0 && words.some((w, i) => MEETINGS.has(w.text) && top.used.some((u) => Math.abs(u - i) <= 4 && words.slice(Math.min(u, i) + 1, Math.max(u, i)).every((x) => (x.stop || t.known.has(x.text)) && !SINCE.has(x.text) && !FOR_OR_BEFORE.has(x.text)))) && !words.some((w) => POLITE_ASK.has(w.text) || REQUEST_WORDS.has(w.text));
  if (meeting) return unknown(words, t, lang);
  if (!takesSlot && ((unread >= 2 && unread > read && !shows) || appNoArgs || praise || ackOpens)) return unknown(words, t, lang);
  // "checke sonarqube", "status of jenkins": the word in the app's place, right after the command's words, is
  // no app of the catalog; asked, never answered for every app
  const appArg = command.args.find((a) => meaningOf(a).startsWith('app'));
  let k = Math.max(...top.used) + 1;
  while (k < words.length && words[k]!.stop) k++;
  const object = words[k];
  // (a request that opens on the command's words: "état général ?" qualifies the state, it names nothing)
  const opensOnIt = top.used.includes(words.findIndex((w) => !w.stop)) && !/\?\s*$/.test(text);
  if (appArg && opensOnIt && slots.apps.length === 0 && !slots.all && object && k === words.length - 1 && plain(object, k) && /^\p{L}[\p{L}\d-]{2,}$/u.test(object.text) && !t.known.has(object.text) && rowOf(object.text, t).size === 0) {
    return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `\`${command.name}\` : je ne connais pas d'app \`${object.text}\`. Laquelle ? ${apps.slice(0, 6).join(', ')}` : `\`${command.name}\`: I know no app called \`${object.text}\`. Which one? ${apps.slice(0, 6).join(', ')}`, options: [...apps].slice(0, 6), template: `${command.name} {}` } };
  }
  return undefined;
}
