// "@karim it's the registry, not gitlab. summoner, restart the registry", "marc asked which version ghost runs —
// summoner status ghost", « > quelqu'un peut relancer wekan ? — je m'en occupe : summoner, redémarre wekan »: the bot
// called by its name in the middle of a message, after a sentence, a dash or a colon, is asked what follows its name;
// what came before is said to others (an answer to a teammate, a quote, a remark). vocative.ts takes the name off
// when it opens the message; this finds it later. Not after a comma ("backup: ghost, summoner, wekan" lists it),
// unless the name is a mention or takes a colon, as tasks handed out are ("@sam the ticket, and @summoner, back up
// all the apps", "lea: certs, summoner: backup all") or its name is followed by a command's ("sam the ticket, summoner backup
// all"); only its last call. Pure.

/** The bot called after a sentence's end, a dash or a colon, or mentioned or addressed with a colon after a comma (what is asked of it follows). */
const CALLED_LATER = /(?:(?:[.!?:]|\s[-–—]|[–—])\s*@?summoner\s*[,:!]?|[,;]\s*(?:(?:and|et)\s+)?(?:@summoner\s*[,:!]?|summoner\s*:))\s+(?=\S)/giu;

/** The bot's name after a comma, then a command's name: one task in a list of them ("sam the ticket, summoner backup all"). */
const NAMED_TASK = /[,;]\s*(?:(?:and|et)\s+)?summoner\s+(?=(\p{L}+))/giu;

/** What the bot is asked after being called by name mid-message (its last call), or undefined. `isCommand` tells a command's name. */
export function calledLater(text: string, isCommand: (w: string) => boolean = () => false): string | undefined {
  if (!/summoner/iu.test(text)) return undefined;
  const last = [...text.matchAll(CALLED_LATER), ...[...text.matchAll(NAMED_TASK)].filter((m) => isCommand(m[1]!.toLowerCase()))].sort((a, b) => a.index - b.index).at(-1);
  if (!last || !/\p{L}/u.test(text.slice(0, last.index))) return undefined;
  return text.slice(last.index + last[0].length).trim() || undefined;
}
