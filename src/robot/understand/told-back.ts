// "rolled back wordpress, plugins page works again", « redémarre mattermost — fait, ça remarche », « c'est revenu tout
// seul, on touche à rien », « redémarré ghost deux fois, toujours 502 »: news of how things went, told, not asked. The
// words of a state ("works", « marche », « revenu », "still 502") read as `status`, and showing a state is harmless,
// but the message asks nothing: the set reads such news as `?` ("restarted wekan, still 502", « j'ai restart wekan ce
// matin, ca remarche »). Only a statement (no "?"), with no word that asks or names the state command, and only to
// take back a `status` read by its phrases; never to read anything. Pure.
import type { SentenceWord } from './words.js';
import { normalise } from './words.js';

/** It works again, it came back: told. */
const BACK_AGAIN = /\b(?:works?\s+again|working\s+again|remarchen?t?|refonctionnen?t?|(?:c['’]\s*est|il\s+est|elle\s+est|it['’]?s|it\s+is|is)\s+(?:bien\s+)?revenue?|came\s+back|(?:it['’]?s|it\s+is)\s+back)\b/u;
/** Thanks, and that it works (or worked). */
const THANKS_IT_WORKS = /\b(?:thanks|thank\s+you|thx|ty|merci)\b.*\b(?:it\s+works|it\s+worked|works\s+now|it['’]?s\s+working|(?:ca|cela)\s+(?:a\s+)?(?:marche|fonctionne))\b/u;
/** Words that ask, or name the state itself: then the state is asked ("it's back? status ghost pls"). */
const ASKS = /\b(?:status|statut|etat|state|health|please|pls|plz|stp|svp|can|could|peux|pourrais|check|verifie|show|montre|donne|give|how|comment|tell|dis)\b/u;

/** The message tells how things went (it works again; or it opens on a command done, "redémarré ghost deux fois, …"). */
export function toldHowItWent(text: string, words: readonly SentenceWord[]): boolean {
  if (text.includes('?')) return false;
  const t = normalise(text);
  if (ASKS.test(t)) return false;
  if (BACK_AGAIN.test(t)) return true;
  // ("thanks, it works now", « merci beaucoup, ça marche maintenant », « merci ça a marché »: thanks for what worked)
  if (THANKS_IT_WORKS.test(t)) return true;
  // (a French participle opening the message, « redémarré ghost deux fois », « relancé wekan ce matin »)
  return !!words[0]?.participle;
}

/** Thanks for a thing, opening the message: "thanks for the report yesterday", « merci pour le rapport d'hier ». */
const THANKS_FOR = /^\s*(?:(?:ok|okay|hey|hi|salut|super|great|cool)\s*[,!]?\s+)?(?:thanks|thank\s+you|thx|ty|merci)(?:\s+(?:a\s+lot|so\s+much|beaucoup|bien))?\s+(?:for|pour)\b/u;
/**
 * The message thanks for something and asks nothing ("thanks for the report yesterday, very useful 👍"): a read-only
 * command read on the thing's name ("report") is not asked for.
 */
export function thanksOnly(text: string): boolean {
  const t = normalise(text);
  return !text.includes('?') && THANKS_FOR.test(t) && !ASKS.test(t) && !/\b(?:again|another|encore|nouveau|resend|renvoie)\b/u.test(t);
}
