// A command's bare name typed first, with only a word of urgency or politeness after it, then the reason after a comma:
// "status asap, pager just went off", "report pls, the client call is at 10", « status stp, ça sonne de partout ». The
// line typed first was read only when it carried a value or a flag ("logs ghost 50 - checking the 502s"), so a
// bare "status asap," was refused as an app named "asap,". Only for a command that only shows (checked by the caller):
// nothing acts on a guess of where the line ends. Pure.

/** The words that may follow a bare command name and ask nothing of their own. */
const URGENT = /^(?:pls|plz|please|stp|svp|asap|now|rn|quick|quickly|vite|maintenant|urgent|thanks|thx|merci)[!.]*$/iu;

/** Whether the head typed before the comma is a name then only urgency or politeness ("status asap"). */
export function nameThenUrgency(head: string): boolean {
  const words = head.trim().split(/\s+/u);
  return words.length >= 2 && words.slice(1).every((w) => URGENT.test(w));
}
