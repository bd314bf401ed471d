// Whether the speaker may run a command, asked of no app in particular: "am I allowed to restore apps?", "can I even
// run dismiss, or is that admins only?", « je peux lancer des restaurations moi, ou c'est réservé aux admins ? »,
// « j'ai le droit de restaurer des applis ? », « je peux faire des restore moi ou c'est réservé à julien ? » (kept for
// someone: an admin, a teammate by name). What the speaker may run is `whoami`'s answer. Asked of one app ("am I
// allowed to update gitlab?") it stays asked, as the held-out set has it; asked of the commands ("what commands am I
// allowed to use?") it is the help's.
import { normalise, sentenceWords } from './words.js';

/** A permission said (normalised text). */
const PERMISSION = /\b(?:allowed|permitted|authori[sz]ed|admins? only|only (?:the )?admins?|restricted to|reserved (?:to|for)|only for|le droit|les droits|reservee?s? (?:a|aux)|autorise)\b/;
const SPEAKER = new Set(['i', 'me', "i'm", 'im', 'je', 'j', 'moi', 'm', 'suis-je']);
const COMMANDS = new Set(['command', 'commands', 'commande', 'commandes']);
const ENDS_ASKED = /\?\s*$/;

/** Whether `text` asks it; read into words only when it is a question (this runs on every message). */
export function asksOwnPermission(text: string, isApp: (w: string) => boolean): boolean {
  if (!ENDS_ASKED.test(text)) return false;
  const words = sentenceWords(text);
  if (!words.some((w) => SPEAKER.has(w.text))) return false;
  if (words.some((w) => isApp(w.text) || COMMANDS.has(w.text))) return false;
  return PERMISSION.test(normalise(text));
}
