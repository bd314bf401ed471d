// What changed lately, asked: "what changed since yesterday?", "what did we change yesterday?", "has anyone touched
// nextcloud since yesterday?", « qu'est-ce qui a changé depuis hier ? », « qui a touché à nextcloud depuis hier ? ».
// The history answers (who ran what, when); read by their words, "change" and "touch" are no command's, and the app
// named asked its state. Said as a question only ("don't touch ghost", « on touche à rien » tell). Pure.
import { normalise } from './words.js';

const CHANGED = /\b(?:what\s+(?:has\s+|have\s+)?changed|what\s+did\s+(?:we|you|u|they|people|someone|anyone)\s+change|anything\s+(?:deployed|changed|touched|updated)\s+since|(?:has|did|have)\s+(?:anyone|someone|anybody|somebody|you)\s+touch(?:ed)?|who\s+(?:has\s+)?touched|qu['’]?\s*est-ce\s+qui\s+a\s+change|on\s+a\s+change\s+quoi|qu['’]?\s*est-ce\s+qu['’]?\s*on\s+a\s+change|qui\s+a\s+touche\s+a|quelqu['’]?\s*un\s+a\s+touche\s+a|y\s+a(?:-t-il)?\s+eu\s+des\s+(?:deploiements|changements|modifications)|(?:did\s+)?(?:any(?:one['’]?s)?|some(?:one['’]?s)?|any\s+of\s+the)\s+commands?\s+(?:fail|failed)|des\s+commandes\s+(?:ont\s+)?(?:echoue|plante|rate)|(?:l['’]?\s*equipe|on|les\s+gens|vous)\s+a(?:vez)?\s+fait\s+quoi\s+(?:sur|avec)\s+(?:le\s+bot|summoner)|(?:check|see|show\s+me)\s+what\s+(?:he|she|they)\s+(?:ran|did|typed|launched)|what\s+did\s+(?:people|everyone|everybody|the\s+team|the\s+others|others)\s+do\b|(?:les\s+gens|l['’]?\s*equipe|les\s+autres)\s+ont\s+fait\s+pendant|ce\s+qu['’]?\s*(?:il|elle|ils|elles)\s+a(?:vait)?\s+(?:lance|fait|tape))\b/u;

/** Whether the message asks what changed lately, or who touched something. */
export function asksWhatChanged(text: string): boolean {
  // (a "what did people do…" needs no "?": its words ask)
  return (text.includes('?') || /^\s*what\s+did\b/iu.test(text)) && CHANGED.test(normalise(text));
}
