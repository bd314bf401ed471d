// Whether the bot can do a kind of thing, asked of it with nothing to do it on: "can you restore apps?", "can u do
// backups?", "are you able to scale stuff?", « tu sais annuler une mise à jour ? », « est-ce que tu gères les mises à
// jour ? ». The answer is the command's help; the same question naming an app ("can you restore ghost?"), a day, a
// number or everything is a request, read as one. Pure.
import type { SentenceWord } from './words.js';

/** How a capability question opens (normalised words). */
const OPENERS: readonly (readonly string[])[] = [
  ['can', 'you'], ['can', 'u'], ['could', 'you'], ['are', 'you', 'able', 'to'], ['do', 'you'],
  ['tu', 'sais'], ['vous', 'savez'], ['sais-tu'], ['savez-vous'], ['tu', 'geres'], ['vous', 'gerez'], ['est-ce', 'que', 'tu', 'geres'], ['est-ce', 'que', 'vous', 'gerez'], ['est-ce', 'que', 'tu', 'sais'],
];
/** What a kind of thing is called, with no one thing named ("apps", "old backups", « des applis »). */
const KINDS = new Set(['apps', 'applis', 'applications', 'things', 'stuff', 'trucs', 'choses', 'backups', 'sauvegardes', 'updates', 'upgrades', 'logs', 'old', 'vieilles', 'vieux', 'anciennes', 'general', 'like', 'in', 'en', 'mises', 'mise', 'jour', 'scaling', 'restores', 'restaurations', 'rollbacks', 'containers', 'conteneurs', 'services', 'sites', 'faire', 'do', 'gere', 'geres', 'manage', 'handle', 'une', 'un', 'des', 'du', 'les', 'de', 'the', 'a', 'an', 'any']);
/** Words that stand for one thing already named ("can you restart it?", « tu sais le faire ? »). */
const PRONOUNS = new Set(['it', 'them', 'that', 'this', 'those', 'these', 'le', 'la', 'l', 'lui', 'leur', 'ca', 'cela', 'y', 'en', 'quoi', 'what', 'which', 'quelles', 'quels', 'quel', 'quelle', 'me', 'moi', 'us', 'nous']);
/** Words that name everything, which makes it a request ("can you back up all the apps?"). */
const ALL = new Set(['all', 'every', 'everything', 'each', 'tout', 'toutes', 'tous', 'chaque']);

/**
 * Whether `words` ask what the bot can do, the command read on `used` with nothing else said but kinds of things.
 * `named(i)`: word i names an app. (Asked only of commands that take an app: a command that takes none is asked for
 * this way, "can you show the certs?")
 */
export function asksCapability(text: string, words: readonly SentenceWord[], used: readonly number[], named: (i: number) => boolean): boolean {
  if (!text.includes('?')) return false;
  const opener = OPENERS.find((o) => o.every((w, k) => words[k]?.text === w));
  if (!opener) return false;
  return words.every((w, i) => i < opener.length || used.includes(i) || (!named(i) && !ALL.has(w.text) && !PRONOUNS.has(w.text) && !/\d/.test(w.text) && (w.stop || KINDS.has(w.text))));
}
