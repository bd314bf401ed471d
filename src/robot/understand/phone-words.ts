// Words typed short on a phone, in English and French: "restore gitlab last wk", "the day b4 yday", "chk the latest
// gitlab backup is usable", "hist of last 30", "backupall asap", « fais une svg de nextcloud », « histo + les jobs ».
// Written out on the message's text before anything reads it, so every check (the command line, the dates, the
// clauses, the checks on the whole message) reads the same words: a shorthand read by the words alone left the checks
// on the text reading "the latest backup is usable" as a state told. Only words that have no other sense in a chat
// message to the bot ("hw" may be hardware, "n" a letter: left). Pure.

/** Each shorthand and its word. */
const PHONE: ReadonlyMap<string, string> = new Map([
  ['b4', 'before'], ['wk', 'week'], ['wks', 'weeks'], ['chk', 'check'], ['hist', 'history'], ['histo', 'historique'],
  ['svg', 'sauvegarde'], ['svgs', 'sauvegardes'], ['mtg', 'meeting'], ['backupall', 'backup all'],
]);
/** A word alone: not part of a host, a path, a file name, an elision or a hyphenated word. */
const WORD = /(?<![\p{L}\p{N}'’./_-])(\p{L}[\p{L}\p{N}]*)(?![\p{L}\p{N}'’_-]|\.[\p{L}\p{N}])/gu;

/** "hw does rollback work", "hw do i restore": "how", known by the question's verb after it ("hw" alone may be hardware). */
const HW = /(?<![\p{L}\p{N}'’./_-])(h)w(?=\s+(?:do|does|did|is|are|can|long|much|many|come)\b)/giu;

/** « les vieilles svg », « des svg »: the plural after a plural word (the shorthand has no plural of its own). */
const SVG_PLURAL = /(?<![\p{L}\p{N}])((?:les|des|ces|mes|tes|ses|nos|vos|leurs|plusieurs|vieilles|anciennes|dernieres|dernières|toutes)\s+(?:(?:vieilles|anciennes|dernieres|dernières)\s+)?)svg(?![\p{L}\p{N}'’_-])/giu;

/**
 * "dismiss registry n delete its data", "backup ghost n restart it": a lone "n" between two words is "and"; never in a
 * message whose "n" may be French's « ne » (« ghost n marche plus »: a negation word after it keeps it as typed).
 */
const N_AND = /(?<=\p{L})\s+n\s+(?=\p{L})/giu;
const FRENCH_NOT = /\b(?:pas|plus|jamais|rien|personne|gu[eè]re|aucun|aucune)\b/iu;

/** « ya une sauvegarde de wekan ? », « y'a pas de backup » typed « ya pas »: French « (il) y a », known by the word
 * after it (English "ya" is "you": "see ya", "thank ya"). */
const YA = /(?<![\p{L}\p{N}'’])ya(?=\s+(?:un|une|des|du|de|d['’]|pas|plus|encore|eu|quelqu['’]un|quelque|rien|personne)(?![\p{L}]))/giu;

/** The message with its phone shorthands written out; the text itself when it holds none. */
export function phoneWords(text: string): string {
  if (/\sn\s/iu.test(text) && !FRENCH_NOT.test(text)) text = text.replace(N_AND, ' and ');
  return text.replace(YA, 'y a').replace(SVG_PLURAL, '$1sauvegardes').replace(WORD, (w) => PHONE.get(w.toLowerCase()) ?? w).replace(HW, '$1ow');
}
