// Punctuation typed fast, put back before the message is read. « MATTERMOST EST MORT redémarre-le », « wekan rame
// relance-le stp »: a French imperative with its object pronoun ("-le", "-la", "-les", "-lui") always opens a clause
// of its own; the comma before it is often left out, and the message then read as one clause ("est mort …
// redémarre" a description). « erreur 500 sur gitlab depuis la mise à jour → rollback gitlab stp », "disk full -> prune
// wordpress": an arrow between the situation and the request is a sentence's end ("so"). "rollback gitlab stp la
// nouvelle version plante": a "please" ends the request before its reason. An arrow before a day alone is "to". With them put back, the
// request reads beside its situation (its pronoun the app the situation names), as it does when typed with them. Pure.

/** A word, spaces, then a verb with its object pronoun (not inside a longer hyphenated word, « tout-le-monde »). */
const UNCUT = /(\p{L})\s+(?=\p{L}{3,}-(?:le|la|les|lui)(?![\p{L}-]))/gu;
/**
 * An arrow before a day alone, up to the next punctuation: "ghost: restore → the 28th. theme broke on the 29th", «
 * restaure ghost → avant-hier »: the day the request goes to ("to"), no sentence's end; read as a space.
 */
const ARROW_TO_DAY = /(\p{L})\s+(?:→|⟶|⇒|-{1,2}>|={1,2}>)\s+(?=(?:(?:the|le)\s+)?(?:\d{1,2}(?:st|nd|rd|th|er)?|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|yesterday|hier|avant-hier|today|aujourd['’]hui|(?:last\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+dernier)?)\s*(?:[.,;!?]|$))/giu;
/** A message that opens on a condition ("if", « si », "once", « quand », « dès que », "unless", "as long as"…). */
const CONDITION_FIRST = /^\s*(?:@?summoner\s*[,:]?\s+)?(?:if|si|s['’]il|when|whenever|once|only\s+if|unless|as\s+soon\s+as|as\s+long\s+as|provided|quand|lorsque|lorsqu['’]|d[èe]s\s+que|d[èe]s\s+qu['’]|pourvu|du\s+moment|[àa]\s+condition|tant\s+que|une\s+fois\s+que)(?![\p{L}])/iu;
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
  if (!/[→⟶⇒>]/u.test(cut)) return cut;
  // ("if last night's backup verifies ok → update gitlab v17": after a condition the arrow is "then", and the request
  // hangs on it: a comma, never a sentence's end that would leave the request alone)
  return cut.replace(ARROW_TO_DAY, '$1 ').replace(ARROW, CONDITION_FIRST.test(cut) ? '$1, ' : '$1. ');
}
