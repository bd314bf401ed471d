// The version an app runs, told in the story beside a request that takes none: "wekan 7.63 is eating cards, go back to
// the previous version", "gitlab 17.5 broke the runners, roll it back". The number right after the app's name, in a
// clause other than the request's, says which version is live (what the request moves away from), no value the
// request could take; a destructive reading kept asking which value it was ("I can't read `7.63`"). A number in the
// request's own clause ("…, go back to 7.62") is still asked about. Pure.
import type { SentenceWord } from './words.js';

const VERSION = /^v?\d+(?:\.\d+)+$/;

/** Whether the word at `i` is a version told after an app, in a clause not the request's (at `verbAt`). */
export function versionTold(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number, isApp: (w: string) => boolean, takesVersion: boolean): boolean {
  return !takesVersion && VERSION.test(words[i]?.text ?? '') && isApp(words[i - 1]?.text ?? '') && clause[i] === clause[i - 1] && clause[i] !== clause[verbAt];
}
