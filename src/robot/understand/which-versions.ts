// "what versions of wordpress could we move to?", « vers quelles versions on peut monter ghost ? »: a question that
// opens on which versions asks for the list of them (`versions`), whatever verb of moving follows ("move to",
// « passer », « monter » are update's words, and the question is not that request).
import type { SentenceWord } from './words.js';

const WHICH = new Set(['what', 'which', 'quelle', 'quelles', 'quel', 'quels']);
// (the plural: "what version is ghost on?" asks the one it runs, its status)
const VERSIONS = new Set(['versions', 'releases', 'tags']);

/** The message opens on "what/which versions", « (vers) quelles versions », and asks (ends on "?" or has no "?" at all). */
export function asksWhichVersions(words: readonly SentenceWord[], text: string): boolean {
  const at = words[0]?.text === 'vers' || words[0]?.text === 'to' ? 1 : 0;
  return WHICH.has(words[at]?.text ?? '') && VERSIONS.has(words[at + 1]?.text ?? '') && !/\?.*\S.*$/u.test(text.replace(/\?\s*$/u, ''));
}
