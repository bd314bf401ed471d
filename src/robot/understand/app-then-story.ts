// The app named first, then the request, then the story of what went wrong: "nextcloud restore to yesterday morning,
// the share links broke after that", « wekan, restaure-le à hier, quelqu'un a archivé toutes les cartes ». Read as
// the command named as a thing ("nc bkp failed again") because a past verb followed: but that verb is in a clause of
// its own, with a subject of its own (an article's noun, "someone", « quelqu'un »), and the request's clause says
// where to take the app ("to", « à » a moment): the story is why, the request is asked. "nextcloud restore, it failed
// again" (the clause's subject is the restore itself) and "gitlab backup failed again" (one clause) still tell. Pure.
import type { SentenceWord } from './words.js';

/** What opens a clause on a subject of its own: an article and its noun, someone. */
const OWN_SUBJECT = new Set(['the', 'my', 'our', 'all', 'le', 'la', 'les', 'l', 'mes', 'nos', 'someone', 'somebody', "someone's", 'quelqu', "quelqu'un", 'quelqu un', 'un', 'une']);
/** Pronouns that may stand for the request itself, or the app. */
const ITSELF = new Set(['it', 'its', "it's", 'that', 'this', 'they', 'which', 'ca', 'c', 'cela', 'ce', 'elle', 'il', 'ils', 'elles', 'qui']);
/** Where a request takes the app: "to" yesterday, « à » hier. */
const TARGET = new Set(['to', 'a']);

/**
 * Whether the past word at `i` tells a story apart from the request read at `at` (its clause holds a target). The app
 * set apart as a heading ("ghost: restore to the 28th. theme broke on the 29th", « ghost → restaure avant-hier,
 * l'import a tout pété hier »: `heading`, its clause not the request's) makes the request's clause open on its verb:
 * then a story after it, on a subject of its own (any word but a past one, an article or not), is apart too.
 */
export function storyApart(words: readonly SentenceWord[], clause: readonly number[], at: number, i: number, heading = false, past: (w: SentenceWord) => boolean = () => false): boolean {
  if (clause[i] === clause[at]) return false;
  const first = words.findIndex((_, k) => clause[k] === clause[i]);
  // (not a pronoun, which may be the request itself: "gitlab: backup. it failed last night" tells)
  // (and the request's clause says more than its verb, where to take the app: "ghost: restore, the import broke
  // everything" names no backup, and stays asked)
  if (heading) return clause[i]! > clause[at]! && first >= 0 && first < i && !past(words[first]!) && !ITSELF.has(words[first]!.text) && words.some((w, k) => k > at && clause[k] === clause[at] && !w.stop);
  if (!OWN_SUBJECT.has(words[first]?.text ?? '')) return false;
  return words.some((w, k) => k > at && clause[k] === clause[at] && TARGET.has(w.text) && k + 1 < words.length && clause[k + 1] === clause[at] && !words[k + 1]!.stop);
}
