// Punctuation typed fast, put back before the message is read. « MATTERMOST EST MORT redémarre-le », « wekan rame
// relance-le stp »: a French imperative with its object pronoun ("-le", "-la", "-les", "-lui") always opens a clause
// of its own; the comma before it is often left out, and the message then read as one clause ("est mort …
// redémarre" a description). « erreur 500 sur gitlab depuis la mise à jour → rollback gitlab stp », "disk full -> prune
// wordpress": an arrow between the situation and the request is a sentence's end ("so"). "rollback gitlab stp la
// nouvelle version plante": a "please" ends the request before its reason. With them put back, the
// request reads beside its situation (its pronoun the app the situation names), as it does when typed with them. Pure.

/** A word, spaces, then a verb with its object pronoun (not inside a longer hyphenated word, « tout-le-monde »). */
const UNCUT = /(\p{L})\s+(?=\p{L}{3,}-(?:le|la|les|lui)(?![\p{L}-]))/gu;
/** An arrow between two parts of a message, spaces around it. */
const ARROW = /(\S)\s+(?:→|⟶|⇒|-{1,2}>|={1,2}>)\s+(?=\S)/gu;

/**
 * The request first, then its reason without a comma: "rollback gitlab stp la nouvelle version plante", « retire static
 * stp la campagne est finie », "restart wekan pls the board is frozen": the "please" ends the request when a statement
 * opening on a pronoun or an article (and two more words) runs on after it; a comma put after the "please". Only in a
 * message with no punctuation before its end, the "please" among its first seven words.
 */
const PLEASE_THEN_STORY = /^(\s*\S+(?:\s+\S+){0,5}?\s+(?:pls|plz|please|stp|svp))\s+(?=(?:ca|ça|c['’]est|cest|la|le|les|l['’]|il|elle|ils|on|the|it|its|it['’]s|they|we|nobody|personne|everyone|tout|everything|sb|someone|quelqu['’]un)\s+\S+\s+\S)/iu;

/** The text with the punctuation a fast typist leaves out put back (a comma before an imperative-with-pronoun, a
 * period for an arrow, a comma after a "please" that ends the request). */
export function withPunctuation(text: string): string {
  // (after the bot called first, "summoner, redémarre wekan stp le tableau est bloqué")
  const called = /^\s*@?summoner\s*[,:!]?\s+/iu.exec(text)?.[0] ?? '';
  const rest = text.slice(called.length);
  const please = /[,.;:!?…]/u.test(rest.trim().replace(/[.!?]+$/u, '')) ? null : PLEASE_THEN_STORY.exec(rest);
  if (please) text = `${called}${please[1]!},${rest.slice(please[1]!.length)}`;
  const cut = text.includes('-l') ? text.replace(UNCUT, '$1, ') : text;
  return /[→⟶⇒>]/u.test(cut) ? cut.replace(ARROW, '$1. ') : cut;
}
