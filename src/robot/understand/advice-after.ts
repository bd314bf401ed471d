// A thing to do said as a noun, then judged in the conditional: "a backup of everything before the freeze, that
// would be smart", « une sauvegarde de tout avant le gel, ce serait malin », « un rollback de ghost serait plus
// prudent ». The speaker gives advice on what would be wise; nobody has asked the bot for it yet (a wish that opens
// the message, « ce serait top de sauvegarder ghost », is a request: wish.ts). A reading that acts on such a message
// is asked, never run. Only when the message opens on an article (the thing said as a noun, no verb to the bot).
// Pure; read only when the text holds a conditional "would" / « serait ».

/** The message opens on the thing said as a noun ("a backup", « une sauvegarde », "the restart"). */
const OPENS_ON_NOUN = /^\s*(?:a|an|the|one|un|une|le|la|l['’]|les|des)\s+\p{L}/iu;
/** Then, closing it, a judgement of prudence in the conditional. */
const JUDGED = /(?:(?:,|;|-|—|–|\.{3}|…)\s*(?:(?:that|it|this)\s+would|(?:that|it)['’]d|(?:ce|[çc]a|cela)\s+serait)|\s(?:would|serait))\s+(?:be\s+)?(?:really\s+|very\s+|vraiment\s+|tr[èe]s\s+|plus\s+|more\s+)?(?:smart|wise|prudente?|sensible|safer|a\s+good\s+idea|a\s+good\s+call|malin|maline|judicieux|judicieuse|sage|raisonnable|une\s+bonne\s+id[ée]e|plus\s+s[ûu]r)\s*[.!]*\s*$/iu;

/** Whether `text` gives advice on a thing said as a noun. */
export function adviceOnAThing(text: string): boolean {
  return /would|serait|['’]d\b/iu.test(text) && OPENS_ON_NOUN.test(text) && JUDGED.test(text);
}
