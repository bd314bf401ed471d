// Formal French that wraps a request for information in a courtesy: « Auriez-vous l'amabilité de me dire quels droits
// j'ai ? », « Pourriez-vous m'indiquer si nos certificats sont encore valables ? », « Veuillez me dresser l'inventaire
// des applications… », « Je vous saurais gré de bien vouloir me communiquer… ». The courtesy asks nothing of its own:
// it is said as the plain imperative it stands for (« dites-moi », « donnez-moi », « montrez-moi »), which the rest of
// the reading knows. Only verbs that ask to be told or shown: a courtesy around a verb that acts (« pourriez-vous
// redémarrer… ») is already read as it is. Pure.

/** The courtesy: a modal of politeness and its « de », then « (bien vouloir) me/m' » and the verb of telling. */
const FORMAL = /^(\s*(?:@?summoner\s*[,:]?\s+|bonjour\s*[,:]?\s+|bonjour\s+summoner\s*[,:]?\s+)?)(?:(?:auriez|seriez)-vous\s+(?:l['’]amabilit[ée]|la\s+gentillesse|l['’]obligeance)\s+de|(?:pourriez|pouvez|voudriez|voulez)-vous|veuillez|je\s+vous\s+prie\s+de|je\s+vous\s+saurais\s+gr[ée]\s+de|merci\s+de)\s+(?:bien\s+vouloir\s+)?(?:me\s+|m['’]\s*|nous\s+)(dire|indiquer|pr[ée]ciser|communiquer|donner|dresser|montrer|lister|faire\s+savoir|confirmer)\b/iu;
/** Each verb of telling, as the imperative it stands for. */
const IMPERATIVE: Record<string, string> = {
  dire: 'dites-moi', indiquer: 'dites-moi', preciser: 'dites-moi', communiquer: 'donnez-moi', donner: 'donnez-moi', dresser: 'montrez-moi', montrer: 'montrez-moi', lister: 'montrez-moi', 'faire savoir': 'dites-moi', confirmer: 'dites-moi',
};

/** The message with a formal courtesy around a request to be told said plainly; the message as it was otherwise. */
export function plainFormal(text: string): string {
  const m = FORMAL.exec(text);
  if (!m) return text;
  // (after the bot's name or a greeting, kept: « @summoner Auriez-vous l'amabilité de me dire… »)
  const verb = m[2]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/gu, ' ');
  const plain = IMPERATIVE[verb];
  return plain ? `${m[1]}${plain}${text.slice(m.index + m[0].length)}` : text;
}
