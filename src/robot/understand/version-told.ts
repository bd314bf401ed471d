// The version an app runs, told in the story beside a request that takes none: "wekan 7.63 is eating cards, go back to
// the previous version", "gitlab 17.5 broke the runners, roll it back". The number right after the app's name, in a
// clause other than the request's, says which version is live (what the request moves away from), no value the
// request could take; a destructive reading kept asking which value it was ("I can't read `7.63`"). A number in the
// request's own clause ("…, go back to 7.62") is still asked about. Pure.
import type { SentenceWord } from './words.js';

const VERSION = /^v?\d+(?:\.\d+)+$/;

/** Words that may come before a version that opens its clause ("the 6.7.1 …", « la 6.7.1 … », "version 10.5 …"). */
const BEFORE_VERSION = new Set(['the', 'la', 'le', 'l', 'version', 'v', 'release', 'this', 'that', 'cette', 'ce']);

/**
 * Whether the word at `i` is a version told after an app, in a clause not the request's (at `verbAt`). Also, for a
 * command that takes neither a version nor a date (`rollback`), a version that opens a clause after the request's and
 * tells something of it: "rollback mattermost, 10.5 broke sso", « rollback wordpress, la 6.7.1 casse woocommerce »
 * (the version that broke, what the rollback moves away from). Never for a command that takes a date: "28.11" may be a
 * day there.
 */
export function versionTold(words: readonly SentenceWord[], i: number, clause: readonly number[], verbAt: number, isApp: (w: string) => boolean, takesVersion: boolean, takesDate = true): boolean {
  if (takesVersion || !VERSION.test(words[i]?.text ?? '') || clause[i] === clause[verbAt]) return false;
  if (isApp(words[i - 1]?.text ?? '') && clause[i] === clause[i - 1]) return true;
  if (takesDate || clause[i]! < clause[verbAt]!) return false;
  let k = i - 1;
  while (k >= 0 && clause[k] === clause[i] && BEFORE_VERSION.has(words[k]!.text)) k--;
  return (k < 0 || clause[k] !== clause[i]) && clause[i + 1] === clause[i] && words[i + 1] !== undefined;
}
