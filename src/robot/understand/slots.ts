// The values a sentence fills a command's arguments with, wherever they sit: apps (said exactly or by a typo), "all",
// a date, a version, a count, a span of time (slotsOf); dead letter ids (idsSaid); a job's or a minion's name beside
// its cue noun (nameSaid); summoner itself as what a command acts on (saysSummoner); the command line after a quoted
// cron expression (lineAfterCron). The message's first date is found once per list of words (dateIn). Pure.
import { renderValue } from '../grammar/parse.js';
import type { Token } from '../grammar/tokenize.js';
import { WORD } from '../resolvers.js';
import { isCron } from './as-typed.js';
import { findDate, type DateHit } from './dates.js';
import { COUNT_AFTER, countWord, roughCount, saysHowNotHowMany } from './numbers.js';
import type { SentenceWord } from './words.js';
import { httpStatus, isAppTypo } from './command-table.js';
import { isAllWord, PRONOUNS } from './vocabulary.js';
import { FR_PAST_AUXILIARIES, pastWord } from './not-a-request.js';

// A message's first date is looked for by most rules of a reading, on the same words: found once per list of words
// (a list lives as long as its reading).
const datesFound = new WeakMap<readonly SentenceWord[], { now: number; hit: DateHit | undefined }>();
export function dateIn(words: readonly SentenceWord[], now: number): DateHit | undefined {
  const known = datesFound.get(words);
  if (known && known.now === now) return known.hit;
  const hit = findDate(words.map((w) => w.text), now);
  datesFound.set(words, { now, hit });
  return hit;
}
export const VERSION_CUES = new Set(['version', 'to', 'vers', 'en', 'v', 'tag', 'release']);
/** Cues that name a version even when the command's phrase took them ("update nextcloud to version 30"). */
const STRONG_VERSION_CUES = new Set(['version', 'tag', 'release']);
/** After such a number, what says it is not the whole version ("version six and a half", « six et demie »). */
const PART_AFTER = new Set(['and', 'et', 'point', 'virgule', 'half', 'demi', 'demie', 'something', 'quelque']);

/** Nouns after an app's name that make it part of another program's name ("civil registry software"). */
const OTHER_PROGRAM = new Set(['software', 'program', 'programme', 'logiciel', 'tool', 'outil', 'system', 'systeme']);
/** What apps hold, after an "all" that is then all of it rather than all apps ("all the cards", « tous les fichiers »). */
const CONTENTS = new Set(['cards', 'posts', 'files', 'pages', 'users', 'boards', 'documents', 'photos', 'images', 'comments', 'issues', 'messages', 'articles', 'cartes', 'fichiers', 'utilisateurs', 'tableaux', 'commentaires', 'tickets', 'tasks', 'taches', 'notes', 'uploads', 'repos', 'projects', 'projets']);
export interface Slots {
  /** `typed`: the word a near-miss was read from. */
  apps: { name: string; guessed: boolean; listed?: boolean; typed?: string }[];
  all: boolean;
  date?: string;
  /** The date said is still to come. */
  future?: boolean;
  /** The date said is a span ("last month"), not a day. */
  vague?: boolean;
  /** The date said also reads month first ("12/01"). */
  monthFirst?: string;
  /** The week before the day read ("last tuesday" said on a Wednesday; dates.ts). */
  weekBefore?: string;
  version?: string;
  count?: number;
  /** The version the app is on, said before the one it goes to ("from 17.5.0 to 17.6.1"). */
  versionFrom?: string;
  /** The version said is another program's (« monte postgres en 16 sur nextcloud », "php 8.3"), not the app's. */
  versionOf?: string;
  /** A bare number right after an app ("install nextcloud 30 for the hr folks"): its version, to a command that takes no count. */
  numberAfterApp?: string;
  /** A span of time said ("2 hours", « deux heures », "since 9am", « depuis 9h »), where a count may be taken. */
  span?: boolean;
  /** Where that span begins (the index of its first word). */
  spanAt?: number;
  /** A rough count said ("a few hundred", « plusieurs centaines »): no number to take. */
  rough?: boolean;
  pronoun: boolean;
}
/** Words before the version an app goes to ("to 17.6.1", « en 17.6.1 », « à la 17.6.1 »). */
const TARGET_CUES = new Set(['to', 'en', 'vers', 'a', 'into', 'onto']);
/** Programs inside an app's containers whose version may be named: not the app's version. */
const COMPONENTS = new Set(['postgres', 'postgresql', 'pg', 'mariadb', 'mysql', 'php', 'redis', 'node', 'nodejs', 'mongo', 'mongodb', 'nginx', 'python', 'java', 'debian', 'ubuntu', 'alpine', 'elasticsearch', 'memcached', 'ruby', 'apache']);
const BETWEEN_COMPONENT = new Set(['of', 'de', 'du', 'd', 'sur', 'on', 'for', 'pour', 'the', 'le', 'la', 'l', 'its', 'son', 'sa', 's']);
/** Units of time after a number: "2 hours", « deux heures », "30 min". */
const TIME_UNITS = new Set(['hour', 'hours', 'hrs', 'hr', 'h', 'minute', 'minutes', 'min', 'mins', 'heure', 'heures', 'second', 'seconds', 'secondes', 'days', 'jours', 'weeks', 'semaines']);
/** A time of day: "9am", "14h", "9h30", "14:00". */
const TIME_OF_DAY = /^\d{1,2}(?:am|pm|h\d{0,2}|:\d{2})$/;

/** Words that list one more thing ("wekan and ghost", « wekan et ghost », "wekan + ghost"). */
const AND_WORDS = new Set(['and', 'et', '+', '&', 'plus', 'or', 'ou']);
/** Time zones named by their abbreviation (not "EST", French's « est »). */
const ZONES = new Set(['edt', 'pst', 'pdt', 'cdt', 'mdt', 'cet', 'bst', 'gmt', 'aest']);
/** Words before "time" that name no place ("lunch time", "same time"). */
const NOT_A_ZONE = new Set(['same', 'this', 'that', 'what', 'lunch', 'dinner', 'tea', 'closing', 'opening', 'break', 'utc', 'server', 'some', 'next', 'last', 'first', 'every', 'each']);

export function slotsOf(words: SentenceWord[], used: Set<number>, apps: readonly string[], known: Set<string>, now: number): Slots {
  const all = words.map((w) => w.text);
  const free = all.map((w, i) => (used.has(i) ? '' : w));
  const out: Slots = { apps: [], all: false, pronoun: false };
  // a date read on the whole sentence counts when its own words are free ("restore nextcloud, the last backup is
  // fine": "last" reads as the latest beside "backup", a word the command's phrase took)
  const whole = dateIn(words, now);
  const date = whole && whole.used.every((i) => !used.has(i)) ? whole : findDate(free, now);
  const dateUsed = new Set(date?.used ?? []);
  if (date) out.date = date.value;
  if (date?.monthFirst) out.monthFirst = date.monthFirst;
  if (date?.weekBefore) out.weekBefore = date.weekBefore;
  if (date?.future) out.future = true;
  if (date?.vague) out.vague = true;
  // ("restore mattermost to yesterday 23:00 Montréal time", "… 6pm EST": a day said in another time zone than the
  // backups' (UTC) is no day to take as said; asked)
  if (date && all.some((w, i) => ZONES.has(w) || (w === 'time' && !!all[i - 1] && !NOT_A_ZONE.has(all[i - 1]!) && /^\p{L}{4,}$/u.test(all[i - 1]!) && (/^\d/.test(all[i - 2] ?? '') || /(?:am|pm|h)$/.test(all[i - 2] ?? ''))))) out.vague = true;
  // the first count said, unless a later one follows it and it comes right after a past participle, the count of what was
  // done (« j'ai réduit wekan à une tâche à minuit, passe wekan à 2 tâches maintenant »)
  let countOfDone = false;
  const takeCount = (n: number, i: number) => {
    // ("update wekan, one task at a time": how it is done, no count)
    if (saysHowNotHowMany(all, i)) return;
    if (out.count === undefined || countOfDone) {
      out.count = n;
      countOfDone = words.slice(Math.max(0, i - 4), i).some((x, k, near) => x.participle === true || (/ed$/.test(x.text) && x.text.length > 4) || (k > 0 && !x.stop && (FR_PAST_AUXILIARIES.has(near[k - 1]!.text) || near[k - 1]!.text === 'as')));
    }
  };
  let versionAt: number | undefined;
  // the first version said, unless a later one is where the app goes, after one it is on ("upgrade gitlab from 17.5.0 to
  // 17.6.1", « gitlab est en 17.5.0, passe-le en 17.6.1 »); the first stays when both or neither are said as a target
  const target = (k: number) => TARGET_CUES.has(all[k - 1] ?? '') || (['the', 'la', 'version'].includes(all[k - 1] ?? '') && TARGET_CUES.has(all[k - 2] ?? ''));
  // (a version the app "is on", « est en », is where it stands, whatever its cue)
  const standsAt = (k: number) => ['en', 'on', 'at'].includes(all[k - 1] ?? '') && ['est', 'is', 's', 'tourne', 'runs', 'currently', 'actuellement'].includes(all[k - 2] ?? '');
  const takeVersion = (w: string, i: number) => {
    if (out.version === undefined || versionAt === undefined) {
      // (the word before it, past its cues, its app and small words: "the php of wordpress to 8.3")
      let k = i - 1;
      while (k >= 0 && k >= i - 5 && (VERSION_CUES.has(all[k]!) || apps.includes(all[k]!) || BETWEEN_COMPONENT.has(all[k]!))) k--;
      if (COMPONENTS.has(all[k] ?? '')) out.versionOf = all[k];
      out.version = w;
      versionAt = i;
    } else if (w !== out.version && target(i) && (!target(versionAt) || standsAt(versionAt))) {
      out.versionFrom = out.version;
      out.version = w;
      versionAt = i;
    }
  };
  free.forEach((w, i) => {
    if (!w || dateUsed.has(i)) return;
    if (apps.includes(w)) {
      // ("back up our civil registry software": an app's name inside the name of another program, an unknown word before
      // it and "software" after it, names no app)
      if (OTHER_PROGRAM.has(all[i + 1] ?? '') && !!all[i - 1] && !words[i - 1]!.stop && !known.has(all[i - 1]!) && !apps.includes(all[i - 1]!)) return;
      if (!out.apps.some((a) => a.name === w)) out.apps.push({ name: w, guessed: false });
      return;
    }
    // ("…, we're reorganizing all the cards", « on réorganise toutes les cartes »: all of what an app holds, not all apps)
    const of = ['the', 'les', 'of', 'de', 'des', 'our', 'nos'].includes(free[i + 1] ?? '') ? free[i + 2] : free[i + 1];
    if (isAllWord(w, known) && !CONTENTS.has(of ?? '')) out.all = true;
    if (PRONOUNS.has(w)) out.pronoun = true;
    // ("to 3 instances" is a count: the unit after it says so)
    // ("maj gitlab v17 --force": a major version typed with its "v" is one wherever it sits)
    if (/^v?\d+(\.\d+)+([-+][\w.]+)?$/.test(w) || (/^v\d+$/.test(w) && !COUNT_AFTER.has(all[i + 1] ?? '')) || (/^v?\d+$/.test(w) && (VERSION_CUES.has(free[i - 1] ?? '') || (STRONG_VERSION_CUES.has(all[i - 1] ?? '') && !PART_AFTER.has(all[i + 1] ?? ''))) && !COUNT_AFTER.has(all[i + 1] ?? ''))) {
      takeVersion(w, i);
      return;
    }
    if (((/^\d{1,6}$/.test(w) || countWord(all, i) !== undefined) && (TIME_UNITS.has(all[i + 1] ?? '') || (['dernieres', 'derniers', 'past', 'last'].includes(all[i + 1] ?? '') && TIME_UNITS.has(all[i + 2] ?? '')))) || (TIME_OF_DAY.test(w) && ['since', 'from', 'after', 'depuis', 'apres'].includes(all[i - 1] ?? ''))) {
      out.span = true;
      out.spanAt ??= i;
      return;
    }
    // ("users report 502 errors", « erreurs 502 signalées », "HTTP 404": a status code, no count of lines or tasks)
    if (httpStatus(words, i)) return;
    // ("a few hundred lines", « quelques centaines de lignes »: no number said)
    if (roughCount(all, i)) {
      out.rough = true;
      return;
    }
    // ("who bounced ghost at 8 before I got in?", « vers 3 »: an hour of the day, no count)
    if (/^\d{1,2}$/.test(w) && Number(w) <= 24 && AT_HOUR.has(all[i - 1] ?? '') && !COUNT_UNITS.has(all[i + 1] ?? '')) return;
    if (/^\d{1,6}$/.test(w)) {
      if (apps.includes(all[i - 1] ?? '') && (words[i + 1] === undefined || (words[i + 1]!.stop && !TIME_UNITS.has(all[i + 1]!)))) out.numberAfterApp ??= w;
      takeCount(Number(w), i);
      return;
    }
    // "the last fifty", "les septante dernières", "scale wekan to three": a count said in words
    const said = countWord(all, i);
    if (said !== undefined) {
      takeCount(said, i);
      return;
    }
    if (w.length >= 4 && !known.has(w) && !/\d/.test(w)) {
      const close = apps.filter((a) => isAppTypo(w, a));
      // ("backup wekan and gohst", « sauvegarde gohst et wekan »: listed with another app, it is one more app)
      const listed = AND_WORDS.has(all[i - 1] ?? '') || (AND_WORDS.has(all[i + 1] ?? '') && apps.includes(all[i + 2] ?? ''));
      if (close.length === 1 && !out.apps.some((a) => a.name === close[0])) out.apps.push({ name: close[0]!, guessed: true, listed, typed: w });
    }
  });
  // a near-miss beside an app said exactly is a word of its own ("is nextcloud reachable from outside?": not outline),
  // unless it is listed with it
  if (out.apps.some((a) => !a.guessed)) out.apps = out.apps.filter((a) => !a.guessed || a.listed);
  return out;
}

/** What may sit between two ids of one list ("14 and 15", « 14 et 15 », "14 & 15", "14 then 15"). */
const ID_JOINS = new Set(['and', 'et', '&', 'plus', 'also', 'aussi', 'too', 'puis', 'then', 'n']);
/** Between two ids, a choice: which one is meant is asked ("drop 14 or 15, not sure which"). */
const ID_CHOICE = new Set(['or', 'ou']);
/** What dead letters are called, in the plural. */
const LETTER_NOUNS = new Set(['notifications', 'lettres', 'letters', 'messages']);
/** Dead letter ids: "all" (every, toutes), or the numbers said ("14 and 15" → 14,15). */
export function idsSaid(words: SentenceWord[], known: ReadonlySet<string>, now: number, skip: ReadonlySet<number>, definiteIsAll: boolean): string | undefined {
  if (words.some((w) => isAllWord(w.text, known))) return 'all';
  const dateUsed = new Set(dateIn(words, now)?.used ?? []);
  const isId = (i: number) => /^\d{1,9}$/.test(words[i]!.text) && !dateUsed.has(i) && !skip.has(i) && !httpStatus(words, i);
  // (one list: the numbers after the first, joined by "and", « et » or nothing; "drop dead letter 31, its the 502
  // alert spam" drops 31 only)
  const first = words.findIndex((_, i) => isId(i));
  const ids: string[] = [];
  for (let i = first; i >= 0 && i < words.length; i++) {
    if (isId(i)) ids.push(words[i]!.text);
    else if (ID_CHOICE.has(words[i]!.text) && isId(i + 1)) return undefined;
    else if (!ID_JOINS.has(words[i]!.text)) break;
  }
  // ("relance les notifications en échec", "resend the dead letters": the definite plural, no number said, is all of them)
  // (never for a drop, which deletes: "drop the dead letters" asks which, or "all")
  if (!ids.length && definiteIsAll && words.some((w, i) => ['les', 'the', 'nos', 'our'].includes(w.text) && (LETTER_NOUNS.has(words[i + 1]?.text ?? '') || LETTER_NOUNS.has(words[i + 2]?.text ?? '')))) return 'all';
  return ids.length ? ids.join(',') : undefined;
}

/** Words that say a name follows ("the schedule with the name nightly", "le job du nom de nightly"): never the name. */
/** Words before an hour of the day ("at 8", « vers 3 »), and the units that make the number a count after all ("at 3 replicas"). */
const AT_HOUR = new Set(['at', 'around', 'vers', 'about']);
const COUNT_UNITS = new Set(['lines', 'line', 'lignes', 'ligne', 'replicas', 'replica', 'instances', 'instance', 'tasks', 'copies', 'entries', 'commands', 'commandes']);
const NAME_WORDS = new Set(['name', 'named', 'called', 'nom', 'nomme', 'nommee', 'appele', 'appelee', 'appelle', 'appellent', 'calls']);
/**
 * A name said beside one of its cue nouns: right after it ("the minion kuma"), right before it ("the kuma
 * minion"), else a little after it, skipping small and known words ("la tâche planifiée sauvegarde-nuit"); else
 * the one free word shaped like a job name (with a dash, an underscore or a digit). App names count as names; so
 * does a word of the vocabulary after the cue ("la tâche planifiée nightly": past the command's own words) or
 * before it with no article ("resume nightly job"), never one of the command's own words: "the nightly job" is
 * described, not named (there may be several).
 */
export function nameSaid(words: SentenceWord[], cues: readonly string[], used: readonly number[], known: ReadonlySet<string>, apps: ReadonlySet<string>, own: ReadonlySet<string>): string | undefined {
  const isName = (j: number, beside = false) => {
    const w = words[j];
    // (a determiner names nothing either: « supprime cette planification »; nor a word that describes or a preposition:
    // "add outline as a custom minion", « ajoute un minion depuis https://… »)
    // (a participle describes, "le minion personnalisé kuma"; a word that opens a clause names nothing: "pause the
    // nightly-registry schedule until the disk is sorted")
    // (nor does a verb's past: "the bookstack minion taken out again")
    return !!w && !used.includes(j) && !w.stop && !DETERMINERS.has(w.text) && !NOT_NAMES.has(w.text) && !w.participle && !(pastWord(w) && /^\p{L}+$/u.test(w.text) && !apps.has(w.text)) && !CLAUSE_OPENERS.has(w.text) && !cues.includes(w.text) && !NAME_WORDS.has(w.text) && (apps.has(w.text) || !known.has(w.text) || (beside && !own.has(w.text))) && WORD.test(w.text) && !/^\d+$/.test(w.text) && !/^https?:/.test(w.text);
  };
  // (never past a word that opens another clause: "pause the nightly job while we migrate" names no "migrate")
  const passable = (j: number) => !!words[j] && (words[j]!.stop || NAME_WORDS.has(words[j]!.text) || words[j]!.participle || known.has(words[j]!.text) || cues.includes(words[j]!.text)) && !apps.has(words[j]!.text) && !CLAUSE_OPENERS.has(words[j]!.text);
  // (cues after the command's word first: "on a remplacé ce job par un cron, supprime la tâche planifiée nightly")
  const from = used.length ? Math.min(...used) : 0;
  const order = [...words.keys()].sort((a, b) => Number(a < from) - Number(b < from) || a - b);
  for (const i of order) {
    if (!cues.includes(words[i]!.text) && !NAME_WORDS.has(words[i]!.text)) continue;
    // ("move the old-wiki minion aside": a word shaped like a name before the cue, over a plain word after it)
    const shapedBefore = i > 0 && /[-_\d]/.test(words[i - 1]!.text) && !/[-_\d]/.test(words[i + 1]?.text ?? '-') && !NAME_WORDS.has(words[i]!.text);
    if (shapedBefore && isName(i - 1, true)) return words[i - 1]!.text;
    // ("show me what the nextcloud minion deploys": an app right before the cue, over a word after it that is none)
    // (not after a word that says which of the app's jobs: "pause the nightly ghost job" names no job "ghost")
    if (i > 0 && apps.has(words[i - 1]!.text) && !apps.has(words[i + 1]?.text ?? '') && !WHICH_JOB.has(words[i - 2]?.text ?? '') && isName(i - 1, true)) return words[i - 1]!.text;
    if (isName(i + 1, true)) return words[i + 1]!.text;
    // ("add outline as a custom minion", « ajoute outline comme minion perso »: the name said before "as" the cue)
    const as = [1, 2, 3].map((d) => i - d).find((k) => k > 0 && (words[k]!.text === 'as' || words[k]!.text === 'comme') && words.slice(k + 1, i).every((w) => DETERMINERS.has(w.text) || NOT_NAMES.has(w.text)));
    if (as !== undefined && isName(as - 1, true)) return words[as - 1]!.text;
    if (NAME_WORDS.has(words[i]!.text)) continue;
    if (i > 0 && !(apps.has(words[i - 1]!.text) && WHICH_JOB.has(words[i - 2]?.text ?? '')) && isName(i - 1, !DETERMINERS.has(words[i - 2]?.text ?? ''))) return words[i - 1]!.text;
    for (let j = i + 1; j <= i + 3 && j < words.length; j++) {
      // (« la tâche de nuit », "the job of the night": a plain word after "de" or "of" says which, it is no name)
      if (j > i + 1 && OF.has(words[j - 1]!.text) && !/[-_\d]/.test(words[j]!.text)) break;
      if (isName(j, words.slice(i + 1, j).every((w) => own.has(w.text)))) return words[j]!.text;
      if (!passable(j)) break;
    }
  }
  const shaped = words.flatMap((w, j) => (isName(j) && /[-_\d]/.test(w.text) ? [w.text] : []));
  return shaped.length === 1 ? shaped[0] : undefined;
}

const OF = new Set(['de', 'du', 'des', 'd', 'of']);
const WHICH_JOB = new Set(['nightly', 'weekly', 'daily', 'monthly', 'hourly', 'morning', 'evening', 'night', 'backup', 'sauvegarde']);
const CLAUSE_OPENERS = new Set(['while', 'whilst', 'because', 'when', 'if', 'until', 'till', 'during', 'since', 'after', 'before', 'but', 'and', 'we', 'i', 'you', 'pendant', 'parce', 'quand', 'si', 'mais', 'et', 'on', 'nous', 'je', 'j', 'que', 'qu']);
/** Words that describe what is named, or lead to something else: never the name. */
const NOT_NAMES = new Set(['custom', 'own', 'new', 'destructive', 'destructif', 'destructrice', 'load', 'loaded', 'charge', 'perso', 'personnel', 'personnalise', 'personnalisee', 'propre', 'nouveau', 'nouvelle', 'depuis', 'from', 'via', 'avec', 'with', 'for', 'pour', 'comme', 'as', 'here', 'ici', 'every', 'all', 'each', 'any', 'tous', 'toutes', 'chaque']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'our', 'my', 'le', 'la', 'les', 'l', 'un', 'une', 'ce', 'cette', 'notre', 'ma', 'mon']);

const GREETINGS = new Set(['hey', 'hi', 'hello', 'yo', 'ok', 'okay', 'salut', 'bonjour', 'coucou', 'thanks', 'merci', 'dear']);
/** The bot as "you", owning what a command acts on: "your own state", "yourself", « ton propre état », « toi-même ». */
const YOUR_OWN = /\b(?:(?:your|ur)\s+own|yourself|urself|yourselves|your\s+(?:state|config(?:uration)?|database)|(?:ton|ta|tes)\s+propres?|ton\s+(?:[ée]tat|config)|toi-m[êe]me)\b/iu;
/**
 * Summoner named as what a command acts on ("back up summoner's own state", "les sauvegardes de summoner"), not
 * addressed ("@summoner …", "summoner, …", "hey summoner …").
 */
export function saysSummoner(raw: Token[]): boolean {
  // ("back up your own state", "what backups do you have of yourself?", « sauvegarde ton propre état », « de toi-même »:
  // the bot said to as "you", as what the command acts on)
  if (YOUR_OWN.test(raw.map((r) => r.text).join(' '))) return true;
  return raw.some((r, i) => {
    const w = r.text.toLowerCase();
    // "summoner's own backups", "the bot's own state", "l'état du bot lui-même": named with its own, never addressed
    // ("any backups of the bot itself?", "le bot lui-même, son état": punctuation after it)
    const own = /^(summoner|bot)['’]s$/.test(w.replace(/[^a-z'’]/g, '')) || (/^(summoner|bot)$/.test(w.replace(/[^a-z]/g, '')) && /^(own|itself|lui-m[eê]me)$/.test(raw[i + 1]?.text.toLowerCase().replace(/[?!.,;:]+$/, '') ?? ''));
    if (own && !w.startsWith('@')) return true;
    // ("les backups du bot, tu me les listes ?", "the backups of the bot": the bot as what the backups are of)
    const of = raw[i - 1]?.text.toLowerCase() === 'the' ? i - 2 : i - 1;
    if (w.replace(/[^a-z]/g, '') === 'bot' && ['du', 'of'].includes(raw[of]?.text.toLowerCase() ?? '') && /^(backups?|sauvegardes?|snapshots?|dumps?)$/.test(raw[of - 1]?.text.toLowerCase() ?? '')) return true;
    // ("run backup summoner, would you?": right after the backup word it is what is backed up, comma or not)
    if (i > 0 && /^(backup|backups|sauvegarde|sauvegardes|restore|restaure)$/.test(raw[i - 1]!.text.toLowerCase()) && w.replace(/[^a-z]/g, '') === 'summoner') return true;
    if (w.startsWith('@') || /[,:!]$/.test(w) || w.replace(/['’]s$/, '').replace(/[^a-z]/g, '') !== 'summoner') return false;
    return !raw.slice(0, i).every((x) => GREETINGS.has(x.text.toLowerCase().replace(/[^a-z]/g, '')));
  });
}

/** "that runs", "which does", "to run", « qui lance », « pour lancer »: what introduces a job's command line. */
const LINE_INTRO = /^(?:that|which|to|and|qui|pour|et)\s+(?:runs?|does|do|executes?|launch(?:es)?|lance[rz]?|fait|faire|ex[ée]cute[rz]?|d[ée]clenche[rz]?)$/iu;
const plainWord = (r: Token) => r.text.toLowerCase();
const TRAILING_POLITE = new Set(['please', 'pls', 'plz', 'thanks', 'thx', 'stp', 'svp', 'merci']);
const POLITE_TAILS = new Set(["s'il te plait", "s'il vous plait", 'thank you', 'merci beaucoup']);
/** The command line said after a quoted cron expression (`schedule add nightly "0 3 * * *" backup all`). */
export function lineAfterCron(raw: Token[]): string | undefined {
  const at = raw.findIndex((r) => r.quoted && isCron(r.text));
  if (at < 0) return undefined;
  // (the line ends where a clause of the message begins after a comma: '… "15 2 * * *" backup wekan, Camille est
  // d'accord', '… report, so the day shift has it ready')
  const cut = raw.findIndex((r, i) => i > at && !r.quoted && /,$/.test(r.text));
  const rest = raw.slice(at + 1, cut > at ? cut + 1 : undefined);
  if (cut > at) rest[rest.length - 1] = { ...rest[rest.length - 1]!, text: rest[rest.length - 1]!.text.replace(/,$/, '') };
  // (the closing backtick of a line pasted in a code span: '`schedule add wekan-hebdo "0 4 * * 0" backup wekan`')
  if (rest.length && !rest[rest.length - 1]!.quoted && /^[^`]+`$/.test(rest[rest.length - 1]!.text)) rest[rest.length - 1] = { ...rest[rest.length - 1]!, text: rest[rest.length - 1]!.text.slice(0, -1) };
  // (and what closes the message, not the line: a question mark, « s'il te plaît », "thank you")
  const last = () => rest[rest.length - 1]!;
  const plain = (r: Token) => r.text.toLowerCase().replace(/[’]/g, "'").replace(/[îï]/g, 'i').replace(/[.!,;?]+$/, '');
  const tail = (n: number) => rest.length >= n && POLITE_TAILS.has(rest.slice(-n).map(plain).join(' '));
  for (;;) {
    if (!rest.length || last().quoted) break;
    if (/^[?!.]+$/.test(last().text)) rest.pop();
    else if (/[?]+$/.test(last().text)) rest[rest.length - 1] = { ...last(), text: last().text.replace(/[?!.]+$/, '') };
    else if (TRAILING_POLITE.has(plain(last()))) rest.pop();
    else if (tail(3)) rest.splice(-3);
    else if (tail(2)) rest.splice(-2);
    else break;
  }
  // (schedule's own flags typed right after the cron, '… "0 5 * * 6" --destructive prune nextcloud', are no part of the line)
  while (rest.length && !rest[0]!.quoted && /^--[a-z][\w-]*$/.test(rest[0]!.text)) rest.shift();
  // ('… "30 1 * * *" that runs backup wekan', « … qui lance backup wekan », « … pour verify gitlab »: the words that
  // introduce the line are no part of it)
  if (rest.length > 2 && !rest[0]!.quoted && !rest[1]!.quoted && LINE_INTRO.test(`${plainWord(rest[0]!)} ${plainWord(rest[1]!)}`)) rest.splice(0, 2);
  else if (rest.length > 1 && !rest[0]!.quoted && /^(?:running|executing|lan[cç]ant|ex[ée]cutant|pour|to)$/iu.test(rest[0]!.text)) rest.shift();
  // "that runs "backup ghost" at "0 3 * * *"": the command line quoted before the cron, when nothing follows it
  const quoted = raw.filter((r, i) => i !== at && r.quoted && !isCron(r.text));
  if (rest.length === 0) return quoted.length === 1 ? quoted[0]!.text : undefined;
  if (rest.length === 1 && rest[0]!.quoted) return rest[0]!.text;
  return rest.map((r) => (r.quoted ? renderValue(r.text) : r.text)).join(' ').replace(/[.!]+$/, '');
}
