// A schedule to add, said in words rather than as a cron line: "add a schedule wekan-nightly every night at 3am that
// backs up wekan", "schedule a verify of nextcloud every friday at 6pm, call it nc-verify", « ajoute une tâche
// wekan-nuit tous les soirs à 23h qui sauvegarde wekan », « planifie certs du lundi au vendredi à 8h, nom
// certifs-matin ». Only a request to add one (opening on its verb, or asked for), with a name, a recurrence and a time
// of day all said: this finds the name, writes the cron, and gives back what is left, the command to run, for the
// understanding step to read. Anything missing, a negation, a wish or a hypothesis: undefined (the message is read as
// before, and a schedule said in words is asked with the exact form). Pure.
import { WEEKDAYS } from './dates.js';
import { normalise } from './words.js';

export interface ScheduleSaid {
  name: string;
  cron: string;
  /** The message with the schedule's own words taken out: the command it runs ("backs up wekan", "the report"). */
  rest: string;
}

/** What opens a request to add a schedule: its verb, or a request for it ("can you set up…", « tu peux planifier… »). */
const OPENS = /^(?:(?:ok|okay|hey|hi|please|pls|so|and|also|bot|summoner|salut|bonjour|alors|et|aussi|stp|svp)[\s,!:]+)*(?:(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?|(?:tu\s+peux|peux-tu|pouvez-vous|vous\s+pouvez)\s+)?(?:add|create|set\s+up|setup|schedule|new|make|ajoute[rz]?|cr[ée]e[rz]?|planifie[rz]?|programme[rz]?|nouvelle|nouveau|mets?\s+en\s+place|t[âa]che|job)\b/u;
/** A wish, a hypothesis, a negation or a question of whether: nothing to add now. */
const NOT_NOW = /\b(?:not|don'?t|never|no|maybe|perhaps|should|might|would\s+be|if|whether|ne|pas|jamais|peut-[êe]tre|devrait|faudrait|si)\b/u;
/** Told as done ("I added a schedule called nightly-w…", « on a créé la tâche … »): nothing to add now. */
const TOLD = /\b(?:i|we|he|she|they|someone|somebody|who)\s+(?:already\s+|just\s+)?(?:added|created|made|scheduled|planned|set\s+up|had|did|was|were)\b|\b(?:j'ai|on\s+a|il\s+a|elle\s+a|ils\s+ont|avons|avez|a\s+ete|qqn\s+a|quelqu'un\s+a)\s+(?:deja\s+)?\p{L}+/u;
/** A question that asks for it ("can you add…?", « tu peux planifier… ? »), unlike one about it ("did you add…?"). */
const ASKS_FOR_IT = /^(?:\S+[\s,!:]+){0,2}(?:(?:can|could|would)\s+(?:you|u)|tu\s+peux|peux-tu|pouvez-vous|vous\s+pouvez)\b/u;

/** The job's name: after a word that names it, or a word shaped like one (a hyphen or an underscore inside). */
const NAMED = /\b(?:called|named|name\s+it|call\s+it|(?:(?:job|schedule|task)\s+)?name(?:\s*:|\s+is)?|nommee?|appelee?|s'appelle|appelle(?:-la|-le|\s+ca)?(?:\s+la\s+tache)?|nom(?:\s*:)?)\s+[`"'«]?\s*(?!(?:of|for|the|it|is|de|du|la|le|les|des|a|an)\b)([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)/u;
const SHAPE = String.raw`([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)(?![\w-])`;
/** …after the word for a job ("add a schedule wekan-nightly", « une tâche planifiée ghost-hebdo »), or before a colon ("set up gitlab-backup: …"). */
const SHAPED_AFTER = new RegExp(String.raw`\b(?:schedule|job|task|cron|tache|planification|planifiee|programmee|set\s+up|setup)\s+` + SHAPE, 'u');
const SHAPED_BEFORE_COLON = new RegExp(String.raw`(?<![\w-])` + SHAPE + String.raw`\s*:`, 'u');

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12 };
const HOUR = String.raw`(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze)`;
/** A time of day: "at 3am", "at 3:30", "at half past eight", "at nine in the morning", « à 23h », « à 17h30 », « à 2h du mat ». */
const TIME = new RegExp(
  String.raw`\b(?:at|a|à|vers)\s+(?:(half|quarter)\s+past\s+${HOUR}|${HOUR}(?:(?::|h)(\d{2}))?\s*(am|pm|h|heures?)?(?:\s+(?:et\s+demie|in\s+the\s+(morning|evening|afternoon)|du\s+(mat|matin|soir)|o['’]clock))?|(midnight|noon|minuit|midi))\b`,
  'u',
);
const DAY_NAMES = Object.keys(WEEKDAYS).join('|');
/** How often, and which days: the cron's day-of-month and day-of-week fields, and whether it is said of the evening. */
const RECURRENCE: { re: RegExp; dom?: string; dow: (m: RegExpExecArray) => string; evening?: boolean }[] = [
  { re: /\b(?:every\s+weekday|on\s+weekdays|each\s+weekday|weekdays|du\s+lundi\s+au\s+vendredi|en\s+semaine|mon(?:day)?\s+(?:to|through|till|-)\s+fri(?:day)?|du\s+lun\.?\s+au\s+ven\.?)\b/u, dow: () => '1-5' },
  { re: /\b(?:every\s+weekend|on\s+weekends|le\s+week-?end|les\s+week-?ends)\b/u, dow: () => '0,6' },
  { re: /\b(?:(?:on\s+)?the\s+(?:first|1st)\s+(?:day\s+)?of\s+(?:every|each|the)\s+month|(?:le\s+)?(?:premier|1er)\s+(?:jour\s+)?(?:de\s+)?chaque\s+mois|monthly|mensuel(?:le)?ment)\b/u, dom: '1', dow: () => '*' },
  // ("on monday" is one day, not each: only "on mondays")
  { re: new RegExp(String.raw`\b(?:every|each|tous\s+les|chaque|le)\s+(${DAY_NAMES})s?\b|\b(${DAY_NAMES})s\b`, 'u'), dow: (m) => String(WEEKDAYS[(m[1] ?? m[2])!]) },
  { re: /\b(?:every\s+(?:evening|night)|nightly|each\s+night|tous\s+les\s+soirs|chaque\s+soir|toutes\s+les\s+nuits|chaque\s+nuit)\b/u, dow: () => '*', evening: true },
  { re: /\b(?:every\s+(?:day|morning)|daily|each\s+day|tous\s+les\s+(?:jours|matins)|chaque\s+(?:jour|matin)|quotidien(?:ne)?(?:ment)?)\b/u, dow: () => '*' },
];

/** The hour (0-23) and minute of a time said, or undefined when it cannot be one. */
function timeOf(m: RegExpExecArray, evening: boolean): { hour: number; minute: number } | undefined {
  const [, part, partHour, hourSaid, minuteSaid, marker, enPart, frPart, named] = m;
  if (named) return { hour: named === 'midnight' || named === 'minuit' ? 0 : 12, minute: 0 };
  const hourWord = (part ? partHour : hourSaid)!;
  let hour = /^\d+$/.test(hourWord) ? Number(hourWord) : NUMBERS[hourWord]!;
  const minute = part === 'half' || /et\s+demie/u.test(m[0]) ? 30 : part === 'quarter' ? 15 : minuteSaid ? Number(minuteSaid) : 0;
  if (hour > 23 || minute > 59) return undefined;
  const pm = marker === 'pm' || enPart === 'evening' || enPart === 'afternoon' || frPart === 'soir';
  const am = marker === 'am' || enPart === 'morning' || frPart === 'mat' || frPart === 'matin';
  if (hour <= 12 && (pm || (!am && evening && hour >= 7 && !marker?.startsWith('h')))) hour = hour === 12 ? 12 : hour + 12;
  if (am && hour === 12) hour = 0;
  return { hour: hour % 24, minute };
}

export function scheduleSaid(text: string, isApp: (w: string) => boolean): ScheduleSaid | undefined {
  const low = normalise(text.trim()).replace(/[’‘]/g, "'");
  if (NOT_NOW.test(low) || TOLD.test(low) || (/\?\s*$/u.test(low) && !ASKS_FOR_IT.test(low))) return undefined;
  const named = NAMED.exec(low);
  const after = SHAPED_AFTER.exec(low)?.[1];
  const shaped = after ?? SHAPED_BEFORE_COLON.exec(low)?.[1];
  const name = named?.[1] ?? (shaped && !isApp(shaped) ? shaped : undefined);
  // ("back up wekan every night at 3, call it wekan-nightly", « sauvegarde ghost tous les jours à 6h, nom ghost-matin »: a
  // name given to the job asks for it as much as the verb that opens "add a schedule …" does)
  if (!name || !(OPENS.test(low) || named || (after && after === name))) return undefined;
  // the name taken out first: "daily-status", "wekan-nightly" say no recurrence
  const said = low.replace(named?.[0] ?? name, ' ').replace(/(?<!\b(?:at|a|vers)\s+)(?<![\d:])\b(\d{1,2}[:h]\d{2}|\d{1,2}\s?[ap]m)\b/u, 'at $1');
  // ("add job gitlab-6h with cron "0 */6 * * *" that backs up gitlab": the cron typed, the command said in words after it)
  const typed = CRON_THEN_WORDS.exec(said);
  if (typed) {
    const rest = commandSaid(typed[2]!);
    return rest ? { name, cron: typed[1]!, rest } : undefined;
  }
  const time = TIME.exec(said);
  const rec = RECURRENCE.map((r) => ({ r, m: r.re.exec(said) })).find((x) => x.m);
  if (!time || !rec?.m) return undefined;
  const at = timeOf(time, rec.r.evening === true);
  if (!at) return undefined;
  const cron = `${at.minute} ${at.hour} ${rec.r.dom ?? '*'} * ${rec.r.dow(rec.m)}`;
  // what is left: the command to run, once the schedule's words are out
  let rest = said;
  for (const cut of [time[0], rec.m[0]]) rest = rest.replace(cut, ' ');
  rest = commandSaid(rest);
  return rest ? { name, cron, rest } : undefined;
}

/** A quoted cron, then words that say the command ("that backs up…", « pour sauvegarder… »), not the command itself. */
const CRON_THEN_WORDS = /["“«]\s*([^"“”«»]*\*[^"“”«»]*?)\s*["”»]\s*,?\s*((?:that|which|to|qui|pour|running)\b.*)$/u;

/** The words of a command once a schedule's own words are out ("back up wekan" of "…every night at 3 that backs up wekan"). */
function commandSaid(words: string): string {
  return words
    .trim()
    .replace(OPENS, ' ')
    .replace(/\b(?:a|an|the|une?|la|le|nouvelle|new|scheduled|planifiee|schedule|job|task|tache|cron|planification|that|which|qui|to|pour|pls|plz|please|stp|svp|yo|hey|set\s+up|setup|i'?d\s+like|i\s+want|je\s+veux|je\s+voudrais|in\s+the\s+morning|du\s+matin|du\s+soir)\b/gu, ' ')
    .replace(/[,:;.!?]+/gu, ' ')
    .replace(/\bbacks\s+up\b/u, 'back up')
    .replace(/\b(runs|verifies|checks)\b/u, (w) => w.slice(0, w.endsWith('ies') ? -3 : -1) + (w.endsWith('ies') ? 'y' : ''))
    .replace(/\s+/gu, ' ')
    .trim()
    // ("run the report", « qui lance status »: the verb that only says "run" it)
    .replace(/^(?:run|lance|lancer|execute)\s+/u, '');
}
