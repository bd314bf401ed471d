// "@karim it's the registry, not gitlab. summoner, restart the registry", "marc asked which version ghost runs —
// summoner status ghost", « > quelqu'un peut relancer wekan ? — je m'en occupe : summoner, redémarre wekan »: the bot
// called by its name in the middle of a message, after a sentence, a dash or a colon, is asked what follows its name;
// what came before is said to others (an answer to a teammate, a quote, a remark). vocative.ts takes the name off
// when it opens the message; this finds it later. Not after a comma ("backup: ghost, summoner, wekan" lists it), and
// only its last call. Pure.

/** The bot called after a sentence's end, a dash or a colon (what is asked of it follows). */
const CALLED_LATER = /(?:[.!?:]|\s[-–—]|[–—])\s*@?summoner\s*[,:!]?\s+(?=\S)/giu;

/** What the bot is asked after being called by name mid-message (its last call), or undefined. */
export function calledLater(text: string): string | undefined {
  if (!/summoner/iu.test(text)) return undefined;
  const last = [...text.matchAll(CALLED_LATER)].at(-1);
  if (!last || !/\p{L}/u.test(text.slice(0, last.index))) return undefined;
  return text.slice(last.index + last[0].length).trim() || undefined;
}
