// A question about a thing that one command shows, whatever app it names: an app's certificate ("is the TLS cert for
// nextcloud still valid?", « il reste combien de jours sur le certif de mattermost ? ») is in `certs`, which lists
// every app's; notifications that did not arrive ("any notifications that didn't go out?", « la notif de sauvegarde
// est pas arrivée dans le canal ops ? ») are in the `outbox`. Read by the app, the first asked for the app's state and
// the second for nothing. Pure.
import type { SentenceWord } from './words.js';

// (what a user sees of one: the browser's padlock, « le cadenas », the site's https)
const CERT = new Set(['cert', 'certs', 'certificate', 'certificates', 'certificat', 'certificats', 'certif', 'certifs', 'tls', 'ssl', 'https', 'padlock', 'cadenas']);
const NOTIFICATION = new Set(['notification', 'notifications', 'notif', 'notifs', 'alert', 'alerts', 'alerte', 'alertes']);
/** Not arrived, not sent, stuck: "didn't go out", "never arrived", « pas parties », « coincées ». */
const NOT_ARRIVED = /\b(?:(?:didn'?t|did\s+not|never|haven'?t|have\s+not|hasn'?t|has\s+not|not|n'?t)\s+(?:\w+\s+){0,3}(?:go\s+out|gone\s+out|arrive[ds]?|reach(?:ed)?|come\s+through|get\s+through|got\s+through|delivered|sent|posted)|stuck|blocked|lost|(?:pas|jamais)\s+(?:\w+\s+)?(?:parti(?:e|es|s)?|arrivee?s?|envoyee?s?|recue?s?|passee?s?)|coincee?s?|bloquee?s?|perdue?s?)\b/u;
/** Delivered, said of notifications in a question: "getting through", "go out", « partent », « bien reçu ». */
const DELIVERED = /\b(?:getting\s+through|get\s+through|got\s+through|going\s+out|go\s+out|gone\s+out|went\s+out|delivered|being\s+sent|arriving|partent|arrivent|passent|recue?s?)\b/u;
const QUESTION_OPENERS = new Set(['is', 'are', 'how', 'when', 'why', 'which', 'what', 'any', 'did', 'does', 'quand', 'combien', 'pourquoi', 'est-ce', 'quel', 'quelle', 'quels', 'quelles', 'des', 'il']);

function asks(text: string, words: readonly SentenceWord[]): boolean {
  return text.includes('?') || QUESTION_OPENERS.has(words[0]?.text ?? '');
}

/** The sentence that asks: the one holding the last question mark (or the whole message without one). */
function askingPart(text: string): string {
  const end = text.lastIndexOf('?');
  if (end < 0) return text;
  const before = text.slice(0, end);
  const start = Math.max(...['.', '!', '?', ':', ';', '—', '–', '\n'].map((p) => before.lastIndexOf(p)));
  return text.slice(start + 1, end + 1);
}

/** Said to a person, or quoted: "Lea, can you…", "@julie …", "> …" (a greeting or the bot's name before a comma is no person). */
const TO_SOMEONE = /^\s*(?:>|@(?!summon)\S|(?!(?:hi|hey|hello|ok|okay|so|morning|yo|btw|also|quick|question|summoner|bot|salut|bonjour|coucou|merci|thanks|alors|bon|dis|oui|non|yes|no)\b)\p{Lu}\p{Ll}+\s*,)/iu;

/** Said with a negation ("didn't go out", « pas parties »): what made the message read as a request held back. */
const NEGATED = /\b(?:didn'?t|did\s+not|never|haven'?t|have\s+not|hasn'?t|has\s+not|not|n'?t|pas|jamais)\b/u;

/**
 * The command whose listing answers a question about this thing, if the message asks one; `negated` when the not-arrived
 * is said with a negation.
 */
export function topicAsked(text: string, words: readonly SentenceWord[]): { command: 'certs' | 'outbox'; negated: boolean } | undefined {
  if (!asks(text, words) || TO_SOMEONE.test(text)) return undefined;
  // (the certificate said in the question itself: "…, the registry certificate renewed. Can you show me its status?" asks the status)
  const asked = askingPart(text).toLowerCase();
  if (words.some((w) => CERT.has(w.text) && asked.includes(w.text))) return { command: 'certs', negated: false };
  if (!words.some((w) => NOTIFICATION.has(w.text))) return undefined;
  const joined = words.map((w) => w.text).join(' ');
  const m = NOT_ARRIVED.exec(joined);
  if (m) return { command: 'outbox', negated: NEGATED.test(m[0]) };
  // ("are the notifications getting through?", « les notifs partent bien ? »: whether they are delivered, asked)
  if (DELIVERED.test(joined)) return { command: 'outbox', negated: false };
  return undefined;
}
