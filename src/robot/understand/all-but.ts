// Every app but some: "backup everything but gitlab", "restart all apps except ghost", « sauvegarde tout sauf gitlab »,
// « tout à part wekan ». No command takes "all but": read on the app named, it acted on the one app left out. The
// exception is found here; the caller asks which apps, never runs the command on the app said. Pure.
import { normalise } from './words.js';

/** "all"/"everything" (and their French), then within a few words an exception word, then an app. */
const ALL_BUT = /(?<!\p{L})(?:all|everything|every\s+app|tout|toutes|tous)(?!\p{L})(?:\s+\S+){0,3}?\s*,?\s+(?:but(?:\s+not)?|(?:exc?ept|accept)(?:ing)?(?:\s+for)?|apart\s+from|other\s+than|save\s+for|minus|without|sauf|hormis|excepte|excepte|a\s+part|mis\s+a\s+part|en\s+dehors\s+de|sans)\s+(?:the\s+|le\s+|la\s+|l'|les\s+)?(\p{L}[\p{L}\p{N}-]*)/u;

/** The speaker's own apps left out ("all apps except mine", « tout sauf mes applis »): no app the bot can name. */
const OWN = new Set(['mine', 'ours', 'yours', 'his', 'hers', 'theirs', 'my', 'our', 'mes', 'nos', 'vos', 'leurs', 'miennes', 'miens', 'notres', 'votres']);

/** The app left out of "all", when the message says every app but one (or the speaker's own); else undefined. */
export function appLeftOut(text: string, isApp: (w: string) => boolean): string | undefined {
  const m = ALL_BUT.exec(normalise(text).replace(/’/g, "'"));
  return m && (isApp(m[1]!) || OWN.has(m[1]!)) ? m[1] : undefined;
}

/** "all" said, and an app or several said to be in it ("pls backup all, gitlab included", "…, ghost and wordpress included", « backup de tout, gitlab compris »). */
const INCLUDED_WORD = /(?<!\p{L})(?:included|inclus|incluse|inclues|compris|comprise|comprises)(?!\p{L})/u;
/** What may stand between the apps of that list ("ghost and wordpress", « ghost et wordpress », "ghost, wekan"), and their articles. */
const LIST_GLUE = new Set(['and', 'et', '&', 'the', 'le', 'la', "l'"]);
const ALL = /(?<!\p{L})(?:all|everything|every\s+app|tout|toutes|tous)(?!\p{L})/u;

/** The message without the apps said to be inside "all" (read on one of them, it acted on it alone); else undefined. */
export function withoutAppIncluded(text: string, isApp: (w: string) => boolean): string | undefined {
  if (!/(?:included|inclus|incluse|inclues|compris|comprise)(?!\p{L})/iu.test(text)) return undefined;
  const n = normalise(text).replace(/’/g, "'");
  const m = INCLUDED_WORD.exec(n);
  if (!m) return undefined;
  // the apps right before the word, walked back over the list's glue, up to what is no app
  const tokens = [...n.slice(0, m.index).matchAll(/[\p{L}\p{N}'-]+|&/gu)];
  let k = tokens.length - 1;
  let first: number | undefined;
  while (k >= 0 && (isApp(tokens[k]![0]) || LIST_GLUE.has(tokens[k]![0]))) {
    if (isApp(tokens[k]![0])) first = k;
    k--;
  }
  if (first === undefined) return undefined;
  const start = tokens[first]!.index!;
  const before = n.slice(0, start).replace(/[\s,]*$/u, '');
  return ALL.test(before) ? `${before} ${n.slice(m.index + m[0].length)}`.trim() : undefined;
}
