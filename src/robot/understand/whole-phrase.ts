// A command's verb said inside another command's whole phrase is that phrase's word: "what can you install, we already
// run ghost" asks what can be installed (list's phrase "what can you install", said word for word), not to install
// ghost (summon's "install", with an app from another clause, scored above it). Only a reading that shows takes the
// lead this way, and only from one that acts on words all inside it. Pure.
import type { PhraseHit } from './phrase.js';

/** Puts first a whole phrase of three words or more, of a command that only shows, that holds every word of the acting reading ahead of it. */
export function wholePhraseFirst(ranked: PhraseHit[]): void {
  const top = ranked[0];
  if (!top?.phrase.command.sideEffects) return;
  const whole = ranked.find((h) => !h.phrase.command.sideEffects && h.phrase.words.length >= 3 && h.used.length === h.phrase.words.length && top.used.every((u) => h.used.includes(u)));
  if (!whole) return;
  ranked.splice(ranked.indexOf(whole), 1);
  ranked.unshift({ ...whole, score: Math.max(whole.score, top.score) });
}
