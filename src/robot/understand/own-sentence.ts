// A request's arguments are said in its own sentence: "Ok let me explain. Last night Tom changed the menus, and this
// morning the pages were gone. Please restore wordpress from yesterday. I'll tell the staff." restores yesterday's,
// not the story's "last night". When a message of several sentences reads a command that acts (destructive or not),
// and exactly one of its sentences read alone reads that command with other arguments, while no other sentence acts,
// corrects or takes back, that sentence's reading is the request. Pure: the reader is given.
import type { Understood } from './understood.js';
import { NEGATIONS, SENTENCE_BREAK, sentenceWords } from './words.js';

/** Words of a sentence that corrects or takes back what another said ("actually", "no wait", « plutôt »). */
const CORRECTS = new Set(['actually', 'wait', 'meant', 'instead', 'rather', 'sorry', 'attends', 'plutot', 'pardon', 'finalement', 'non', 'no']);

/** The reading of the request's own sentence, when it differs from the whole message's; undefined otherwise. */
export function ownSentenceReading(text: string, whole: Understood, read: (sentence: string) => Understood, dated: (sentence: string) => boolean): Understood | undefined {
  // (a day read: the kind a story before the request gives it; each sentence is read again only then)
  // (a command that acts, "… Verify gitlab from Tuesday please.", as a destructive one)
  if (whole.kind !== 'command' || !whole.parsed.command.sideEffects || !/\d{4}-\d{2}-\d{2}/.test(whole.parsed.canonical)) return undefined;
  const sentences = text.split(SENTENCE_BREAK).filter((s) => s.trim());
  // (two sentences that each say a day; else the message's one day is the request's own)
  const withDay = sentences.filter(dated);
  if (withDay.length < 2) return undefined;
  // the request's sentence says a day (the same arguments, below): read those first, the others only if it differs
  const readings = new Map(withDay.map((s) => [s, read(s)]));
  const same = [...readings.values()].filter((r): r is Extract<Understood, { kind: 'command' }> => r.kind === 'command' && r.parsed.command === whole.parsed.command);
  if (same.length !== 1 || same[0]!.parsed.canonical === whole.parsed.canonical) return undefined;
  // (the same arguments said, other values: a sentence that says fewer, "restore summoner → yesterday's snapshot" cut
  // at its arrow, leaves the day to the whole message)
  const keys = (r: Extract<Understood, { kind: 'command' }>) => Object.keys(r.parsed.args).filter((k) => r.parsed.args[k] !== undefined).sort().join(' ');
  if (keys(same[0]!) !== keys(whole)) return undefined;
  const quiet = sentences.every((s) => {
    const r = readings.get(s) ?? read(s);
    return r === same[0] || (!(r.kind === 'command' && r.parsed.command.sideEffects) && !sentenceWords(s).some((w) => CORRECTS.has(w.text) || NEGATIONS.has(w.text)));
  });
  return quiet ? same[0] : undefined;
}

/** A sentence that gives the team something to pass on: "tell the kids to check their folders", « dites aux élèves de vérifier… ». */
const FOR_OTHERS = /^\s*(?:(?:please|pls|and|then|et|puis)\s+)?(?:(?:tell|ask|remind)\s+(?:the\s+|our\s+|your\s+|all\s+the\s+)?[\p{L}-]+\s+(?:to|that)\b|(?:dis|dites|rappelle|rappelez|demande|demandez|previens|prévenez|prévenir|préviens)\s+(?:à|a|aux)\s)/iu;

/**
 * The message without its sentences that give others something to do ("done, nextcloud restored to monday. tell the
 * kids to check their folders": the check is the kids', never the bot's verify); undefined when it has none, or only them.
 */
export function withoutWordsForOthers(text: string): string | undefined {
  // (a clause before a comma too: "tell the teachers to save their work, I'm restarting nextcloud in 10 minutes")
  const sentences = text.split(SENTENCE_BREAK).flatMap((s) => {
    const cut = FOR_OTHERS.test(s) ? s.indexOf(', ') : -1;
    return cut > 0 ? [s.slice(0, cut), s.slice(cut + 2)] : [s];
  });
  if (sentences.length < 2) return undefined;
  const kept = sentences.filter((s) => !FOR_OTHERS.test(s));
  return kept.length > 0 && kept.length < sentences.length ? kept.join(' ') : undefined;
}
