// A message typed without punctuation that states how an app is, then asks: "ghost is down can u restart", "wordpress
// is cooked restore it from yesterday", "wekan is getting cooked by traffic scale it to 3". The statement's clause
// ends where the request begins (a modal said to "you", "pls", or a command's name), as if the comma had been typed,
// so the statement gives the reason and the request is read on its own. Only in a message with no punctuation at all,
// and only when it opens on an app and its copula ("ghost is", « wekan est »): "i was going to restart wekan but…" and
// "restart ghost when it is down" state nothing of an app first. Pure.

const COPULA = /^\s*(?:(?:the|our|my|le|la|l['’]|notre)\s*)?(\p{L}[\p{L}\d-]*)(?:['’]s|\s+(?:is|are|est|était))(?=\s)/iu;
const REQUEST_OPENER = /^(?:(?:can|could|would|will)\s+(?:u|you|ya)\b|(?:pls|plz|please|stp|svp)\b|(?:tu|vous)\s+(?:peux|pouvez)\b)/iu;

/** The message with a comma where a statement without punctuation runs into a request (`isCommand`: a command's name; `apps`: the app vocabulary). */
export function withRunOnCut(text: string, isCommand: (word: string) => boolean, apps: readonly string[]): string {
  if (/[,.;:!?…]/u.test(text.trim().replace(/[.!?]+$/u, ''))) return text;
  const copula = COPULA.exec(text);
  if (!copula || !apps.includes(copula[1]!.toLowerCase())) return text;
  const tail = text.slice(copula.index + copula[0].length);
  const words = [...tail.matchAll(/\S+/gu)];
  // (at least one word of the statement after its copula: "ghost is down"; the request after it)
  for (const m of words.slice(1)) {
    const rest = tail.slice(m.index);
    if (REQUEST_OPENER.test(rest) || (isCommand(m[0].toLowerCase()) && /\s(?:it|them|le|la|les|\p{L}+)\b/u.test(rest))) {
      const at = copula.index + copula[0].length + m.index!;
      return `${text.slice(0, at).trimEnd()}, ${text.slice(at)}`;
    }
  }
  return text;
}
