// Values around a command that a reading checks: an exact line's values a sentence more likely meant otherwise
// (oddValues), whether a sentence reading used the value an exact line refused (usedValue), a date said in words in an
// exact line resolved (resolveDates), a command named as a command ("the status command"), and the moment before an
// app's update ("before yesterday's update"), which names no backup. Pure.
import { UPDATE_NOUNS, updateDayAt } from './update-day.js';
import type { AnyCommand } from '../command.js';
import { allowedEdits, edits } from '../grammar/nearmiss.js';
import { parseCommand, type Grammar, type ParsedCommand } from '../grammar/parse.js';
import { DATE_WORDS, findDate, type DateHit } from './dates.js';
import { meaningOf } from './phrase.js';
import { normalise, sentenceWords, STOPWORDS, type SentenceWord } from './words.js';
import { build } from './replies.js';
import type { UnderstandOptions, Understood } from './understood.js';
import { isAllWord, PRONOUNS } from './vocabulary.js';

/** The command a text names as a command ("the status command", "la commande restore"), else undefined. */
export function commandNamed(text: string, grammar: Grammar): string | undefined {
  const w = sentenceWords(text).map((x) => x.text).filter((x) => !['the', 'le', 'la', 'l', 'this', 'cette'].includes(x));
  if (w.length !== 2) return undefined;
  const name = w[0] === 'command' || w[0] === 'commande' ? w[1] : w[1] === 'command' ? w[0] : undefined;
  return grammar.commands.some((c) => c.name === name) ? name : undefined;
}

/** A command named as a command inside a sentence ("how do I use the logs command?", « comment on utilise la commande logs ? »). */
export function commandNamedIn(words: readonly SentenceWord[], grammar: Grammar): string | undefined {
  const named = (w: SentenceWord | undefined) => (w && grammar.commands.some((c) => c.name === w.text) ? w.text : undefined);
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.text !== 'command' && words[i]!.text !== 'commande') continue;
    const name = (words[i]!.text === 'command' ? named(words[i - 1]) : undefined) ?? named(words[i + 1]);
    if (name) return name;
  }
  return undefined;
}

/**
 * An exact line's values that a sentence more likely meant otherwise: a word outside its argument's `values`
 * ("schedule a backup of gitlab", whose action would be `a`), a plain word as a backup's date ("verify
 * wordpress backups"). The line is then read as a sentence, and refused if that reading does not use them.
 */
export function oddValues(p: ReturnType<typeof parseCommand>, now: number): ReturnType<typeof parseCommand> {
  if (!p.ok) return p;
  for (const a of p.command.args) {
    const v = p.args[a.name];
    if (typeof v !== 'string') continue;
    const odd = (a.values && !a.values.includes(v.toLowerCase())) || (meaningOf(a) === 'version' && (STOPWORDS.has(v.toLowerCase()) || VERSION_WORDS.has(v.toLowerCase()) || TIME_WORDS.has(normalise(v)))) || (meaningOf(a) === 'date' && /^\p{L}+$/u.test(v) && v.toLowerCase() !== 'latest' && !findDate([normalise(v)], now));
    if (odd) {
      const message = a.values ? `\`${p.command.name}\` takes ${a.values.map((x) => `\`${x}\``).join(', ')} there, not \`${v.replace(/`/g, "'")}\`` : `\`${v.replace(/`/g, "'")}\` is not a backup date or file name`;
      return { ok: false, code: 'command.invalid_args', command: p.command, message, hint: `see \`help ${p.command.name}\``, refused: v };
    }
  }
  return p;
}

// "update gitlab version": the word for a version in the version's place, no value (the sentence reading decides)
const VERSION_WORDS = new Set(['version', 'versions', 'release', 'releases', 'tag', 'tags', 'newest', 'newer']);
// "update mattermost tonight": a moment (for later, or a day) is never a version; the sentence reading decides (a request for later is asked)
const TIME_WORDS: ReadonlySet<string> = new Set([...DATE_WORDS, 'later', 'soon', 'eventually', 'someday', 'sometime', 'weekend', 'week-end', 'tard', 'bientot', 'asap', 'eod', 'eow', 'cob', 'lunchtime', 'midi', 'overnight']);

export function usedValue(read: Understood, refused: string, known: ReadonlySet<string>, exactVerb?: AnyCommand): boolean {
  // asking runs nothing, but a value that cannot be a name (`../../etc`, `a;b`) gets the exact verb's clear refusal
  // ("Please restart Wekan, the board…": the comma that ends the word is the sentence's, not the name's)
  if (read.kind === 'ask') return !(/[^\p{L}\p{N}_.'-]/u.test(refused.replace(/[,;:!?]+$/u, '')) || refused.includes('..'));
  // a path out or shell syntax is never read as the name inside it ("minion add ../x …" is no minion x)
  if (refused.includes('..') || /[;|&$`<>\\]/.test(refused)) return false;
  if (read.kind !== 'command') return false;
  // ("history --jobs, want to see if the night jobs failed": a flag the sentence's comma ends, which the reading took)
  if (/^--[\p{L}-]+[,;:.!?]+$/u.test(refused) && read.parsed.flags.has(refused.replace(/^--|[,;:.!?]+$/gu, ''))) return true;
  const raw = normalise(refused).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/'s$/, ''); // "mattermost's backup"
  // a word of the sentence in the argument's place ("dismiss it", "restore from …", "prune old backups",
  // "status report") was no value at all: the command words, small words and date words are not names
  if (known.has(raw) || PRONOUNS.has(raw) || raw === '') return true;
  // "show me 40 history entries": a plain word in the place of a count, for the same command, one that only shows
  if (/^\p{L}+$/u.test(raw) && !read.parsed.command.sideEffects && read.parsed.command === exactVerb) return true;
  // "restore wordpress d'hier": a date said in words, that the reading took as its date
  // ("restore gitlab 27/11": a day and a month said as in French, which the reading took as its date)
  if ((sentenceWords(refused).some((w) => DATE_WORDS.has(w.text)) || /^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(refused)) && read.parsed.command.args.some((a) => meaningOf(a) === 'date' && read.parsed.args[a.name] !== undefined)) return true;
  // "verify every backup of gitlab": "every" says which backups, of the app the reading names (never for a destructive one)
  // "statut global stp": an "all" for a command that only shows is everything, as said
  if (isAllWord(raw, known) && !read.parsed.command.destructive && (!read.parsed.command.sideEffects || read.parsed.command.args.some((a) => meaningOf(a) === 'app' && read.parsed.args[a.name] !== undefined))) return true;
  if (isAllWord(raw, known) && Object.values(read.parsed.args).includes('all')) return true;
  return Object.values(read.parsed.args).some((v) => {
    if (v === undefined) return false;
    const s = String(v).toLowerCase();
    return s === raw || (/^[a-z0-9-]+$/.test(raw) && raw.length >= 4 && edits(raw, s) <= allowedEdits(raw.length));
  });
}

/** A `when` said in words in an exact line (`restore nextcloud yesterday`) becomes its date. */
export function resolveDates(p: ParsedCommand, o: UnderstandOptions, now: number): ParsedCommand | { ok: false } {
  let changed = false;
  const args = { ...p.args };
  for (const a of p.command.args) {
    const v = args[a.name];
    if (meaningOf(a) !== 'date' || typeof v !== 'string') continue;
    // ("restore wordpress d'hier": the value's own words, elision split, read as a date)
    const hit = findDate(sentenceWords(v).map((w) => w.text), now);
    if (hit?.future) return { ok: false };
    if (hit && hit.value !== v && hit.computed) {
      args[a.name] = hit.value;
      changed = true;
    }
  }
  if (!changed) return p;
  const again = build(p.command, args, p.flags, o.grammar);
  return again ? { ...again, guessed: p.guessed, rewritten: true } : { ok: false };
}

/** "before the update", "avant la mise à jour", "avant la maj": the moment an app's update took it from. */
export function beforeTheUpdate(words: readonly SentenceWord[]): boolean {
  return updateSpan(words) !== undefined;
}
/**
 * "before (yesterday's) update", « avant la mise à jour (d'hier) »: the words from "before" to the update's noun and
 * the day that may follow it ("of yesterday", "of last week", « d'hier », « de la semaine dernière »), or undefined.
 */
function updateSpan(words: readonly SentenceWord[]): [number, number] | undefined {
  for (let i = 0; i < words.length; i++) {
    // ("the pre-update backup")
    if (/^pre-?(?:update|upgrade)$/.test(words[i]!.text)) return [i, i];
    if (words[i]!.text !== 'before' && words[i]!.text !== 'avant') continue;
    for (const k of [1, 2, 3]) {
      if (UPDATE_NOUNS.has(words[i + k]?.text ?? '')) return [i, i + k + 4];
      if (words[i + k]?.text === 'mise' && words[i + k + 2]?.text === 'jour') return [i, i + k + 6];
    }
  }
  return undefined;
}
/** The day said names the update ("before yesterday's update", « avant la mise à jour d'hier »), not a backup. */
export function datesTheUpdate(words: readonly SentenceWord[], date: DateHit | undefined): boolean {
  const span = updateSpan(words);
  return !!span && !!date && date.used.every((k) => k > span[0] - 1 && k <= span[1]);
}
/** The day said names an update said anywhere (« depuis sa mise à jour d'hier », "since yesterday's update"; update-day.ts), or after "before". */
export function datesAnUpdate(words: readonly SentenceWord[], date: DateHit | undefined): boolean {
  if (datesTheUpdate(words, date)) return true;
  const beside = date ? updateDayAt(words) : undefined;
  return !!date && !!beside && date.used.every((k) => beside.has(k));
}
/** The date a destructive reading took, if any. */
export function dateArg0(command: AnyCommand, args: Record<string, string | number | undefined>): boolean {
  return command.args.some((a) => meaningOf(a) === 'date' && args[a.name] !== undefined && args[a.name] !== 'latest');
}
