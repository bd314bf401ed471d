// What a "how do I …?" question is about: its verb, the word after the question's frame. "how do I deploy an app?"
// asks about deploying (`help summon`), not about the apps a listing shows, though `list` reads "deploy … app"
// better; « comment on purge une appli ? » asks about `prune`.
import type { SentenceWord } from './words.js';

// the frame's own words: "how do/can/would I/we/you…", « comment on/je/tu (fait pour) … »
const HOW_FRAME = new Set(['how', 'do', 'does', 'can', 'could', 'would', 'should', 'must', 'to', 'i', 'we', 'you', 'one', 'comment', 'on', 'je', 'tu', 'vous', 'fait', 'fais', 'faire', 'pour', 'est-ce', 'que', 'qu', 'peut', 'peux', 'doit', 'dois']);

/** Where the asked-about verb of a "how" question is, when the question opens on its frame. */
// (or at `h`, after the words that say it is not known: "I forgot how you update an app", « je sais plus comment on restaure »)
export function howVerbAt(words: readonly SentenceWord[], h = 0): number | undefined {
  if (words[h]?.text !== 'how' && words[h]?.text !== 'comment') return undefined;
  const i = words.findIndex((w, k) => k > h && !HOW_FRAME.has(w.text));
  return i > h + 1 ? i : undefined;
}
