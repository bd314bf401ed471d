// Which recipe did something, asked after the fact: "which recipes posted that disk alert here?", "what recipe sent
// this?", « quelle recette a posté cette alerte ? ». No event or payload is named to try or explain, so the answer is
// the recipes' list (each one, what it listens to and what it does); the past verb was read as the "try" form's post
// and asked for a recipe's name. ("which recipe fires on github workflow_run" names an event: the explain form, read
// elsewhere.) Pure.
import { normalise } from './words.js';

const EN = /^(?:so\s+)?(?:which|what)\s+(?:notification\s+)?recipes?\s+(?:\p{L}+ed|sent|sends|posts|made|did)\b(?!.*\b(?:on|for|with)\s+(?:github|gitlab|a|an|the)\s+\S+\s+(?:event|hook|webhook)\b)[^,;]*\?\s*$/u;
const FR = /^(?:quelle|quelles)\s+recettes?\s+(?:a|ont)\s+(?:poste|envoye|publie|fait)\b[^,;]*\?\s*$/u;

/** Whether the message asks which recipe did something it saw. */
export function asksWhichRecipeDid(text: string): boolean {
  const t = normalise(text).trim().replace(/\s+/gu, ' ');
  return EN.test(t) || FR.test(t);
}
