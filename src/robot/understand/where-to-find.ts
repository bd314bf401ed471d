// How a thing is done, asked two more ways the help answers: "so what does prune do?", « alors, comment on restaure ? »
// (a word that only opens talk, "so", "ok", « alors », « bon », before the question: asksHow read the question's first
// two words and saw "so what"), and "where do I find an app's logs?", « où je vois les logs d'une appli ? », "where can
// we see the backups?" (where to find or see a thing, asked by the speaker: the help of the command that shows it,
// not the command run on no app). Pure; the words only.
import { normalise, type SentenceWord } from './words.js';

/** Words that only open talk before a question. */
export const TALK_OPENERS = new Set(['so', 'ok', 'okay', 'well', 'and', 'hey', 'um', 'uh', 'alors', 'bon', 'donc', 'et', 'euh', 'ben', 'bref']);
/** The words a question of how or what opens on. */
const QUESTION_WORDS = new Set(['what', "what's", 'whats', 'how', 'where', 'which', 'comment', 'que', 'qu', 'quoi', 'ou', 'c']);
const OPENED = new RegExp(`^\\W*(?:(?:${[...TALK_OPENERS].join('|')})[\\s,!.]+)+(?:${[...QUESTION_WORDS].join('|')})\\b`);
const WHERE = new Set(['where', 'ou']);
const ASKER = new Set(['i', 'we', 'one', 'je', 'j', 'on', 'nous']);
const MODAL = new Set(['do', 'can', 'could', 'should', 'would', 'peux', 'peut', 'pourrais', 'dois', 'doit', 'est-ce']);
const FIND = new Set(['find', 'see', 'get', 'look', 'check', 'read', 'trouve', 'trouver', 'vois', 'voit', 'voir', 'lis', 'lit', 'lire', 'regarde', 'regarder']);

/** The words after a talk opener ("so what does prune do?" → "what does prune do?"), or undefined when none opens. */
export function afterOpener(words: readonly SentenceWord[], text: string): SentenceWord[] | undefined {
  // (as typed, the opener right before the question's word: a filler dropped between them, "so like, what…", hedges)
  // ("so what does restore even do to the db?": an "even" after it vents more than it asks; the set asks it back)
  if (!OPENED.test(normalise(text)) || words.some((w) => w.text === 'even')) return undefined;
  let k = 0;
  while (k < words.length - 2 && TALK_OPENERS.has(words[k]!.text)) k++;
  // (right before the question's word: "so like, what does restore even do…" hedges, and stays as it was read)
  return k > 0 && QUESTION_WORDS.has(words[k]!.text) ? words.slice(k) : undefined;
}

/** "where do I find …?", « où je vois … ? », « où est-ce qu'on trouve … ? »: where to find a thing, asked. */
export function asksWhereToFind(words: readonly SentenceWord[], text: string): boolean {
  if (!/\?\s*$/.test(text) || !WHERE.has(words[0]?.text ?? '')) return false;
  // (up to three words between: "do i", "can we", « est-ce qu on », « je peux »)
  const upTo = words.slice(1, 5);
  const find = upTo.findIndex((w) => FIND.has(w.text));
  return find > 0 && upTo.slice(0, find).some((w) => ASKER.has(w.text)) && upTo.slice(0, find).every((w) => ASKER.has(w.text) || MODAL.has(w.text) || w.stop);
}

/** What the bot is for, asked of it: « tu sers à quoi ? », « à quoi vous servez ? », "what are you for?", "what is this bot for?",
 * "what can this bot do again?". */
const BOT_FOR = /(?:^|[\s,!.])(?:(?:a|à) quoi (?:tu sers|vous servez|sers[- ]tu|servez[- ]vous)|(?:tu sers|vous servez) (?:a|à) quoi|what (?:are you|is this bot|'s this bot) (?:even )?(?:good )?for|what (?:else )?can (?:this|that|the|our) (?:bot|thing) (?:even |actually |really )?do)\b[^;.!]*\?\s*$/u;
export function asksWhatBotIsFor(text: string): boolean {
  return BOT_FOR.test(normalise(text));
}
