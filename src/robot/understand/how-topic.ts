// What a "how do I …?" question is about: its verb, the word after the question's frame. "how do I deploy an app?"
// asks about deploying (`help summon`), not about the apps a listing shows, though `list` reads "deploy … app"
// better; « comment on purge une appli ? » asks about `prune`.
import type { SentenceWord } from './words.js';
import { TALK_OPENERS } from './where-to-find.js';

// the frame's own words: "how do/can/would I/we/you…", « comment on/je/tu (fait pour) … »
const HOW_FRAME = new Set(['how', 'do', 'does', 'can', 'could', 'would', 'should', 'must', 'to', 'i', 'we', 'you', 'one', 'comment', 'on', 'je', 'tu', 'vous', 'fait', 'fais', 'faire', 'pour', 'est-ce', 'que', 'qu', 'peut', 'peux', 'doit', 'dois']);

/** Verbs of seeing or finding a thing. */
const SEEING = new Set(['see', 'find', 'get', 'read', 'check', 'view', 'vois', 'voit', 'voir', 'trouve', 'trouver', 'lis', 'lire', 'consulte', 'consulter', 'regarde', 'regarder']);

/** Where the asked-about verb of a "how" question is, when the question opens on its frame. */
// (or at `h`, after the words that say it is not known: "I forgot how you update an app", « je sais plus comment on restaure »)
export function howVerbAt(words: readonly SentenceWord[], h = 0): number | undefined {
  // ("ok so how does rollback work?": after the words that open talk; where-to-find.ts)
  if (h === 0 && TALK_OPENERS.has(words[0]?.text ?? '')) {
    const start = words.findIndex((w) => !TALK_OPENERS.has(w.text));
    return start > 0 ? howVerbAt(words, start) : undefined;
  }
  if (words[h]?.text !== 'how' && words[h]?.text !== 'comment') return undefined;
  const i = words.findIndex((w, k) => k > h && !HOW_FRAME.has(w.text));
  // ("comment je vois les logs d'une appli ?", "how do I find the backups?": a verb of seeing or finding asks about the
  // thing seen, the word after it, not about the verb, read `whoami` on « tu me vois comment »)
  if (i > h + 1 && SEEING.has(words[i]!.text)) {
    const thing = words.findIndex((w, k) => k > i && !w.stop);
    if (thing > i) return thing;
  }
  return i > h + 1 ? i : undefined;
}
