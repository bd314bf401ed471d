// A day told in the story after a destructive request that names its own: "ghost: restore → the 28th. theme broke on
// the 29th", "restore wekan to the 27th, someone archived the board on the 29th". The request's clause says which
// backup (the 28th); the clause after it tells when things went wrong, in the past, and names no backup: its day is
// the story's, no second value to ask about ("I can't read `29th`"). Only when the day read for the request sits in
// the request's own clause, and the story's clause comes after it, tells in the past and names no backup; a day in a
// clause that names a backup ("…, the backup of the 29th is bad") is still asked about. Any number of that story is
// told the same way ("restore wekan to monday, someone archived the entire year 10 board"). Pure; the words only.
import type { SentenceWord } from './words.js';

/**
 * Whether the word at `i` is a day told in a story clause after the request (its verb at `verbAt`). `dayAt` are the
 * words the request's day was read from; `past(w)` whether a word tells in the past; `backupNamed(w)` whether a word
 * names a backup.
 */
export function dayTold(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number, dayAt: ReadonlySet<number>, past: (w: SentenceWord) => boolean, backupNamed: (w: string) => boolean): boolean {
  if (dayAt.size === 0 || [...dayAt].some((k) => clause[k] !== clause[verbAt]) || clause[i]! <= clause[verbAt]!) return false;
  const own = words.filter((_, k) => clause[k] === clause[i]);
  return own.some((w) => past(w)) && !own.some((w) => backupNamed(w.text));
}
