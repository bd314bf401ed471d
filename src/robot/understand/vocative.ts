// What frames a message without changing what it asks: the bot named or @mentioned before it ("@summoner restart
// wekan?", "summoner, no need to restart ghost", « salut summoner, … »), an "ok" opening it, and thanks, emoji or
// copies to others after it ("…, forget it thanks", « …, en fait non merci », "restart wekan? 🙏", "… cc @marc"). Mattermost's adapter strips a leading mention before the robot reads a line
// (adapters/mattermost/inbound.ts); `--explain` and the shell get the line as typed. Each read the message as a new
// one: a question, a negation or a correction before them was lost, and acted. Pure.
import { TICK_SHORTCODES, TICKS } from './list-marks.js';

/** The bot's names a message may open on (the adapter knows its own username; these are the ones people type). */
const BOT = String.raw`(?:summoner|le\s+bot|the\s+bot|bot)`;
/** "@summoner", "@summoner:", "summoner,", "hey summoner,", « salut summoner ! »: the bot called, then the message. */
const CALLED = new RegExp(
  String.raw`^\s*(?:(?:hey|hi|hello|yo|ok|okay|dear|salut|bonjour|coucou|h[ée])[\s,]+)?(?:@${BOT}(?![\p{L}\p{N}._-])(?:\s*[:,!](?=\s|$))?|${BOT}\s*[:,!](?=\s|$))\s*`,
  'iu',
);
/** Thanks closing a message ("thanks", "thank you very much", "thx", "cheers", « merci d'avance », « merci beaucoup »). */
const THANKS = /[\s,.;:!-]+(?:thanks?(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?|thank\s+you(?:\s+(?:very\s+much|so\s+much|in\s+advance))?|thx|tks|ty|cheers|merci(?:\s+(?:beaucoup|bien|d['’]avance|à\s+toi|à\s+vous|encore))?)(?:\s*[.!]+)?\s*(?:[🙏👍😊🙂]\s*)*$/iu;

/**
 * An acknowledgement opening a message ("ok restart ghost", "bon, sauvegarde ghost", « d'accord, … »): read as a word
 * of its own, "ok" and « bon » said `verify`/`status` ("is it ok", « la sauvegarde est bonne ») to what followed. Not
 * when it asks about what follows ("ok to restart ghost?", « bon pour la prod ? »).
 */
const ACK = /^\s*(?:ok(?:ay)?|k|alright|all\s+right|right|bon|bref|d['’]accord|dac|ouais|oui|yes|yep|yeah)(?:\s*[,.!]+\s*|\s+)(?!(?:to|with|avec|comme|as)\b|[?])/iu;
/** The same acknowledgement after what the message quotes first ("alerte « … » : ok, sauvegarde mattermost"). */
const ACK_AFTER_COLON = /(:\s*)(?:ok(?:ay)?|d['’]accord|dac|bon|alright|right)\s*,\s*/iu;
/**
 * Emoji, emoticons and :shortcodes: closing a message ("restart wekan? 🙏", "dismiss registry --purge :)"). Not a tick
 * ("restore wekan from monday ✅", ":white_check_mark:"): it says the line is done, and stays for that reading.
 */
// (nor an eye-roll, "great, another dead letter from the same webhook 🙄": it says the words are not meant, and stays
// for the sarcasm's reading, not-a-request.ts)
const EYE_ROLLS = '🙄🙃😒';
const TRAILING_EMOJI = new RegExp(String.raw`(?:\s*(?:(?:(?![${TICKS}${EYE_ROLLS}])[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f])+|:(?!(?:${TICK_SHORTCODES}):)[a-z0-9_+-]+:|[:;=]-?[()DPp3|/]|<3|\^\^|xD))+\s*$`, 'u');
/** Copies named after the message ("… cc @marc", "fyi @anna @paul"): said to them, not part of the request. */
const CC = /[\s,.;]+(?:\/?cc|fyi|pour\s+info|ping)\s*:?\s*(?:@[\p{L}\p{N}._-]+[\s,]*(?:(?:and|et|&)\s+)?)+$/iu;

/** The message without the bot's name before it and the thanks after it (the message itself when nothing is left). */
export function withoutFraming(text: string): string {
  let rest = text;
  // (twice called, "@summoner summoner, …", or thanked, "… thanks, thanks!")
  for (let i = 0; i < 3; i++) {
    const next = rest.replace(CALLED, '').replace(ACK, '').replace(ACK_AFTER_COLON, '$1').replace(TRAILING_EMOJI, '').replace(CC, '').replace(THANKS, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.trim() ? rest : text;
}
