// Punctuation typed fast, put back before the message is read. « MATTERMOST EST MORT redémarre-le », « wekan rame
// relance-le stp »: a French imperative with its object pronoun ("-le", "-la", "-les", "-lui") always opens a clause
// of its own; the comma before it is often left out, and the message then read as one clause ("est mort …
// redémarre" a description). « erreur 500 sur gitlab depuis la mise à jour → rollback gitlab stp », "disk full -> prune
// wordpress": an arrow between the situation and the request is a sentence's end ("so"). With them put back, the
// request reads beside its situation (its pronoun the app the situation names), as it does when typed with them. Pure.

/** A word, spaces, then a verb with its object pronoun (not inside a longer hyphenated word, « tout-le-monde »). */
const UNCUT = /(\p{L})\s+(?=\p{L}{3,}-(?:le|la|les|lui)(?![\p{L}-]))/gu;
/** An arrow between two parts of a message, spaces around it. */
const ARROW = /(\S)\s+(?:→|⟶|⇒|-{1,2}>|={1,2}>)\s+(?=\S)/gu;

/** The text with the punctuation a fast typist leaves out put back (a comma before an imperative-with-pronoun, a
 * period for an arrow). */
export function withPunctuation(text: string): string {
  const cut = text.includes('-l') ? text.replace(UNCUT, '$1, ') : text;
  return /[→⟶⇒>]/u.test(cut) ? cut.replace(ARROW, '$1. ') : cut;
}
