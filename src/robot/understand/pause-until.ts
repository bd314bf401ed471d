// A pause asked for until something happens: "pause the nightly-registry schedule until the disk is sorted", "hold
// the backup job until monday", « mets la tâche nightly en pause jusqu'à ce que le disque soit réglé ». The "until"
// says how long the pause lasts, not when to make it: the pause is asked now. ("restart ghost until it works", "backup
// gitlab until friday": no pause, still a moment to wait for.) Pure; the words only.
import type { SentenceWord } from './words.js';

/** Verbs and nouns of a pause, in English and French. */
const PAUSE = new Set(['pause', 'suspend', 'hold', 'freeze', 'halt', 'disable', 'suspends', 'suspendre', 'suspendez', 'desactive', 'desactiver', 'gele', 'geler']);
const UNTIL = new Set(['until', 'till', 'jusqu', "jusqu'a", "jusqu'au"]);

/** Whether the word at `i` is an "until" that says how long a pause said before it lasts. */
export function pauseLasts(words: readonly SentenceWord[], i: number): boolean {
  return UNTIL.has(words[i]?.text ?? '') && words.slice(0, i).some((w) => PAUSE.has(w.text));
}

