// Numbers said in words, English and French (Belgian and Swiss tens too: septante, huitante, nonante), read from
// normalised words (lower case, no accents): a count ("the last fifty lines", "les septante dernières lignes",
// "scale wekan to three") or the day of a date ("december first", "november twentieth", "le premier décembre").

const TENS: Record<string, number> = {
  ten: 10, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  dix: 10, vingt: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, septante: 70, huitante: 80, octante: 80, nonante: 90,
  'quatre-vingt': 80, 'quatre-vingts': 80, 'quatre-vingt-dix': 90, cent: 100,
};
const TEENS: Record<string, number> = {
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
};
const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9,
};
/** "hundred", « cent(s) »: a unit before it counts hundreds. */
const HUNDRED = new Set(['hundred', 'hundreds', 'cent', 'cents']);
/** "thousand", « mille »: a thousand, or a unit before it counts thousands. */
const THOUSAND = new Set(['thousand', 'mille']);
/** Words beside a small number that make it a count ("to three", "the last five", "five lines", "à trois"). */
const COUNT_BEFORE = new Set(['to', 'last', 'a', 'en', 'top', 'first']);
export const COUNT_AFTER: ReadonlySet<string> = new Set(['lines', 'lignes', 'dernieres', 'derniers', 'replicas', 'replica', 'instances', 'instance', 'copies', 'commands', 'commandes', 'entries', 'entrees', 'tasks', 'task', 'taches', 'tache', 'containers', 'conteneurs']);

/** A number from 0 to 99 said in one word ("six", "twenty-nine", "vingt-neuf", "zero"), or as digits. */
export function numberWord(w: string): number | undefined {
  if (/^\d{1,3}$/.test(w)) return Number(w);
  if (w === 'zero' || w === 'oh') return 0;
  const whole = (TENS[w] ?? TEENS[w] ?? UNITS[w]);
  if (whole !== undefined && whole < 100) return whole;
  const parts = w.includes('-') ? w.split('-').filter((p) => p !== 'et' && p !== 'and') : undefined;
  if (parts?.length === 2 && TENS[parts[0]!] !== undefined && TENS[parts[0]!]! < 100 && UNITS[parts[1]!] !== undefined) return TENS[parts[0]!]! + UNITS[parts[1]!]!;
  return undefined;
}

/**
 * A version dictated in words ("six point seven point one", "twenty-nine point zero point nine", "six virgule
 * sept") as typed (6.7.1), in a text; other words untouched.
 */
export function dictatedVersions(text: string): string {
  // ("install word press version six", « en version douze »: one number said after "version" is that version)
  // ("version twenty nine", « version vingt neuf »: tens and a unit in two words are one number)
  text = text.replace(/\b(versions?\s+)([\p{L}-]+)(?:(\s+)([\p{L}]+))?(?=[\s,.!?;:]|$)/giu, (all, head: string, w: string, gap?: string, w2?: string) => {
    const n = numberWord(w.toLowerCase());
    if (n === undefined || /^\d/.test(w)) return all;
    const unit = w2 ? UNITS[w2.toLowerCase()] : undefined;
    if (w2 && TENS[w.toLowerCase()] !== undefined && n % 10 === 0 && unit !== undefined && unit >= 1 && unit <= 9) return `${head}${n + unit}`;
    return `${head}${n}${gap ?? ''}${w2 ?? ''}`;
  });
  if (!/\b(point|virgule)\b/i.test(text)) return text;
  const words = text.split(/(\s+)/u);
  for (let i = 0; i < words.length; i += 2) {
    const parts: number[] = [];
    let j = i;
    // (the last number may carry the sentence's end: "six point seven point one." is 6.7.1 and its full stop)
    let end = '';
    for (;;) {
      const [, word = '', mark = ''] = /^(.*?)([.,!?;:]*)$/u.exec(words[j] ?? '') ?? [];
      const n = numberWord(word.toLowerCase());
      if (n === undefined) break;
      parts.push(n);
      end = mark;
      if (mark || !/^(point|virgule)$/i.test(words[j + 2] ?? '')) break;
      j += 4;
    }
    if (parts.length >= 2 && words.slice(i, j + 1).some((w) => /^(point|virgule)$/i.test(w))) {
      words.splice(i, j - i + 1, parts.join('.') + end);
    }
  }
  return words.join('');
}

/** A count said in one word ("fifty", "septante", "twenty-five", "vingt-cinq"); small ones only beside a cue. */
export function countWord(words: readonly string[], i: number): number | undefined {
  const w = words[i]!;
  // "two hundred", "cinq cents", "trois cent cinquante": hundreds said in words, with the tens after them
  if (HUNDRED.has(words[i + 1] ?? '') && (UNITS[w] ?? 0) > 1) {
    const rest = words[i + 2] === 'and' || words[i + 2] === 'et' ? i + 3 : i + 2;
    const tens = words[rest] && !HUNDRED.has(words[rest]!) ? numberWord(words[rest]!) : undefined;
    return UNITS[w]! * 100 + (tens !== undefined && tens < 100 && !/^\d/.test(words[rest]!) ? tens : 0);
  }
  if (HUNDRED.has(w) && (UNITS[words[i - 1] ?? ''] ?? 0) > 1) return undefined;
  // "a thousand lines", « mille lignes », "two thousand": thousands said in words
  if (THOUSAND.has(words[i + 1] ?? '') && (UNITS[w] ?? 0) > 1) return UNITS[w]! * 1000;
  // (« grazie mille » thanks: a thousand alone only beside a cue, "a thousand lines", « les mille dernières »)
  if (THOUSAND.has(w)) return (UNITS[words[i - 1] ?? ''] ?? 0) <= 1 && (COUNT_BEFORE.has(words[i - 1] ?? '') || COUNT_AFTER.has(words[i + 1] ?? '')) ? 1000 : undefined;
  const whole = TENS[w] ?? TEENS[w];
  if (whole !== undefined) return whole;
  // "twenty-five", "septante-cinq", "vingt-et-un"
  const parts = w.includes('-') ? w.split('-').filter((p) => p !== 'et' && p !== 'and') : undefined;
  if (parts?.length === 2 && TENS[parts[0]!] !== undefined && TENS[parts[0]!]! < 100 && UNITS[parts[1]!] !== undefined) return TENS[parts[0]!]! + UNITS[parts[1]!]!;
  // ("one" and "un" are articles as often as counts: never alone; a count only before a unit of what runs, "one
  // instance", « une seule instance », "a single replica")
  // ("down to a single task", "a single replica": one)
  if (w === 'single' && words[i - 1] === 'a' && RUN_UNITS.has(words[i + 1] ?? '')) return 1;
  const unit = UNITS[w];
  // (« déployez une instance », "a task": the French article is only a count after « à », or with « seule »)
  // ("scale wordpress to one", "back to one for wordpress": "to one" ending its clause is a count too)
  if (w === 'one' && words[i - 1] === 'to' && (words[i + 1] === undefined || TO_ONE_AFTER.has(words[i + 1]!))) return 1;
  if (unit === 1) return RUN_UNITS.has(words[i + 1] ?? '') && (w === 'one' || words[i - 1] === 'to' || words[i - 1] === 'a') || (ONLY.has(words[i + 1] ?? '') && RUN_UNITS.has(words[i + 2] ?? '')) ? 1 : undefined;
  // ("three ghost instances": the app may stand between the count and its unit, in the plural)
  if (unit !== undefined && unit > 1 && (COUNT_BEFORE.has(words[i - 1] ?? '') || COUNT_AFTER.has(words[i + 1] ?? '') || PLURAL_RUN_UNITS.has(words[i + 2] ?? ''))) return unit;
  return undefined;
}
/** Words that may follow "to one" that counts (the clause ends or the app follows). */
const TO_ONE_AFTER = new Set(['for', 'on', 'now', 'please', 'pls', 'plz', 'again', 'then', 'and', 'stp', 'svp', 'thanks', 'thx', 'asap']);
/** Words that leave a count rough: "a few hundred", "several hundred", « quelques centaines », "hundreds of lines". */
const ROUGH_BEFORE = new Set(['few', 'several', 'couple', 'quelques', 'plusieurs']);
const ROUGH = new Set(['hundreds', 'thousands', 'centaines', 'milliers', 'dozens', 'dizaines']);
/** A rough count at `i` ("a few hundred", « plusieurs centaines »): no number to take, how many is asked. */
/** French nouns of about so many (« une trentaine de lignes », « une centaine »), after « une »: a rough count. */
const ABOUT_N = new Set(['dizaine', 'quinzaine', 'vingtaine', 'trentaine', 'quarantaine', 'cinquantaine', 'soixantaine', 'centaine', 'millier']);
export function roughCount(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  return ROUGH.has(w) || ((HUNDRED.has(w) || THOUSAND.has(w)) && ROUGH_BEFORE.has(words[i - 1] ?? '')) || (ABOUT_N.has(w) && words[i - 1] === 'une');
}
/** Units of what runs, after one ("one instance", « une tâche »). */
const RUN_UNITS = new Set(['instance', 'replica', 'task', 'tache', 'container', 'conteneur']);
const PLURAL_RUN_UNITS = new Set(['instances', 'replicas', 'tasks', 'taches', 'containers', 'conteneurs']);
/** "single", « seule »: between one and its unit. */
const ONLY = new Set(['single', 'seule', 'seul', 'only', 'unique']);

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
  premier: 1,
};

/** A day said in words at `i`, and how many words it takes: "first", "twentieth", "twenty first", "vingt-cinq". */
function dayAt(out: readonly string[], i: number): [day: number, span: number] | undefined {
  const w = out[i]!;
  const one = (x: string) => ORDINALS[x] ?? (x === 'one' || x === 'un' ? undefined : UNITS[x]);
  const [tens, unit] = w.includes('-') ? w.split('-').filter((p) => p !== 'et') : [w, out[i + 1] ?? ''];
  const t = tens === 'twenty' || tens === 'vingt' ? 20 : tens === 'thirty' || tens === 'trente' ? 30 : undefined;
  const u = unit === 'one' || unit === 'un' || unit === 'first' || unit === 'premier' ? 1 : one(unit!);
  if (t !== undefined && u !== undefined && u < 10) return [t + u, w.includes('-') ? 1 : 2];
  const day = ORDINALS[w] ?? TEENS[w] ?? (w === 'ten' || w === 'dix' ? 10 : w === 'twenty' || w === 'vingt' ? 20 : w === 'thirty' || w === 'trente' ? 30 : one(w));
  return day === undefined ? undefined : [day, 1];
}

/** Words after an ordinal day alone that end its phrase ("from the twenty eighth, please", "… eighth someone wiped it"). */
const AFTER_ORDINAL_DAY = new Set(['please', 'pls', 'thanks', 'stp', 'svp', 'and', 'but', 'because', 'cause', 'so', 'since', 'as', 'someone', 'somebody', 'it', 'its', "it's", 'we', 'i', 'they', 'the', 'everything', 'et', 'mais', 'car', 'parce', 'on', 'il', 'quelqu', 'not', 'no', 'pas']);

/**
 * Days of the month said in words beside a month ("december first", "december the first", "the twentieth of
 * november", "november twenty first", "le premier décembre", "le vingt novembre"), rewritten as "1st", "20th"; the
 * words a two-word day used become empty, so indices still line up. Only beside a month: "restore ghost first"
 * says no day.
 */
export function daysInWords(words: readonly string[], isMonth: (w: string) => boolean): string[] {
  const out = [...words];
  // a month right before (maybe with "the": "december the first") or right after (maybe with "of")
  const before = (i: number) => isMonth(out[i - 1] ?? '') || (out[i - 1] === 'the' && isMonth(out[i - 2] ?? ''));
  const after = (k: number) => isMonth(out[k] ?? '') || ((out[k] === 'of' || out[k] === 'de') && isMonth(out[k + 1] ?? ''));
  for (let i = 0; i < out.length; i++) {
    const hit = dayAt(out, i);
    if (!hit || hit[0] > 31) continue;
    const [day, span] = hit;
    // (or an ordinal alone after "from the", "to the": "restore word press from the twenty eighth", the most recent one)
    const alone = ORDINALS[(out[i + span - 1] ?? '').split('-').at(-1)!] !== undefined && out[i - 1] === 'the' && ['from', 'to', 'since', 'of', 'on'].includes(out[i - 2] ?? '') && (out[i + span] === undefined || AFTER_ORDINAL_DAY.has(out[i + span]!));
    if (!before(i) && !after(i + span) && !alone) continue;
    // (the day goes in the word beside the month: "the twenty ninth of november", « vingt neuf novembre » read the
    // day right before "of" or the month, "november twenty first" right after it)
    const at = span === 2 && !before(i) ? i + 1 : i;
    out[i] = '';
    if (span === 2) out[i + 1] = '';
    out[at] = `${day}th`;
  }
  return out;
}

/** A number said of how a thing is done, not how many ("one task at a time", « une tâche à la fois »): no count. */
export function saysHowNotHowMany(said: readonly string[], i: number): boolean {
  return /^(?:\S+\s+)?(?:at a time|a la fois)\b/.test(said.slice(i + 1, i + 5).join(' '));
}
