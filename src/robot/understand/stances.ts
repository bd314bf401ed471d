// What a speaker says of a command without asking for it, beyond not-a-request.ts's reports and plans: calls it
// off ("forget the update of ghost", « laisse tomber la mise à jour de ghost », « laisse béton… »), hopes it goes
// well ("hopefully the backup runs tonight", « pourvu que la sauvegarde passe », 🤞), notes it for themself
// ("Action item for me: back up nextcloud"), says what they would do ("I'd restart ghost but I'm scared"), or makes
// it the other branch of a question ("ghost ok? if not, restart it", « sinon redémarre-le »: whether it runs
// depends on an answer the bot does not have), or doubts it ("i kinda wanna dismiss wekan but idk", « chais pas »:
// the speaker has not decided), or holds it ("…but let's wait for Sam", « mais attendons Sam »: not yet). Each turns a reading that would act into a question. Pure.
import { putsOff } from './postpone.js';
import type { SentenceWord } from './words.js';

export type Stance = 'called-off' | 'hope' | 'note' | 'would' | 'otherwise' | 'unsure' | 'hold';

/** Verbs that call a request off when they open its clause ("forget", "skip", « oublie », « laisse tomber »). */
const CALL_OFF = new Set(['forget', 'skip', 'oublie', 'oubliez', 'oublions', 'zappe', 'zappez']);
/** « laisse tomber », « laisse béton » (its verlan), "never mind": two words that call off. */
const CALL_OFF_PAIRS = new Set(['laisse tomber', 'laissez tomber', 'laisse beton', 'laissez beton', 'never mind', 'let go']);
/** Words before the verb that hope rather than ask ("hopefully", "I hope", « j'espère que », « pourvu que »). */
const HOPES = new Set(['hopefully', 'hope', 'hoping', 'espere', 'esperons', 'esperant', 'pourvu']);
/** The other branch of a question ("…? otherwise restart it", « …? sinon redémarre-le »). */
const OTHERWISE = new Set(['otherwise', 'else', 'sinon', 'autrement']);
/** A question, then the branch for its other answer. */
export const OTHER_BRANCH = /\?[^?]*\b(?:otherwise|else|sinon|autrement|if\s+not|if\s+no)\b/iu;
/**
 * A message that opens on a fallback ("otherwise restore gitlab from monday", "failing that, roll ghost back",
 * « à défaut, restaure-le »): the other branch of something said before it (the rollback asked just above), which
 * the bot does not see. French « sinon » and « autrement » also turn to another topic (« sinon, tu peux redémarrer
 * ghost ? »): after them only a destructive command is asked.
 */
const FALLBACK_OPENER = /^\W*(?:(?:or\s+)?else|otherwise|failing\s+that|if\s+not|if\s+that\s+(?:fails|doesn['’]?t\s+work)|(?:à|a)\s+d[ée]faut|faute\s+de\s+mieux|si\s+(?:ça|ca)\s+(?:marche|suffit)\s+pas)\b/iu;
const SINON_OPENER = /^\W*(?:sinon|autrement)\b/iu;
/** Does the message open on a fallback for a command that does this (FALLBACK_OPENER, SINON_OPENER)? */
export function opensOnFallback(text: string, acts: { sideEffects?: boolean; destructive?: boolean }): boolean {
  return (!!acts.sideEffects && FALLBACK_OPENER.test(text)) || (!!acts.destructive && SINON_OPENER.test(text));
}
/** The speaker's own conditional right before the verb ("I'd restart…", "we would roll back…"). */
const WOULD = new Set(["i'd", "we'd"]);
/** Adverbs that may sit between it and the verb ("I'd happily restart", "I'd lowkey restart"). */
const BETWEEN = new Set(['happily', 'gladly', 'totally', 'definitely', 'lowkey', 'honestly', 'just', 'really', 'also', 'probably', 'rather']);
/** A note the speaker writes for themself, at the message's start ("note to self:", "action item for me:", « rappel pour moi : »). */
const NOTE_TO_SELF = /^\s*(?:[-*•]\s*)?(?:note\s+to\s+self|(?:action\s+items?|todo|to-?do|reminder|note|memo|m[ée]mo|rappel|pense-b[êe]te)\s+(?:for|to|pour)\s+(?:me|myself|self|moi(?:-m[êe]me)?))\b/iu;
/** A reminder asked for ("remind me to back up gitlab", « rappelle-moi de sauvegarder gitlab »): the request is for later, not now. */
const REMIND_ME = /\b(?:remind\s+(?:me|us)\s+(?:to|of|about|that)|don['’]?t\s+let\s+(?:me|us)\s+forget|rappel(?:le|lez|les)[\s-]*(?:moi|nous)\b|fai(?:s|tes)[\s-]*(?:moi|nous)\s+penser|n['’]\s*oublie[sz]?\s+pas\s+de\s+me\s+rappeler)/iu;
/** Words that say the speaker does not know yet ("idk", "dunno", "unsure", « chais pas »); « je sais pas » is a negation already. */
const UNSURE = new Set(['idk', 'dunno', 'idek', 'iono', 'unsure', 'undecided', 'chais', 'chuis-pas-sur', 'jsais', 'hesitant', 'hesite', 'hesitais']);
/** A clause after a "but" that waits ("but let's wait for Sam", "but hold off", « mais attendons », « mais on attend »). */
const HOLD = /\b(?:but|mais)\b[^.!?]{0,20}?\b(?:wait|waiting|hold\s+off|hold\s+on|attendons|attendez|attends|attend|attendre)\b/iu;
/** 🤞 (fingers crossed): a hope, as the words are. */
const CROSSED = /🤞|\bfingers\s+crossed\b|\bcroisons\s+les\s+doigts\b/iu;

/**
 * The stance of a sentence toward the command read at `verbAt` (its clause in `clause`), when it asks for nothing;
 * `asks` says whether the sentence holds a word that asks ("please", "can you"); `acts`, what the command does.
 */
export function stanceOf(words: readonly SentenceWord[], verbAt: number, clause: readonly number[], text: string, asks: boolean, acts: { sideEffects?: boolean; destructive?: boolean } = {}): Stance | undefined {
  if (NOTE_TO_SELF.test(text) || REMIND_ME.test(text)) return 'note';
  if (opensOnFallback(text, acts)) return 'otherwise';
  // ("idk how to restart ghost, can you do it", "idk why but please restart it": a doubt about something else)
  if (words.some((w, i) => UNSURE.has(w.text) && !['how', 'why', 'what', 'where', 'which', 'who', 'comment', 'pourquoi', 'quoi', 'ou'].includes(words[i + 1]?.text ?? ''))) return 'unsure';
  const before = words.slice(0, verbAt);
  // (within the command's clause, its first words: "forget the restore of wekan", "ok, laisse tomber la mise à jour")
  const lead = words.findIndex((_, i) => clause[i] === clause[verbAt]);
  const opening = words.slice(Math.max(0, lead), verbAt).filter((w) => !w.stop || CALL_OFF.has(w.text)).slice(0, 2);
  const o0 = opening[0]?.text ?? '';
  if (CALL_OFF.has(o0) || CALL_OFF_PAIRS.has(`${o0} ${opening[1]?.text ?? ''}`)) return 'called-off';
  // ("I hope you can restart ghost" asks: "you" after the hope)
  const hope = before.findIndex((w) => HOPES.has(w.text));
  if (hope >= 0 && !words.slice(hope + 1, verbAt).some((w) => ['you', 'u', 'tu', 'vous'].includes(w.text))) return 'hope';
  if (CROSSED.test(text) && !asks) return 'hope';
  // ("hold off on the ghost restore", « on repousse la mise à jour »: put off before it is said; postpone.ts)
  if (HOLD.test(text) || putsOff(words, verbAt)) return 'hold';
  if ((before.some((w) => OTHERWISE.has(w.text)) || before.some((w, i) => w.text === 'if' && ['not', 'no'].includes(words[i + 1]?.text ?? ''))) && OTHER_BRANCH.test(text)) return 'otherwise';
  let s = verbAt - 1;
  while (s > 0 && BETWEEN.has(words[s]!.text)) s--;
  if (WOULD.has(words[s]?.text ?? '') || (words[s]?.text === 'would' && ['i', 'we'].includes(words[s - 1]?.text ?? ''))) return 'would';
  return undefined;
}
