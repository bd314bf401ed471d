// The commands' phrases as a table, and how a sentence's words match them: each phrase word against each sentence
// word (exact, same stem, a synonym, a French verb made of an English one, a typo), a phrase against a sentence
// (matchPhrase), and, when nothing matches, the commands closest to what was said (unknown). The table is built once
// per list of commands; a word's row of scores and its distance to each command are remembered per word (bounded),
// since stemming and edit distances are the costly part of a reading.
import type { AnyCommand } from '../command.js';
import { allowedEdits, edits, stem, stemFr } from '../grammar/nearmiss.js';
import { boundedMemo, boundedPairMemo } from '../grammar/bounded-memo.js';
import { DATE_WORDS } from './dates.js';
import { countWord, saysHowNotHowMany } from './numbers.js';
import { joinsSaid, particlesAfterVerbs } from './joined-phrase.js';
import { meaningOf, type Phrase, type PhraseHit } from './phrase.js';
import { sentenceWords, STOPWORDS, SYNONYMS, type Lang, type SentenceWord } from './words.js';
import type { Understood } from './understood.js';

export interface Table {
  phrases: Phrase[];
  /** Command names and aliases, as typed first on a line. */
  names: Set<string>;
  known: Set<string>;
  /** The phrases' content words (not stopwords): a sentence word is compared with each once, then remembered. */
  vocab: string[];
  vocabSet: Set<string>;
  /** Phrases by their first content word (by their first word when they have none): a phrase can only match when it does. */
  byWord: Map<string, Phrase[]>;
  /** sentence word → the content words it reads as by stem or typo, with the score (bounded). */
  rows: Map<string, Map<string, number>>;
  /** sentence word → how close each command is, for the unknown answer (bounded). */
  near: Map<string, Map<AnyCommand, Near>>;
}

const ROWS_MAX = 5000;
/** Common words that are never a typo of a command word ("je vous demande de…" is not "démarre"). */
// ("the sprint board keeps timing out": a sprint is the team's, never "print out"; « je me permets » is no « remets »,
// "a restart usually sorts it" no « sortie », "the second one" no « répond », « tout le monde » no « monte », « c'est
// reparti » no report, an « alerte » no « arrête »)
const COMMON_WORDS = ['demande', 'demandes', 'demander', 'demandons', 'demandez', 'informe', 'signale', 'sprint', 'sprints', 'permets', 'permet', 'permettre', 'permettez', 'sorts', 'second', 'monde', 'mondes', 'reparti', 'repartie', 'repartis', 'alerte', 'alertes'];
/** Words a stemmer makes a phrase's word: « fin d'année » is no "backup is fine", "that's helpful" asks no help. */
const NOT_BY_STEM = new Set(['fin', 'helpful']);
/**
 * A number said right before the next word of a phrase ("{n} instances": "scale wekan to 3 instances", "passe
 * wekan à 3 tâches"). It is the phrase's own sign, not one of its words: the number stays free for the count.
 */
export const COUNT_SLOT = '#n';
const COUNT_MARK = 'zzcountzz';
/** How close a command is to a word, and its first phrase that is (ties keep the table's order). */
interface Near {
  score: number;
  first: number;
}

const tables = new WeakMap<readonly AnyCommand[], Table>();

/** Meanings a sentence can fill (a `word` with none, or a rest argument that is not a `line`, it cannot). */
const READABLE = new Set(['date', 'version', 'count', 'app', 'app-or-all', 'command', 'name', 'ids', 'source', 'file', 'cron', 'line']);
/**
 * Commands (or one of their forms) whose arguments a sentence can fill: each is fixed by the form, has a
 * meaning read from sentences, or is optional and left out (`outbox` without an action lists).
 */
function understandable(c: AnyCommand, fixed: Readonly<Record<string, string>> = {}): boolean {
  if (c.hear) return false;
  return c.args.every((a) => a.name in fixed || (READABLE.has(meaningOf(a)) && (!a.rest || meaningOf(a) === 'line')) || (!a.required && a.type !== 'int'));
}

export function table(commands: readonly AnyCommand[]): Table {
  let t = tables.get(commands);
  if (t) return t;
  const phrases: Phrase[] = [];
  const known = new Set<string>([...STOPWORDS, ...DATE_WORDS, ...COMMON_WORDS]);
  for (const c of commands) {
    const add = (p: string, lang: Lang | undefined, form?: { args: Readonly<Record<string, string>>; needs?: readonly string[] }) => {
      const words = sentenceWords(p.replace(/\{n\}/g, ` ${COUNT_MARK} `)).map((w) => (w.text === COUNT_MARK ? COUNT_SLOT : w.text));
      // a phrase of small words only ("you there", "what can you do") must be said whole (matchPhrase)
      if (words.length === 0 || (words.length < 2 && words.every((w) => STOPWORDS.has(w)))) return;
      for (const w of words) if (w !== COUNT_SLOT) known.add(w);
      phrases.push({ command: c, words, lang, ...(form ? { fixed: form.args, needs: form.needs } : {}) });
    };
    if (understandable(c)) {
      add(c.name, undefined);
      for (const a of c.aliases ?? []) add(a, undefined);
      for (const p of c.phrases?.en ?? []) add(p, 'en');
      for (const p of c.phrases?.fr ?? []) add(p, 'fr');
    }
    // a flag's words are the command's vocabulary too ("history including jobs": `including` is no count)
    for (const f of c.flags ?? []) for (const ph of f.phrases ?? []) for (const w of sentenceWords(ph)) known.add(w.text);
    for (const f of c.forms ?? []) {
      if (!understandable(c, f.args)) continue;
      for (const p of f.phrases.en ?? []) add(p, 'en', f);
      for (const p of f.phrases.fr ?? []) add(p, 'fr', f);
    }
  }
  const vocabSet = new Set<string>();
  const byWord = new Map<string, Phrase[]>();
  phrases.forEach((p, index) => {
    p.index = index;
    for (const w of p.words) if (!STOPWORDS.has(w) && w !== COUNT_SLOT) vocabSet.add(w);
    const key = p.words.find((w) => !STOPWORDS.has(w) && w !== COUNT_SLOT) ?? p.words.find((w) => w !== COUNT_SLOT)!;
    byWord.set(key, [...(byWord.get(key) ?? []), p]);
  });
  const names = new Set(commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
  t = { phrases, names, known, vocab: [...vocabSet], vocabSet, byWord, rows: new Map(), near: new Map() };
  tables.set(commands, t);
  return t;
}

// Stems and edit distances are the costly part: each word is stemmed once per process (a bounded cache),
// each pair compared once.
const stems = boundedMemo<[string, string]>(20_000);
export function stemsOf(word: string): [string, string] {
  return stems(word, () => [stem(word), stemFr(word)]);
}
const typos = boundedPairMemo<boolean>(50_000);
/** A near miss of `pw` (one or two edits, by length), not the word itself. */
export function isTypo(w: string, pw: string): boolean {
  return typos(w, pw, () => {
    // cheap bound first: lengths further apart than the edits allowed cannot match
    const allowed = Math.min(allowedEdits(pw.length), allowedEdits(w.length));
    if (Math.abs(w.length - pw.length) > allowed) return false;
    const e = edits(w, pw);
    return e > 0 && e <= allowed;
  });
}

/**
 * A word taken for an app it does not spell: one slip (a letter dropped, added, changed, or two swapped); two only
 * when both are long. Two edits from a short name reach the language's own words ("outside", "routine", « oublie »
 * to outline; "station" to static), and the corpora's own typos of app names are all one slip.
 */
export function isAppTypo(w: string, app: string): boolean {
  return isTypo(w, app) && (Math.min(w.length, app.length) >= 9 || edits(w, app) === 1);
}

/** What a (non-stop) sentence word reads as among the table's content words, computed once per word. */
export function rowOf(word: string, t: Table, gerund = false): Map<string, number> {
  const key = gerund ? `${word}\u0000` : word;
  let row = t.rows.get(key);
  if (!row) {
    row = new Map();
    const w: SentenceWord = { text: word, stop: false, ...(gerund ? { gerund } : {}) };
    for (const pw of t.vocab) {
      if (pw === word) continue; // an exact match is checked first, at no cost
      const sc = wordScore(pw, w, t.known);
      if (sc > 0) row.set(pw, sc);
    }
    if (t.rows.size >= ROWS_MAX) t.rows.clear();
    t.rows.set(key, row);
  }
  return row;
}

/** wordScore, through the table's rows when the phrase word is one of its own. */
function scoreIn(pw: string, w: SentenceWord, t: Table): number {
  // (a word the sentence made small, "trouble" in "could I trouble you", reads no phrase word)
  if (w.text === pw) return STOPWORDS.has(pw) ? 0.1 : w.stop ? 0 : 1;
  if (w.stop || STOPWORDS.has(pw)) return 0;
  return t.vocabSet.has(pw) ? (rowOf(w.text, t, w.gerund).get(pw) ?? 0) : wordScore(pw, w, t.known);
}

/** The phrases a sentence can match: those whose first content word it says, exactly, by stem or by a typo. */
export function candidates(words: SentenceWord[], t: Table): Phrase[] {
  const out = new Set<Phrase>();
  const add = (key: string) => {
    for (const p of t.byWord.get(key) ?? []) out.add(p);
  };
  for (const w of words) {
    add(w.text);
    if (!w.stop) for (const pw of rowOf(w.text, t, w.gerund).keys()) add(pw);
  }
  return [...out].sort((a, b) => a.index! - b.index!);
}

// (wordScore runs some twenty times a message: its patterns are made once, not on each call)
const E_AFTER_CONSONANT = /[^e]e$/;
const IFICATION = /ification$/;
const IFY = /(ify|ifie|ifier)$/;
const ADVERB = /(emment|amment)$/;
const ABLE = /ables?$/;
/** (« restaurant », « redémarrant », "important": a participle or a noun in -ant, no verb said, by its stem) */
const ANT = /ants?$/;
const PLAIN_WORD = /^[a-z]+$/;
const DIGIT = /\d/;
const FRENCH_VERB_ENDING = /^(.+?)(er|ez|es|e|ent|ons)$/;
/** How well a phrase word matches a sentence word: exact 1, same stem 0.9, a typo 0.8, else 0. */
export function wordScore(pw: string, w: SentenceWord, known: Set<string>): number {
  if (w.text === pw) return STOPWORDS.has(pw) ? 0.1 : 1;
  if (STOPWORDS.has(pw) || w.stop) return 0;
  // the imperative said with "vous" ("sauvegardez", "restaurez", "redémarrez"): the phrase's own word
  if (w.text.length === pw.length + 1 && w.text.endsWith('z') && w.text.startsWith(pw) && E_AFTER_CONSONANT.test(pw) && pw.length >= 5) return 1;
  if (SYNONYMS.get(w.text) === pw || SYNONYMS.get(pw) === w.text) return 0.9;
  if (frenchified(w.text, pw) && !known.has(w.text)) return 0.9;
  // ("the verification of the backup": the noun of a verb in -ify, -ifie, which the stemmers cut apart)
  if (IFICATION.test(w.text) && IFY.test(pw) && w.text.replace(IFICATION, '') === pw.replace(IFY, '')) return 0.9;
  if (pw.length >= 3 && w.text.length >= 3 && !NOT_BY_STEM.has(w.text)) {
    // (indexed, not destructured: no iterator made on each of its calls)
    const said = stemsOf(w.text);
    const own = stemsOf(pw);
    const a = said[0];
    const b = said[1];
    const c = own[0];
    const d = own[1];
    // a plural read on a singular ("snapshots" on "snapshot") a little less than on a plural ("backups")
    // (a French adverb is no adjective by its stem, "récemment" is not "récente"; nor an adjective in -able a noun
    // or a verb, "déployable" is not "déploiement"; nor a word in -ant a verb, "can u restaurant ghost" is not a restore)
    if ((a === c || b === d) && (ADVERB.test(w.text) !== ADVERB.test(pw) || ABLE.test(w.text) !== ABLE.test(pw) || (!w.gerund && ANT.test(w.text) !== ANT.test(pw)))) return 0;
    if (a === c || b === d) return w.text.endsWith('s') !== pw.endsWith('s') && PLAIN_WORD.test(pw) ? 0.88 : 0.9;
  }
  // (a typo that keeps the plural, "bckups", reads a little better on the plural)
  if (pw.length >= 5 && w.text.length >= 4 && !known.has(w.text) && !DIGIT.test(w.text) && isTypo(w.text, pw)) return w.text.endsWith('s') !== pw.endsWith('s') ? 0.75 : 0.8;
  return 0;
}

/**
 * An English command word made a French verb ("backuper", "updater", "retrier", "droppe", "lister", "restartez"):
 * the word, its final "e" or "y" dropped or its consonant doubled, with a French verb ending.
 */
function frenchified(word: string, pw: string): boolean {
  if (pw.length < 4 || !PLAIN_WORD.test(pw) || word.length <= pw.length) return false;
  const m = FRENCH_VERB_ENDING.exec(word);
  if (!m) return false;
  const root = m[1]!;
  return root === pw || root === pw.replace(/e$/, '') || root === pw.replace(/y$/, 'i') || root === pw + pw.at(-1);
}

/** A count at `i`: digits, or a number said in words beside a cue ("three instances"). */
function isCount(words: SentenceWord[], i: number): boolean {
  const w = words[i];
  const said = words.map((x) => x.text);
  // ("restart wekan, one task at a time": how it is done, no count)
  return !!w && !httpStatus(words, i) && !saysHowNotHowMany(said, i) && (/^\d{1,4}$/.test(w.text) || countWord(said, i) !== undefined);
}
/** An HTTP status at `i`, no count: "users report 502 errors", « erreurs 502 », "HTTP 404", "502 bad gateway". */
export function httpStatus(words: readonly SentenceWord[], i: number): boolean {
  return /^[1-5]\d\d$/.test(words[i]!.text) && (HTTP_CUES.has(words[i + 1]?.text ?? '') || HTTP_CUES.has(words[i - 1]?.text ?? '') || (/^(?:40[0-9]|429|50[2-4])$/.test(words[i]!.text) && (ERROR_AFTER.has(words[i + 1]?.text ?? '') || ERROR_ARTICLES.has(words[i - 1]?.text ?? ''))));
}

/** Words beside a 3-digit number that make it an HTTP status ("502 errors", « erreur 500 », "HTTP 404", "502 bad gateway"). */
const HTTP_CUES = new Set(['error', 'errors', 'erreur', 'erreurs', 'err', 'http', 'https', 'bad', 'gateway', 'internal', 'forbidden', 'unauthorized', 'timeout', 'status', 'code', 'codes', 'statut', 'response', 'responses', 'reponse', 'reponses']);
/** Words after an error status that tell the trouble by its time or its reach ("ghost 502 since 2am, show me its logs", « 502 partout »). */
const ERROR_AFTER = new Set(['since', 'depuis', 'everywhere', 'partout', 'when', 'quand', 'while', 'pendant', 'lors', 'on', 'sur', 'again', 'encore', 'blip', 'blips', 'passer']);
/** Articles before an error status ("saw a 502 blip", « j'ai vu un 502 passer »): a thing seen, no count. */
const ERROR_ARTICLES = new Set(['a', 'an', 'un', 'une', 'des']);

/** Verbs that bring something back up ("bring it back up", "get wekan back up"). */
const BRINGS = new Set(['bring', 'brought', 'get', 'got', 'put', 'turn', 'come', 'came', 'set']);

/** `joins`: a join of the phrase must be said between its neighbours (a command's phrase; a flag's, "data and all", is read in any order). */
export function matchPhrase(phrase: Phrase, words: SentenceWord[], t: Table, joins = true): PhraseHit | undefined {
  const used: number[] = [];
  const pairs: PhraseHit['pairs'] = [];
  let score = 0;
  let content = 0;
  let contentScore = 0;
  const opening = words.findIndex((w) => !w.stop);
  let counted = false;
  // (the sentence word read for each of the phrase's words, -1 when unsaid: a join must sit between its neighbours)
  const placed: number[] = [];
  for (const pw of phrase.words) {
    placed.push(-1);
    if (pw === COUNT_SLOT) {
      counted = true;
      continue;
    }
    let best = 0;
    let at = -1;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (used.includes(i)) continue;
      // ("…, so back up wordpress now": the "back" of "back up" is the backup's verb, never the "back" of another
      // phrase, restore's "back to the backup" or "put back"; "bring it back up" brings it back)
      if (w.text === 'back' && words[i + 1]?.text === 'up' && !phrase.words.includes('up') && !words.slice(Math.max(0, i - 3), i).some((x) => BRINGS.has(x.text))) continue;
      // (« par erreur » is "by mistake", no error of the logs')
      if (w.text === 'erreur' && words[i - 1]?.text === 'par') continue;
      // ("update nextcloud svp, julien said ok", « … a dit ok »: an approval given, no state asked)
      if ((w.text === 'ok' || w.text === 'okay') && SAID_OK.has(words[i - 1]?.text ?? '')) continue;
      // (the word after a count is the phrase's noun, small or not: "1 instance")
      const s = counted && w.text === pw ? 1 : scoreIn(pw, w, t);
      // "run a backup of every app": a request verb opening the sentence is that request, not another word by its stem ("running")
      if (s < 1 && i === opening && OPENING_REQUESTS.has(w.text)) continue;
      // (the same word said twice, "la sauvegarde a planté, lance une sauvegarde de wordpress": the one a request verb
      // asks for, "lance une sauvegarde", not the story's)
      if (s > best || (s === best && s > 0 && askedFor(words, i))) {
        best = s;
        at = i;
      }
    }
    // (or one word before: "three ghost instances", « une seule instance »)
    if (counted && (at < 0 || !(isCount(words, at - 1) || (at >= 2 && !/^\d/.test(words[at - 2]!.text) && isCount(words, at - 2))))) return undefined;
    // (the count said counts as a word of the phrase)
    if (counted) score += 1;
    if (at < 0) {
      if (STOPWORDS.has(pw) && phrase.words.some((x) => !STOPWORDS.has(x))) continue; // "what can you install" also reads "what can I install"
      return undefined;
    }
    used.push(at);
    placed[placed.length - 1] = at;
    score += best;
    if (!STOPWORDS.has(pw) || counted) {
      counted = false;
      content++;
      contentScore += best;
      pairs.push([pw, at, best]);
    }
  }
  if (used.length === 0) return undefined;
  // ("hold off on the ghost restore" is no "off and on": joined-phrase.ts)
  if (joins && !joinsSaid(phrase.words, placed)) return undefined;
  // ("logging everyone out, roll it back" is no "roll out": joined-phrase.ts)
  if (joins && !particlesAfterVerbs(phrase.words, placed)) return undefined;
  if (content === 0) {
    // ("what can you actually do": a filler inside is no break)
    const whole = used.length === phrase.words.length && used.every((u, k) => k === 0 || (u > used[k - 1]! && words.slice(used[k - 1]! + 1, u).every((w) => FILLERS.has(w.text))));
    return whole ? { phrase, score: 0.35 * used.length, confidence: 1, used, first: used[0]!, pairs } : undefined;
  }
  // words said in the phrase's order weigh a little more than the same words scattered
  const ordered = used.every((u, k) => k === 0 || u > used[k - 1]!);
  // words of the phrase not said count a little against it ("summon" is nearer `summon` than "what can I summon")
  const unsaid = phrase.words.filter((w) => w !== COUNT_SLOT).length - used.length;
  return { phrase, score: score + (ordered && used.length > 1 ? 0.05 : 0) - 0.1 * unsaid, confidence: contentScore / content, used, first: Math.min(...used), pairs };
}

/** Words an approval is given by, before its "ok" (normalised: « donné » is "donne"). */
const SAID_OK = new Set(['said', 'says', 'gave', 'dit', 'donne']);
/** Words that may sit inside a phrase said whole ("what can you actually do"). */
const FILLERS = new Set(['actually', 'really', 'even', 'exactly', 'vraiment', 'exactement', 'meme']);
/** Verbs that only say "do it" when they open a request ("run a backup", "make a backup", "lance une sauvegarde"). */
export const OPENING_REQUESTS = new Set(['run', 'make', 'take', 'trigger', 'lance', 'fais', 'faire']);
const ARTICLES = new Set(['a', 'an', 'the', 'un', 'une', 'le', 'la', 'l', 'new', 'nouvelle', 'nouveau']);
/** A request verb right before the word, or before its article ("lance une sauvegarde", "run a backup"). */
function askedFor(words: readonly SentenceWord[], i: number): boolean {
  const before = words[i - 1]?.text ?? '';
  return OPENING_REQUESTS.has(before) || (ARTICLES.has(before) && OPENING_REQUESTS.has(words[i - 2]?.text ?? ''));
}
/** How close each command's phrase words are to one sentence word (edits ≤ 2), computed once per word. */
function nearOf(word: string, t: Table): Map<AnyCommand, Near> {
  let near = t.near.get(word);
  if (!near) {
    near = new Map();
    for (const p of t.phrases) {
      for (const pw of p.words) {
        if (STOPWORDS.has(pw) || pw.length <= 3 || Math.abs(word.length - pw.length) > 2) continue;
        const e = edits(word, pw);
        const had = near.get(p.command);
        if (e <= 2 && 1 - e / 3 > (had?.score ?? 0)) near.set(p.command, { score: 1 - e / 3, first: had?.first ?? p.index! });
      }
    }
    if (t.near.size >= ROWS_MAX) t.near.clear();
    t.near.set(word, near);
  }
  return near;
}

/** Nothing understood: the two or three closest commands, as examples to copy or click. */
export function unknown(words: SentenceWord[], t: Table, lang: Lang): Understood {
  const scores = new Map<AnyCommand, Near>();
  for (const w of words) {
    if (w.stop) continue;
    for (const [c, n] of nearOf(w.text, t)) {
      const had = scores.get(c);
      scores.set(c, had ? { score: Math.max(had.score, n.score), first: Math.min(had.first, n.first) } : n);
    }
  }
  const close = [...scores].sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first).slice(0, 3).map(([c]) => c);
  const picks = close.length ? close : t.phrases.map((p) => p.command).filter((c, i, all) => all.indexOf(c) === i && ['help', 'status', 'list'].includes(c.name));
  const examples = picks.map((c) => c.examples[0] ?? c.name);
  return {
    kind: 'unknown',
    lang,
    ...(words[0] ? { first: words[0].text } : {}),
    message: lang === 'fr' ? "je n'ai pas compris. Par exemple :" : "I didn't understand that. For example:",
    examples,
  };
}
