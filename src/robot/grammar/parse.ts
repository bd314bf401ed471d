// The command grammar: sanitize → tokenize → drop polite filler → resolve the verb (exact, stem, typo) →
// flags → positional args through typed resolvers. Pure: it returns a result value and never throws.
// Design note: grammar.md beside this file.
import { usage, type AnyCommand } from '../command.js';
import { edits, matchWord, suggest, wordsOf, type MatchResult } from './nearmiss.js';
import { tokenize, type Token } from './tokenize.js';

export const MAX_COMMAND_CHARS = 2000;

export type Resolved = { ok: true; value: string | number } | { ok: false; message: string; hint?: string };

/** A typed argument resolver (STYLE §2: registerTypeResolver). Later modules add `minion`, `backup`… */
export interface TypeResolver {
  /** Phrases that stand for a value, e.g. "everything" → "all". Matched on whole words, longest first. */
  synonyms?: Readonly<Record<string, string>>;
  resolve(raw: string): Resolved;
}

export interface ParsedCommand {
  ok: true;
  command: AnyCommand;
  args: Record<string, string | number | undefined>;
  flags: Set<string>;
  /** Canonical text of what will run, e.g. `backup all`. */
  canonical: string;
  /** The verb was a near-miss (stem or typo), or the line was rewritten (filler, synonyms). */
  guessed: boolean;
  rewritten: boolean;
}

export interface ParseError {
  ok: false;
  code: 'command.unknown' | 'command.ambiguous' | 'command.invalid_args' | 'command.too_long' | 'command.empty';
  message: string;
  hint?: string;
  /** The command, when the verb was understood but its arguments were not. */
  command?: AnyCommand;
  /** The value an argument's resolver refused, as typed. */
  refused?: string;
}

export type ParseResult = ParsedCommand | ParseError;

export interface Grammar {
  commands: readonly AnyCommand[];
  types: ReadonlyMap<string, TypeResolver>;
}

// Polite or conversational words around a command. Only whole leading/trailing words are dropped.
const LEADING_FILLER = [
  'please', 'pls', 'plz', 'kindly', 'hey', 'hi', 'hello', 'ok', 'okay', 'yo', 'summoner',
  'could you', 'can you', 'would you', 'will you', 'could you please', 'can you please',
  'i want to', 'i would like to', "i'd like to", 'go ahead and', 'just', 'now', 'quickly',
  'show me the', 'show me', 'tell me the', 'tell me', 'give me the', 'give me', "what's the", 'what is the', 'what is',
  "what's", 'the',
  // French
  'stp', 'svp', 'bonjour', 'salut', 'coucou', 'merci', "s'il te plaît", "s'il vous plaît", "s'il te plait", "s'il vous plait",
  'tu peux', 'vous pouvez', 'peux-tu', 'pouvez-vous', 'tu pourrais', 'je voudrais', 'maintenant',
];
const TRAILING_FILLER = [
  'please', 'pls', 'plz', 'thanks', 'thank you', 'thx', 'now', 'for me', 'asap',
  'stp', 'svp', 'merci', "s'il te plaît", "s'il vous plaît", "s'il te plait", "s'il vous plait", 'maintenant',
];

/** Characters that have no business in a command: C0/C1 controls (but tab), bidi overrides, zero-width joiners. */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** Terminal escape sequences (pasted into the shell): dropped whole, not just their ESC byte. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -\/]*[@-~]|\u001b[@-_]/gu;

export function sanitize(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(UNSAFE_CHARS, '').replace(/\s+/gu, ' ').trim();
}

export function parseCommand(input: string, grammar: Grammar): ParseResult {
  if (input.length > MAX_COMMAND_CHARS) {
    return {
      ok: false,
      code: 'command.too_long',
      message: `that message is too long for a command (${input.length} characters; a command is at most ${MAX_COMMAND_CHARS})`,
      hint: 'say `help` to see the commands',
    };
  }
  const text = sanitize(input);
  if (!text) return { ok: false, code: 'command.empty', message: 'I heard nothing to do', hint: 'say `help` to see the commands' };
  const tok = tokenize(text);
  if (!tok.ok) return { ok: false, code: 'command.invalid_args', message: `I could not read that: ${tok.message}` };

  let tokens = tok.tokens;
  const before = tokens.length;
  tokens = dropFiller(tokens);
  let rewritten = tokens.length !== before;
  if (tokens.length === 0) return { ok: false, code: 'command.empty', message: 'I heard nothing to do', hint: 'say `help` to see the commands' };

  const verb = resolveVerb(tokens, grammar.commands);
  if (!verb.ok) return verb;
  const { command, used, guessed } = verb;
  if (used > 1) rewritten = true;
  const rest = tokens.slice(used);

  // Flags: unquoted `--name` tokens, declared by the command. A quoted token is never a flag (a value from
  // a webhook goes into a recipe command quoted), and once a rest argument begins (the command of
  // `schedule add`), its words are its own: `--purge` there belongs to the scheduled command.
  const flags = new Set<string>();
  const positional: Token[] = [];
  const restAt = command.args.findIndex((a) => a.rest);
  const isFlag = (t: Token) => !t.quoted && /^--?[A-Za-z]/.test(t.text);
  const ownFlag = (t: Token) => isFlag(t) && (command.flags ?? []).some((f) => f.name === t.text.replace(/^--?/, '').toLowerCase());
  for (const t of rest) {
    const inRest = restAt >= 0 && positional.length >= restAt;
    if (inRest && (positional.length > restAt || !ownFlag(t))) positional.push(t);
    else if (isFlag(t)) {
      let name = t.text.replace(/^--?/, '').toLowerCase();
      // ("history --job": a near-miss of the one option of a command that changes nothing is that option; on a
      // command that acts it is refused below, never guessed)
      const own = (command.flags ?? []).some((f) => f.name === name);
      const near = own || command.sideEffects ? [] : (command.flags ?? []).filter((f) => edits(f.name, name) <= 1);
      if (near.length === 1) {
        name = near[0]!.name;
        rewritten = true;
      }
      if (!own && near.length !== 1) {
        const known = (command.flags ?? []).map((f) => `--${f.name}`);
        return {
          ok: false,
          code: 'command.invalid_args',
          command,
          message: `\`${command.name}\` has no option ${quote(t.text)}`,
          hint: known.length ? `its options: ${known.join(', ')}` : `it takes no options; see \`help ${command.name}\``,
          // (a misspelling of one of its options is refused whole, so a sentence reading of the line never runs it
          // without the option meant: "dismiss gitlab --prge"; another word, "--yes", is left to the sentence)
          ...(known.some((k) => edits(k.slice(2), name) <= 2) ? { refused: t.text } : {}),
        };
      }
      flags.add(name);
    } else positional.push(t);
  }

  const args: Record<string, string | number | undefined> = {};
  let i = 0;
  for (const spec of command.args) {
    if (spec.after && Object.entries(spec.after).some(([k, v]) => args[k] !== v)) {
      args[spec.name] = undefined;
      continue;
    }
    if (i >= positional.length) {
      if (spec.required) {
        return {
          ok: false,
          code: 'command.invalid_args',
          command,
          message: `\`${command.name}\` needs ${spec.help ? `${spec.name} (${spec.help})` : spec.name}`,
          hint: `usage: \`${usage(command)}\``,
        };
      }
      args[spec.name] = undefined;
      continue;
    }
    const resolver = grammar.types.get(spec.type);
    if (!resolver) {
      return { ok: false, code: 'command.invalid_args', command, message: `\`${command.name}\` declares an unknown argument type ${spec.type}` };
    }
    let raw: string;
    const syn = matchSynonym(positional.slice(i), resolver);
    if (syn) {
      raw = syn.value;
      i += syn.length;
      rewritten = true;
    } else if (spec.meaning === 'cron' && unquotedCronLength(positional.slice(i)) > 1) {
      // `schedule add nightly 0 3 * * * backup all`: the fields of a cron typed without quotes are one value
      const n = unquotedCronLength(positional.slice(i));
      raw = positional.slice(i, i + n).map((t) => t.text).join(' ');
      i += n;
      rewritten = true;
    } else if (spec.rest) {
      raw = restText(positional.slice(i));
      i = positional.length;
    } else {
      raw = positional[i]!.text;
      i += 1;
    }
    const r = resolver.resolve(raw);
    if (!r.ok) return { ok: false, code: 'command.invalid_args', command, message: r.message, hint: r.hint, refused: raw };
    args[spec.name] = r.value;
  }
  if (i < positional.length) {
    const extra = dropTrailingFiller(positional.slice(i));
    if (extra.length > 0) {
      return {
        ok: false,
        code: 'command.invalid_args',
        command,
        message: `\`${command.name}\` does not take ${quote(extra.map((t) => t.text).join(' '))}`,
        hint: `usage: \`${usage(command)}\``,
      };
    }
  }

  // Flags go before a rest argument: after it they would read as words of the rest when parsed again.
  const rendered = (list: readonly { name: string }[]) =>
    list.map((a) => args[a.name]).filter((v) => v !== undefined).map((v) => renderValue(String(v)));
  const canonical = [
    command.name,
    ...rendered(command.args.filter((a) => !a.rest)),
    ...[...flags].map((f) => `--${f}`),
    ...rendered(command.args.filter((a) => a.rest)),
  ].join(' ');
  return { ok: true, command, args, flags, canonical, guessed, rewritten };
}

type VerbResult = { ok: true; command: AnyCommand; used: number; guessed: boolean } | ParseError;

/**
 * A command table's verbs (names and aliases), and what each word said as a verb matched, remembered: the
 * near-miss search (edit distances against every verb) is the costly part of reading a line, and a team says
 * the same words again and again. Bounded; keyed by the command list, so a new table starts afresh.
 */
interface Verbs {
  names: Map<string, AnyCommand>;
  matched: Map<string, MatchResult<AnyCommand>>;
  suggested: Map<string, string[]>;
}
const verbTables = new WeakMap<readonly AnyCommand[], Verbs>();
const VERB_MEMO_MAX = 5000;
function verbsOf(commands: readonly AnyCommand[]): Verbs {
  let v = verbTables.get(commands);
  if (!v) {
    const names = new Map<string, AnyCommand>();
    for (const c of commands) {
      names.set(c.name.toLowerCase(), c);
      for (const a of c.aliases ?? []) names.set(a.toLowerCase(), c);
    }
    v = { names, matched: new Map(), suggested: new Map() };
    verbTables.set(commands, v);
  }
  return v;
}
function matchVerb(word: string, v: Verbs): MatchResult<AnyCommand> {
  let m = v.matched.get(word);
  if (!m) {
    m = matchWord(word, v.names);
    if (v.matched.size >= VERB_MEMO_MAX) v.matched.clear();
    v.matched.set(word, m);
  }
  return m;
}

/**
 * A word two letters off a verb in place ("salmon", « saumon », "sermon" for summon): another word, dictated or
 * autocorrected, more than a typo of the verb (a slip of the fingers drops, adds or swaps a letter, or misses
 * one). Only suggested, never run.
 */
function otherWord(typed: string, verb: string): boolean {
  // (an accent is no letter off: « vérifs » is one letter from "verify")
  const plain = typed.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return plain.length === verb.length && edits(plain, verb) === 2 && [...plain].filter((c, i) => c !== verb[i]).length === 2;
}

function resolveVerb(tokens: Token[], commands: readonly AnyCommand[]): VerbResult {
  const verbs = verbsOf(commands);
  const first = tokens[0]!;
  const joined = tokens[1] && !tokens[1].quoted ? first.text + tokens[1].text : undefined; // "back up" → backup
  const one = first.quoted ? ({ kind: 'none' } as const) : matchVerb(first.text, verbs);
  const two = joined ? matchVerb(joined, verbs) : ({ kind: 'none' } as const);

  // Prefer an exact reading, then a two-word one that is exact ("back up"), then stems, then typos.
  for (const [m, used] of [[one, 1], [two, 2]] as const) if (m.kind === 'exact') return { ok: true, command: m.value, used, guessed: false };
  for (const kind of ['stem', 'typo'] as const) {
    for (const [m, used] of [[one, 1], [two, 2]] as const) if (m.kind === kind && !(kind === 'typo' && used === 1 && otherWord(first.text, m.word))) return { ok: true, command: m.value, used, guessed: true };
  }
  if (one.kind === 'ambiguous') {
    return {
      ok: false,
      code: 'command.ambiguous',
      message: `${quote(first.text)} could be ${one.candidates.map((c) => `\`${c}\``).join(' or ')}`,
      hint: 'say which one',
    };
  }
  let close = verbs.suggested.get(first.text);
  if (!close) {
    close = suggest(first.text, [...new Set(commands.map((c) => c.name))]);
    if (verbs.suggested.size >= VERB_MEMO_MAX) verbs.suggested.clear();
    verbs.suggested.set(first.text, close);
  }
  const inside = close.length ? undefined : verbInside(tokens, verbs);
  return {
    ok: false,
    code: 'command.unknown',
    message: `I don't know the command ${quote(first.text)}`,
    hint: close.length
      ? `did you mean ${close.map((c) => `\`${c}\``).join(' or ')}? Say \`help\` for the list`
      : inside
        ? `did you mean ${quote(inside)}? Commands start with their verb`
        : 'say `help` for the list of commands',
  };
}

/**
 * A verb a few words into a sentence ("bot, could we get a status?"): only ever suggested, never run,
 * since a verb in the middle of chatter is as likely to be talk about a command as a command.
 */
function verbInside(tokens: Token[], verbs: Verbs): string | undefined {
  const words = wordsOf(tokens.map((t) => t.text).join(' ')).slice(1, 6);
  for (let i = 0; i < words.length; i++) {
    const m = matchVerb(words[i]!, verbs);
    if (m.kind === 'exact' || m.kind === 'stem') return [m.value.name, ...words.slice(i + 1)].join(' ');
  }
  return undefined;
}

// The filler phrases split into words once (longest first for the leading ones, as they are tried), not on every line.
const LEADING_FILLER_WORDS = [...LEADING_FILLER].sort((a, b) => b.length - a.length).map((p) => p.split(' '));
const TRAILING_FILLER_WORDS = TRAILING_FILLER.map((p) => p.split(' '));
// (tried for every message: only the phrases that open, or close, on the message's own word, in the same order)
const LEADING_BY_FIRST = byWord(LEADING_FILLER_WORDS, (w) => w[0]!);
const TRAILING_BY_LAST = byWord(TRAILING_FILLER_WORDS, (w) => w[w.length - 1]!);
function byWord(phrases: readonly string[][], key: (w: string[]) => string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const w of phrases) out.set(key(w), [...(out.get(key(w)) ?? []), w]);
  return out;
}

/** The plain word of each token (undefined for a quoted one), worked out once for all the phrases compared. */
function plainWords(tokens: readonly Token[]): (string | undefined)[] {
  return tokens.map((t) => (t.quoted ? undefined : plain(t.text)));
}

function dropFiller(tokens: Token[]): Token[] {
  let out = tokens;
  for (let changed = true; changed && out.length > 0; ) {
    changed = false;
    const plains = plainWords(out);
    for (const w of (plains[0] !== undefined && LEADING_BY_FIRST.get(plains[0])) || []) {
      const n = w.length <= out.length && w.every((x, k) => plains[k] === x) ? w.length : 0;
      if (n > 0 && n < out.length) {
        out = out.slice(n);
        changed = true;
        break;
      }
    }
  }
  return dropTrailingFiller(out);
}

function dropTrailingFiller(tokens: Token[]): Token[] {
  let out = tokens.map((t, i) => (i === tokens.length - 1 && !t.quoted ? { ...t, text: t.text.replace(/[.!?,;]+$/u, '') } : t));
  out = out.filter((t) => t.quoted || t.text !== '');
  for (let changed = true; changed && out.length > 1; ) {
    changed = false;
    const plains = plainWords(out);
    const last = plains[plains.length - 1];
    for (const w of (last !== undefined && TRAILING_BY_LAST.get(last)) || []) {
      if (w.length >= out.length) continue;
      const from = out.length - w.length;
      if (w.every((x, k) => plains[from + k] === x)) {
        out = out.slice(0, from);
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** A word as typed, compared case-insensitively and without surrounding punctuation. */
function plain(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, '');
}

function startsWithPhrase(tokens: Token[], phrase: string): number {
  const w = phrase.split(' ');
  if (w.length > tokens.length) return 0;
  for (let k = 0; k < w.length; k++) {
    const t = tokens[k]!;
    if (t.quoted || plain(t.text) !== w[k]) return 0;
  }
  return w.length;
}

function matchSynonym(tokens: Token[], resolver: TypeResolver): { value: string; length: number } | undefined {
  if (!resolver.synonyms) return undefined;
  const phrases = Object.keys(resolver.synonyms).sort((a, b) => b.split(' ').length - a.split(' ').length);
  for (const phrase of phrases) {
    const n = startsWithPhrase(tokens, phrase);
    if (n > 0) return { value: resolver.synonyms[phrase]!, length: n };
  }
  return undefined;
}

/**
 * A value as one token of a command line that reads back as the same single value: quoted when it holds
 * spaces or quotes, or when it starts with `-` (unquoted it would read as a flag).
 */
export function renderValue(v: string): string {
  if (v !== '' && !/[\s"']/u.test(v) && !v.startsWith('-')) return v;
  return quoteToken(v);
}

/** One quoted token (the tokenizer has no escapes: a value holding both kinds of quote has its `"` turned into `'`). */
export function quoteToken(v: string): string {
  return v.includes('"') && !v.includes("'") ? `'${v}'` : `"${v.replace(/"/g, "'")}"`;
}

// one cron field: *, a number, a month or weekday name, with ranges, steps and lists (never a command's word)
const CRON_ATOM = '(?:\\*|\\?|\\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)';
const CRON_FIELD = new RegExp(`^${CRON_ATOM}(?:-${CRON_ATOM})?(?:/\\d{1,2})?(?:,${CRON_ATOM}(?:-${CRON_ATOM})?(?:/\\d{1,2})?)*$`, 'i');

/** How many leading unquoted tokens are the 5 (or 6, with seconds) fields of a cron expression; 0 if they are not. */
function unquotedCronLength(tokens: readonly Token[]): number {
  let n = 0;
  while (n < 6 && n < tokens.length && !tokens[n]!.quoted && CRON_FIELD.test(tokens[n]!.text)) n++;
  return n >= 5 ? n : 0;
}

/** Whether the tokens hold a cron expression typed without quotes, one of its fields a star (`0 3 * * *`). */
export function holdsUnquotedCron(tokens: readonly Token[]): boolean {
  return tokens.some((_, i) => {
    const n = unquotedCronLength(tokens.slice(i));
    return n > 0 && tokens.slice(i, i + n).some((t) => t.text.includes('*'));
  });
}

/**
 * The words of a rest argument as one command line: quoted tokens stay quoted (so a quoted value stays one
 * value and never becomes a flag when the line is parsed again); a rest that is one quoted token is taken
 * as the line itself (`schedule add n "0 3 * * *" "backup all"`).
 */
function restText(tokens: Token[]): string {
  if (tokens.length === 1 && tokens[0]!.quoted) return tokens[0]!.text;
  return tokens.map((t) => (t.quoted ? quoteToken(t.text) : t.text)).join(' ');
}

/** Echo user text back safely: truncated, in a code span, no way to break out of it or mention @channel. */
export function quote(text: string, max = 60): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
  return `\`${cut.replace(/`/g, "'")}\``;
}
