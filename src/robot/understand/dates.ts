// Dates in words, English and French, read from normalised words (lower case, no accents): what a backup
// date argument can be. The result is what `restore`/`verify` take: a UTC date prefix (2026-11-20), an exact
// ISO prefix as typed (2026-11-20T10:15), a backup's file name, or `latest`. Pure: `now` is injected.

export interface DateHit {
  /** The value for the argument. */
  value: string;
  /** Indices of the words it used. */
  used: number[];
  /** Said in words (yesterday, vendredi dernier): the value was computed, not typed. */
  computed: boolean;
  /** A day still to come (tomorrow, next monday, demain): no backup can be from it. */
  future?: boolean;
  /** A span, not a day ("last month", "le mois dernier"): no one backup is meant. */
  vague?: boolean;
  /** The day typed with both numbers 12 or less read month first ("12/01": 1 December as well as 12 January). */
  monthFirst?: string;
  /** "last tuesday" said on a Wednesday: yesterday (the value) or the Tuesday a week before it (this). */
  weekBefore?: string;
}

import { daysInWords, numberWord } from './numbers.js';

const DAY_MS = 86_400_000;
export const WEEKDAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
};
const SHORT_WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6 };
/** French weekdays typed short (« de ven dernier », « depuis lun »): read only beside « dernier » or after « depuis ». */
const SHORT_WEEKDAYS_FR: Record<string, number> = { dim: 0, lun: 1, mer: 3, jeu: 4, ven: 5, sam: 6 };
const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
};
const NUMBERS: Record<string, number> = {
  one: 1, a: 1, an: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7,
};
/** Words a date is said with: never read as a typo of a command word ("good morning" is not "working"). */
export const DATE_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(WEEKDAYS), ...Object.keys(MONTHS), 'yesterday', 'today', 'tonight', 'morning', 'afternoon', 'evening', 'night', 'ago',
  'week', 'weeks', 'days', 'fortnight', 'hier', 'aujourdhui', 'matin', 'soir', 'nuit', 'semaine', 'semaines', 'jours', 'avant-hier',
  'tomorrow', 'demain', 'next', 'prochain', 'prochaine', 'apres-demain',
]);
/** Days and spans that dates.ts reads only in some places ("from thu", never "thu's backup"), and spans it never reads
 * ("a fortnight ago", « il y a une quinzaine », "last month"): left unread, they are no reason to take the latest backup.
 * (Not "mon", French's « mon », nor "sam", "dim", which are words or names too.) */
const UNREAD_DAYS = new Set(['tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'lun', 'mer', 'jeu', 'ven', 'fortnight', 'fortnights', 'quinzaine', 'month', 'months', 'mois', 'year', 'years', 'ans', 'annee']);
/** A word that says a day or a span, read or not: with none read, a restore has no reason to take the latest. */
export const isDayWord = (w: string): boolean => DATE_WORDS.has(w) || UNREAD_DAYS.has(w);
/** "before" as typed in haste. */
const BEFORE_TYPED = new Set(['before', 'befor', 'bfore', 'b4', 'befoe']);
/** A backup's nouns: a short weekday before one is its day ("thu's backup", "wed dump"). */
const BACKUP_NAMES = new Set(['backup', 'backups', 'dump', 'snapshot', 'copy']);
/** Words that name the newest backup ("the latest", « la dernière »). */
export const LATEST = new Set(['latest', 'newest', 'freshest', 'derniere', 'dernier', 'recent', 'recente', 'fraiche']);
/** What « dernier » follows when it is the latest backup (« la dernière », « sa dernière sauvegarde », « celle du dernier »). */
const LATEST_OF = new Set(['sauvegarde', 'sauvegardes', 'backup', 'backups', 'copie', 'dump', 'version', 'snapshot', 'image']);
const BEFORE_LATEST = new Set(['la', 'le', 'l', 'sa', 'son', 'leur', 'notre', 'votre', 'ta', 'ton', 'ma', 'mon', 'du', 'de', 'des', 'd', 'cette', 'ce', 'plus', 'tout', 'toute', 'tres', 'a', 'au', 'une', 'un', 'en', 'par', 'avec', 'et', 'ou', 'stp', 'svp', ...LATEST_OF]);

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A past weekday: the most recent one strictly before today ("friday" said on a Friday is a week ago). */
function lastWeekday(now: number, day: number): string {
  const today = new Date(now).getUTCDay();
  const back = ((today - day + 7) % 7) || 7;
  return isoDay(now - back * DAY_MS);
}

/**
 * A weekday said bare ("on friday", « vendredi »), with no "last", « dernier », « passé », "since": for a command that
 * takes no date, the coming one (a plan), as a restore's bare "friday" is the past one.
 */
export function bareWeekday(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  if (WEEKDAYS[w] === undefined && !(SHORT_WEEKDAYS[w] !== undefined && words[i - 1] === 'on')) return false;
  const prev = words[i - 1] === 'on' ? words[i - 2] : words[i - 1];
  // (nor a day that names a backup: "bring back monday's copy", "monday's backup")
  return !['last', 'since', 'from', 'depuis', 'of', 'de', 'du', 'this', 'ce', 'before', 'avant', 'by', 'until', 'till', 'jusqu', "jusqu'a", "jusqu'au"].includes(prev ?? '') && !['dernier', 'passe', 'derniere', 'copy', 'backup', 'backups', 'snapshot', 'dump', 'state', 'version'].includes(words[i + 1] ?? '') && !/^\d/.test(words[i + 1] ?? '');
}

// (findDate looks at every word of most readings: its patterns and word lists are made once)
const ISO_DAY = /^\d{4}-\d{2}-\d{2}(t[\d:]+z?)?$/;
const BACKUP_FILE = /^[a-z0-9][a-z0-9_-]*-\d{8}t\d{6}z[\w.-]*$/;
const SLASHED_DAY = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/;
/**
 * A day written year first with slashes ("2026/11/28", as in much of Asia): the full year first leaves no doubt about
 * the order. Not with dots: "2024.11.5" is a calendar version (Home Assistant's, Ubuntu's), and "28.11.2026" is left
 * asked, as "28.11" is (a day, or a version?).
 */
const YEAR_FIRST_DAY = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
/** 30.11.2026: day first with dots, as Germany, Switzerland and much of Europe write it (with its year only: "17.6" is a version). */
const DOTTED_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DAY_RANGE = /^\d{1,2}-\d{1,2}$/;
const DAYS_OR_WEEKS = /^(?:days?|jours?|weeks?|semaines?)$/;
const ORDINAL = /^(\d{1,2})(st|nd|rd|th|er)$/;
/** An ordinal in words ("eighth", "twentieth", "first"). */
const ORDINAL_WORD = /^(?:(?:twenty|thirty)-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\p{L}+teenth|twentieth|thirtieth)$/u;
/** Nouns an ordinal ranks ("5th grade", "2nd floor", "3rd try", « 1er étage »): then it is no day of the month. */
const RANKED = new Set(['grade', 'graders', 'floor', 'time', 'times', 'try', 'attempt', 'place', 'row', 'line', 'page', 'edition', 'anniversary', 'birthday', 'year', 'class', 'period', 'street', 'step', 'item', 'etage', 'fois', 'annee', 'classe', 'essai', 'ligne']);
const DAY_NUMBER = /^(\d{1,2})$/;
const LETTER_FIRST = /^\p{L}/u;
const CHOICE = new Set(['or', 'ou', 'to', 'a']);
const DU_AU = new Set(['du', 'au']);
const LE_DU_AU = new Set(['le', 'du', 'au']);
/** A small count, in digits or a word ("two or three days"). */
function isCount(x?: string): boolean {
  return x !== undefined && (/^\d{1,3}$/.test(x) || NUMBERS[x] !== undefined);
}

/** Words that make the day after them a rough one: "around the 20th", « autour du 20 », « vers le 20 ». */
const ROUGHLY = new Set(['around', 'about', 'approximately', 'roughly', 'circa', 'approx', 'autour', 'environ', 'vers', 'alentours']);
const ROUGH_FILLERS = new Set(['the', 'le', 'la', 'du', 'de', 'd', 'des', 'aux']);

/** The first date said in `words` (normalised), or undefined; a day said roughly is a span (`vague`), asked. */
/** "from yesterday at 14h30", « d'hier à 14h30 »: a day gone by and its time, one moment (the backup then). */
function atHour(said: readonly string[], d: DateHit | undefined): DateHit | undefined {
  if (!d || d.future || d.vague || !/^\d{4}-\d{2}-\d{2}$/.test(d.value) || d.used.length === 0) return d;
  const after = Math.max(...d.used) + 1;
  // (only a time said to the minute, "at 14h30", "at 02:15": "at 3am" and « lundi à 2h du matin » name that night's backup,
  // its day; "around 6pm" is no backup's time)
  if (!['at', 'a'].includes(said[after] ?? '')) return d;
  const m = /^(\d{1,2})(?:h(\d{2})|:(\d{2}))$/.exec(said[after + 1] ?? '');
  if (!m) return d;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3]);
  if (hour > 23 || minute > 59) return d;
  return { ...d, value: `${d.value}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, used: [...d.used, after, after + 1] };
}

/** A weekday of the week before this one (weeks run Monday to Sunday), said with "last week" or « la semaine dernière » beside it. */
function weekdayOfLastWeek(words: readonly string[], i: number, now: number): DateHit | undefined {
  const day = (wd: number, used: number[]): DateHit => {
    const monday = now - (((new Date(now).getUTCDay() + 6) % 7) + 7) * DAY_MS;
    return { value: isoDay(monday + ((wd + 6) % 7) * DAY_MS), used, computed: true };
  };
  const w = words[i]!;
  if (w === 'last' && words[i + 1] === 'week' && WEEKDAYS[words[i + 2] ?? ''] !== undefined) return day(WEEKDAYS[words[i + 2]!]!, [i, i + 1, i + 2]);
  const wd = WEEKDAYS[w];
  if (wd === undefined) return undefined;
  const of = words[i + 1] === 'of' ? 1 : 0;
  if (words[i + 1 + of] === 'last' && words[i + 2 + of] === 'week') return day(wd, Array.from({ length: 3 + of }, (_, k) => i + k));
  if (words[i + 1] === 'de' && words[i + 2] === 'la' && words[i + 3] === 'semaine' && ['derniere', 'passee'].includes(words[i + 4] ?? '')) return day(wd, [i, i + 1, i + 2, i + 3, i + 4]);
  return undefined;
}

export function findDate(said: readonly string[], now: number): DateHit | undefined {
  const d = atHour(said, firstDate(said, now));
  if (!d || d.vague || !d.computed || d.used.length === 0) return d;
  let k = Math.min(...d.used) - 1;
  while (k >= 0 && ROUGH_FILLERS.has(said[k]!)) k--;
  return k >= 0 && ROUGHLY.has(said[k]!) ? { value: '', used: d.used, computed: true, vague: true } : d;
}

function firstDate(said: readonly string[], now: number): DateHit | undefined {
  // (a month said, or an ordinal in words: "from the twenty eighth")
  const words = said.some((w) => MONTHS[w] !== undefined || ORDINAL_WORD.test(w)) ? daysInWords(said, (w) => MONTHS[w] !== undefined && w !== 'may' && w !== 'mar') : said;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    const prev = words[i - 1];
    // typed: an ISO date or date-time prefix, or a backup's file name
    // (a day typed after today, "2026-12-05" on the 2nd, is one no backup is from yet: a slip, asked)
    if (ISO_DAY.test(w)) return { value: w.replace('t', 'T').replace(/z$/, 'Z'), used: [i], computed: false, ...(w.slice(0, 10) > isoDay(now) ? { future: true } : {}) };
    if (BACKUP_FILE.test(w)) return { value: w.replace(/(\d{8})t(\d{6})z/, '$1T$2Z'), used: [i], computed: false };
    const yearFirst = YEAR_FIRST_DAY.exec(w);
    if (yearFirst) {
      const v = dayMonth(Number(yearFirst[3]), Number(yearFirst[2]), Number(yearFirst[1]), now);
      if (v) return { value: v, used: [i], computed: true, ...ahead(v, now) };
    }
    // 20/11 or 20/11/2026: day first (French and most of Europe)
    const dm = SLASHED_DAY.exec(w);
    if (dm) {
      const year = dm[3] ? Number(dm[3].length === 2 ? `20${dm[3]}` : dm[3]) : undefined;
      const v = dayMonth(Number(dm[1]), Number(dm[2]), year, now);
      // (in English the month may come first: "12/01" is 1 December to an American)
      const other = Number(dm[1]) <= 12 && dm[1] !== dm[2] ? dayMonth(Number(dm[2]), Number(dm[1]), year, now) : undefined;
      if (v) return { value: v, used: [i], computed: true, ...ahead(v, now), ...(other && other !== v ? { monthFirst: other } : {}) };
      // ("11/30": only a month first reads)
      const usOnly = Number(dm[1]) <= 12 ? dayMonth(Number(dm[2]), Number(dm[1]), year, now) : undefined;
      if (usOnly) return { value: usOnly, used: [i], computed: true, ...ahead(usOnly, now) };
    }
    const dotted = DOTTED_DAY.exec(w);
    const dottedDay = dotted ? dayMonth(Number(dotted[1]), Number(dotted[2]), Number(dotted[3]), now) : undefined;
    if (dottedDay) return { value: dottedDay, used: [i], computed: true, ...ahead(dottedDay, now) };
    // days to come: read, so that they are never dropped, and marked, so that no backup is looked for in them
    if (w === 'tomorrow' || w === 'demain' || w === 'apres-demain') return { value: isoDay(now + (w === 'apres-demain' ? 2 : 1) * DAY_MS), used: [i], computed: true, future: true };
    if ((w === 'next' && next && (WEEKDAYS[next] !== undefined || next === 'week' || next === 'month')) || ((w === 'prochain' || w === 'prochaine') && prev && (WEEKDAYS[prev] !== undefined || prev === 'semaine' || prev === 'mois'))) {
      const day = WEEKDAYS[w === 'next' ? next! : prev!];
      const ahead = day === undefined ? 7 : ((day - new Date(now).getUTCDay() + 7) % 7) || 7;
      return { value: isoDay(now + ahead * DAY_MS), used: w === 'next' ? [i, i + 1] : [i - 1, i], computed: true, future: true };
    }
    if (w === 'yesterday' || w === 'hier') {
      // "hier soir", "yesterday evening": still yesterday
      return { value: isoDay(now - DAY_MS), used: [i], computed: true };
    }
    if (w === 'avant-hier' || (w === 'avant' && next === 'hier')) return { value: isoDay(now - 2 * DAY_MS), used: next === 'hier' ? [i, i + 1] : [i], computed: true };
    // ("the day befor yesterday", "day b4 yesterday": "before" as it is mistyped or shortened)
    if (w === 'day' && BEFORE_TYPED.has(next ?? '') && words[i + 2] === 'yesterday') return { value: isoDay(now - 2 * DAY_MS), used: [i, i + 1, i + 2], computed: true };
    // ("restore the wekan of before yesterday": "antes de ayer" said word for word is the day before yesterday too)
    if (w === 'before' && next === 'yesterday') return { value: isoDay(now - 2 * DAY_MS), used: [i, i + 1], computed: true };
    // ("restore wekan from tonight's backup", said in the morning: the night to come, whose backup has not run yet)
    if (w === 'tonight') return { value: isoDay(now), used: [i], computed: true, ...(new Date(now).getUTCHours() < 18 && (next === 's' || BACKUP_NAMES.has(next ?? '') || words[i - 1] === 'from') ? { future: true } : {}) };
    if (w === 'today' || w === 'aujourdhui') return { value: isoDay(now), used: [i], computed: true };
    // this morning, ce matin, last night, cette nuit (the nightly backup ran early today, UTC)
    if ((w === 'this' || w === 'ce' || w === 'cet') && (next === 'morning' || next === 'mornings' || next === 'matin' || next === 'afternoon' || next === 'apres-midi')) return { value: isoDay(now), used: [i, i + 1], computed: true };
    // (« le backup d'à matin »: Québec's « à matin », this morning)
    if (w === 'a' && next === 'matin' && words[i - 1] === 'd') return { value: isoDay(now), used: [i, i + 1], computed: true };
    // ("last nights backup": its apostrophe left out)
    if ((w === 'last' && (next === 'night' || (next === 'nights' && BACKUP_NAMES.has(words[i + 2] ?? '')))) || (w === 'cette' && next === 'nuit')) return { value: isoDay(now), used: [i, i + 1], computed: true };
    // ("la nuit dernière": last night said the French way, never "the latest")
    if (w === 'nuit' && (next === 'derniere' || next === 'passee')) return { value: isoDay(now), used: [i, i + 1], computed: true };
    // "two or three days ago", « il y a 2 ou 3 jours », "2-3 days ago": days said as a choice are no day; asked
    if (isCount(w) && CHOICE.has(next ?? '') && isCount(words[i + 2]) && DAYS_OR_WEEKS.test(words[i + 3] ?? '')) return { value: '', used: [i, i + 1, i + 2, i + 3], computed: true, vague: true };
    if (DAY_RANGE.test(w) && DAYS_OR_WEEKS.test(next ?? '')) return { value: '', used: [i, i + 1], computed: true, vague: true };
    // N days ago / il y a N jours / a week ago
    // ("3 days back", "a fortnight ago": British English, "back" for "ago" after a count of days or weeks, a fortnight two weeks)
    if (next && (next === 'days' || next === 'day' || next === 'jours' || next === 'jour' || next === 'weeks' || next === 'week' || next === 'semaine' || next === 'semaines' || next === 'fortnight' || next === 'fortnights')) {
      const n = /^\d{1,3}$/.test(w) ? Number(w) : NUMBERS[w];
      const after = words[i + 2];
      // ("restore static from 2 days before please": "before" said for "ago" when nothing follows it but politeness)
      const back = (after === 'back' || (after === 'before' && (words[i + 3] === undefined || ['please', 'pls', 'plz', 'thanks', 'asap'].includes(words[i + 3]!)))) && /^(?:days?|weeks?|fortnights?)$/.test(next);
      const ago = after === 'ago' || back || (prev === 'a' && words[i - 2] === 'y') || prev === 'depuis';
      if (n !== undefined && ago) {
        const days = n * (next.startsWith('fortnight') ? 14 : next.startsWith('week') || next.startsWith('semaine') ? 7 : 1);
        const used = after === 'ago' || back ? [i, i + 1, i + 2] : [i - 2, i - 1, i, i + 1].filter((k) => k >= 0);
        // ("a week ago today", « il y a une semaine aujourd'hui »: counted from today, one day)
        const today = words[Math.max(...used) + 1];
        if (today === 'today' || today === 'aujourdhui') used.push(Math.max(...used) + 1);
        return { value: isoDay(now - days * DAY_MS), used, computed: true };
      }
    }
    // ("last week's tuesday", "thursday last week", "monday of last week", « mardi de la semaine dernière »)
    const ofLastWeek = weekdayOfLastWeek(words, i, now);
    if (ofLastWeek) return ofLastWeek;
    if (w === 'last' && (next === 'week')) return { value: isoDay(now - 7 * DAY_MS), used: [i, i + 1], computed: true };
    // (« la semaine passée »: the week past)
    if (w === 'semaine' && (next === 'derniere' || next === 'passee')) return { value: isoDay(now - 7 * DAY_MS), used: [i, i + 1], computed: true };
    // last friday, friday, vendredi dernier, vendredi ("from sun", "on fri": short, only after a word that dates)
    const wd = WEEKDAYS[w] ?? (SHORT_WEEKDAYS[w] !== undefined && (['from', 'on', 'since', 'last', 'to', 'of'].includes(prev ?? '') || BACKUP_NAMES.has(next ?? '')) ? SHORT_WEEKDAYS[w] : SHORT_WEEKDAYS_FR[w] !== undefined && (prev === 'depuis' || ['dernier', 'passe'].includes(next ?? '')) ? SHORT_WEEKDAYS_FR[w] : undefined);
    if (wd !== undefined && (next === 'prochain' || next === 'prochaine')) continue; // read on "prochain"
    if (wd !== undefined) {
      // "jeudi le 26", "thursday the 26th", "jeudi 26": a day of the month said with its weekday, when they agree
      const numAt = /^\d{1,2}(st|nd|rd|th|er)?$/.test(next ?? '') ? i + 1 : ['le', 'the'].includes(next ?? '') && /^\d{1,2}(st|nd|rd|th|er)?$/.test(words[i + 2] ?? '') ? i + 2 : -1;
      if (numAt > 0 && MONTHS[words[numAt + 1] ?? ''] === undefined && !['of', 'de'].includes(words[numAt + 1] ?? '')) {
        const v = dayOfMonth(parseInt(words[numAt]!, 10), now);
        const used = Array.from({ length: numAt - i + 1 }, (_, k) => i + k);
        if (v && new Date(`${v}T00:00:00Z`).getUTCDay() === wd) return { value: v, used, computed: true };
        // ("friday the 26th", when the 26th was a thursday: which one is meant is asked, never guessed)
        if (v) return { value: '', used, computed: true, vague: true };
      }
      // "saturday 28 november", "samedi 28 novembre": the day of the month that follows says which one
      const dayAfter = /^\d{1,2}(st|nd|rd|th|er)?$/.test(next ?? '') || next === 'the' ? findDate(words.slice(i + 1, i + 5), now) : undefined;
      if (dayAfter && !dayAfter.future && !dayAfter.vague && dayAfter.used[0]! <= 1) return { ...dayAfter, used: [i, ...dayAfter.used.map((k) => k + i + 1)] };
      const used = [i];
      if (prev === 'last' || prev === 'on') used.unshift(i - 1);
      if (next === 'dernier') used.push(i + 1);
      const value = lastWeekday(now, wd);
      // ("last tuesday", « mardi dernier » said on a Wednesday: many mean the week before, not yesterday; both are asked)
      const saidLast = prev === 'last' || next === 'dernier' || next === 'passe';
      if (saidLast && value === isoDay(now - DAY_MS)) return { value, used, computed: true, weekBefore: isoDay(now - 8 * DAY_MS) };
      return { value, used, computed: true };
    }
    // 20 november, november 20, november 20th, le 20 novembre
    const month = MONTHS[w];
    if (month !== undefined && (w.length > 3 || prev && /^\d/.test(prev) || next && /^\d/.test(next))) {
      // "the 20th of november", "le 20 de novembre"
      const ofDay = (prev === 'of' || prev === 'de') && words[i - 2] && /^\d{1,2}(st|nd|rd|th|er)?$/.test(words[i - 2]!);
      const before = ofDay ? /^(\d{1,2})(st|nd|rd|th|er)?$/.exec(words[i - 2]!) : prev ? /^(\d{1,2})(st|nd|rd|th|er)?$/.exec(prev) : null;
      // ("october the 3rd", "december the first")
      const the = next === 'the' && /^\d{1,2}(st|nd|rd|th)$/.test(words[i + 2] ?? '') ? 1 : 0;
      const afterM = next ? /^(\d{1,2})(st|nd|rd|th|er)?$/.exec(the ? words[i + 2]! : next) : null;
      const yearWord = words[i + (afterM ? 2 + the : 1)];
      const year = yearWord && /^\d{4}$/.test(yearWord) ? Number(yearWord) : undefined;
      const dayNum = before ? Number(before[1]) : afterM ? Number(afterM[1]) : undefined;
      if (dayNum !== undefined) {
        const v = dayMonth(dayNum, month, year, now);
        if (v) {
          const used = [before ? (ofDay ? i - 2 : i - 1) : i + 1 + the, ...(ofDay ? [i - 1] : []), ...(the && !before ? [i + 1] : []), i, ...(year ? [i + (afterM ? 2 + the : 1)] : [])].sort((a, b) => a - b);
          return { value: v, used, computed: true, ...ahead(v, now) };
        }
      }
    }
    // a day of this month or the last: "the 28th", "le 28", "du 28", « au vingt-sept » (the most recent such day)
    // (in words only after « au » / « du » and at the message's end or before a "please": « le deux » is no day)
    const inWords = DU_AU.has(prev ?? '') && LETTER_FIRST.test(w) && (next === undefined || ['stp', 'svp', 'please', 'merci', 'pas', 'et', 'mais', 'car', 'parce', 'on', 'il', 'quelqu'].includes(next)) ? numberWord(w) : undefined;
    // ("the whole 5th grade folder", "the 3rd try": an ordinal that ranks the noun after it is no day)
    const ord = (RANKED.has(next ?? '') ? null : ORDINAL.exec(w)) ?? (LE_DU_AU.has(prev ?? '') && DAY_NUMBER.test(w) && !MONTHS[next ?? ''] ? DAY_NUMBER.exec(w) : null) ?? (inWords !== undefined && inWords >= 1 && inWords <= 31 ? ['', String(inWords)] : null);
    if (ord && !(next && MONTHS[next] !== undefined) && !(prev && MONTHS[prev] !== undefined) && !(next === 'of' || next === 'de')) {
      const v = dayOfMonth(Number(ord[1]), now);
      // ("restore ghost from the 3rd" on the 2nd: this month's is to come, last month's a month back; which is asked)
      if (v && now - Date.parse(`${v}T00:00:00Z`) > 20 * DAY_MS) return { value: '', used: [i], computed: true, vague: true };
      if (v) return { value: v, used: [i], computed: true };
    }
    // "last month", "le mois dernier", "a month ago", "il y a un mois": a span, not a day
    if (((w === 'last' || w === 'this') && (next === 'month' || next === 'year')) || ((w === 'dernier' || w === 'derniere') && (prev === 'mois' || prev === 'annee')) || ((w === 'month' || w === 'months') && next === 'ago') || ((w === 'mois' || w === 'an' || w === 'ans') && words.slice(Math.max(0, i - 3), i).includes('y'))) {
      return { value: '', used: [i], computed: true, vague: true };
    }
    // "la dernière fois", "last time": a moment in a story, not a backup
    if (LATEST.has(w) && (next === 'fois' || next === 'time')) continue;
    // "the last backup", "the last one": the latest ("last" alone opens a day: "last friday")
    if (w === 'last' && ['backup', 'snapshot', 'one', 'copy', 'dump'].includes(next ?? '')) return { value: 'latest', used: [i], computed: false };
    // (« de la veille de la mise à jour », « le lendemain du lancement »: a day placed by an event, asked, never read as
    // another request)
    if ((w === 'veille' || w === 'lendemain') && (prev === 'la' || prev === 'le')) return { value: '', used: [i - 1, i], computed: true, vague: true };
    // (« de truc dernier », « du ven dernier » unread: put after its noun, « dernier » is that noun's last one, a day
    // not read, never the latest backup; after a number, « les 10 derniers », it counts)
    if ((w === 'dernier' || w === 'derniere') && prev && !BEFORE_LATEST.has(prev) && numberWord(prev) === undefined && !LATEST_OF.has(next ?? '')) return { value: '', used: [i - 1, i], computed: true, vague: true };
    if (LATEST.has(w) && !(w === 'dernier' && prev && WEEKDAYS[prev] !== undefined)) {
      // "the latest", "la dernière", "the most recent one": the default
      if ((w === 'recent' || w === 'fraiche') && prev !== 'most' && prev !== 'plus') continue;
      return { value: 'latest', used: prev === 'most' || prev === 'plus' ? [i - 1, i] : [i], computed: false };
    }
  }
  return undefined;
}

/** The most recent day `day` of a month, today included. */
function dayOfMonth(day: number, now: number): string | undefined {
  const d = new Date(now);
  for (let back = 0; back < 3; back++) {
    const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, day);
    if (new Date(t).getUTCDate() === day && t <= now) return isoDay(t);
  }
  return undefined;
}

/**
 * A day and month (and maybe year) as an ISO day; without a year, this year's. A day still to come this year is not
 * taken back a year ("December 5th", « 05/12 » said on 2 December is the coming one mistyped or misremembered far more
 * often than last year's): the callers mark it to come, so that it is asked.
 */
function dayMonth(day: number, month: number, year: number | undefined, now: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const t = Date.UTC(year ?? new Date(now).getUTCFullYear(), month - 1, day);
  if (new Date(t).getUTCDate() !== day) return undefined;
  return isoDay(t);
}

/** `{ future: true }` when an ISO day is after today's, else nothing: spread into a DateHit. */
function ahead(day: string, now: number): { future?: true } {
  return day > isoDay(now) ? { future: true } : {};
}
