// Command lines chained as a shell chains them: "backup all; restart wekan; logs wekan 50", "status ghost && logs ghost
// 50", « restart gitlab && logs gitlab 100 ». A power user types several lines at once; each is a request of its own,
// and the bot runs one command per message: the message is asked back, one at a time, as two requests that act joined
// by "then" already are, whether the lines act or only show (the last line was read alone: "… && logs gitlab 100"
// read `logs`, the restart before it dropped). Only when two parts or more are each an exact line (a command's name
// opening it, the strict grammar reading it with no guess): "restart wekan; it froze again" is a request and its reason.
// A pipe is no chain: "logs ghost 200 | grep -i 502" filters that command's output, the asker's own filter. Pure.

/** `;`, `&&` or `||` between two parts of a message. */
const CHAIN = /\s*(?:;|&&|\|\|)\s*/u;

/** The exact lines a message chains, when it chains two or more; undefined otherwise. */
export function chainedLines(text: string, exact: (line: string) => string | undefined): string[] | undefined {
  if (!text.includes(';') && !text.includes('&&') && !text.includes('||')) return undefined;
  const parts = text.split(CHAIN).map((p) => p.trim().replace(/[.!]+$/u, '').trim()).filter(Boolean);
  if (parts.length < 2) return undefined;
  const lines = parts.map(exact);
  return lines.filter((l) => l !== undefined).length >= 2 ? (lines.filter((l) => l !== undefined) as string[]) : undefined;
}
