// A "please" asks for what a message asks; it cannot make a request of what is none. "who decided to remove ghost
// please?", "nobody should update mattermost this week please", "the restore of wekan failed last time please",
// « ghost est sauvegardé stp ? »: without their "please" each reads as no request (a question, a negation, a
// story), and with it each read as the command it names. A request made of a noun and a "please" still is one
// ("a restart, please", « un redémarrage de wordpress stp »): those ask nothing, deny nothing and tell nothing. Pure.
import { IF_WORDS, INTENT, isQuestion, pastWord, REPORTING } from './not-a-request.js';
import type { AnyCommand } from '../command.js';
import { NEGATIONS, type SentenceWord } from './words.js';

const PLEASE = /(^|[\s,;:(])(?:please|pls|plz|stp|svp|s['’]il\s+(?:te|vous)\s+pla[iî]t)(?=$|[\s,;:.!?)])/giu;
/** Modals that ask politely once a "please" is beside them. */
const COULD = new Set(['could', 'would', 'pourrait', 'pourrais', 'pourriez', 'pourrions', 'voudrait', 'voudrais', 'voudriez']);
/** Words opening a question about who, where, when or why: never a request, however polite. */
const WH = new Set(['who', 'whom', 'whose', 'where', 'when', 'why', 'what', 'which', 'qui', 'ou', 'quand', 'pourquoi', 'quel', 'quelle', 'quels', 'quelles']);

/**
 * Words by which a message may be no request once its "please" is gone: a taking back, a hedge, a moment, a report (the
 * question, negation, story and condition words are checked beside them). Reading a message again without its
 * "please" costs a whole second reading, so it is done only when one of these is there.
 */
const CUES = new Set([
  'forget', 'actually', 'wait', 'no', 'nope', 'non', 'cancel', 'nevermind', 'nvm', 'mind', 'laisse', 'laissez', 'oublie', 'oubliez', 'annule',
  'annulez', 'pardon', 'sorry', 'keep', 'garde', 'rather', 'plutot', 'should', 'shouldn', 'would', 'think', 'maybe', 'perhaps', 'probably',
  'devrait', 'doute', 'doubt', 'wonder', 'idea', 'idee', 'peut-etre', 'tonight', 'tomorrow', 'later', 'demain', 'soir', 'weekend', 'next',
  'prochain', 'prochaine', 'tard', 'nobody', 'personne', 'question', 'hors', 'before', 'avant', 'after', 'apres', 'once', 'until',
]);
/** Whether the message holds anything by which it may be no request once its "please" is gone. */
export function mayAskNothing(words: readonly SentenceWord[], text: string): boolean {
  return text.includes('?') || WH.has(words[0]?.text ?? '') || words.some((w) => CUES.has(w.text) || NEGATIONS.has(w.text) || IF_WORDS.has(w.text) || INTENT.has(w.text) || REPORTING.has(w.text) || pastWord(w));
}

/** The message without its please-words (the message itself when it has none). */
export function withoutPlease(text: string): string {
  return text.replace(PLEASE, '$1').replace(/\s{2,}/g, ' ').trim();
}

/**
 * The message asks, denies or tells, so a "please" in it is no request of its own. `said` is the message with its
 * please-words: a story is read only in the part the "please" closes ("seems to have gone off; a restart, please"
 * tells, then asks), and « avoir wekan d'installé » is a state wished for, not a story.
 */
export function asksDeniesOrTells(words: readonly SentenceWord[], text: string, said: string, read: (part: string) => SentenceWord[]): boolean {
  if (isQuestion(words as SentenceWord[], text) || /\?\s*$/.test(text) || WH.has(words[0]?.text ?? '') || words.some((w) => NEGATIONS.has(w.text))) return true;
  return said.split(/[,;:.!?]+/u).some((part) => withoutPlease(part) !== part.trim() && read(part).some((w, i, ws) => pastWord(w) && !w.stop && ws[i - 1]?.text !== 'd'));
}

/** What the message says without its "please", when that is what it means (see the top of this file). */
type Reading = { kind: 'command'; parsed: { command: AnyCommand } } | { kind: 'ask'; question: { options: string[] } } | { kind: 'unknown' } | { kind: 'invalid' };
export function pleaseAlone(plain: Reading, acts: AnyCommand, words: readonly SentenceWord[], bare: string, said: string, read: (part: string) => SentenceWord[]): boolean {
  // a read the "please" turned into an act ("where are the saved copies of gitlab please?" is `backups`, not `backup`)
  if (plain.kind === 'command') return !plain.parsed.command.sideEffects && plain.parsed.command !== acts && asksDeniesOrTells(words, bare, said, read);
  // a refusal with its reason (taken back, for later, a negation, a story) stands; a guess it completes does not
  // (but "on pourrait avoir wekan d'installé stp": a "could" with a "please" is a polite request)
  if (plain.kind === 'ask' && plain.question.options.length === 0) return !words.some((w) => COULD.has(w.text)) || asksDeniesOrTells(words, bare, said, read);
  return asksDeniesOrTells(words, bare, said, read);
}
