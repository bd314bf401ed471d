// Command lines chained as a shell chains them: "backup all; restart wekan; logs wekan 50", "status ghost && logs ghost
// 50", « restart gitlab && logs gitlab 100 ». A power user types several lines at once; each is a request of its own,
// and the bot runs one command per message: the message is asked back, one at a time, as two requests that act joined
// by "then" already are, whether the lines act or only show (the last line was read alone: "… && logs gitlab 100"
// read `logs`, the restart before it dropped). Only when two parts or more are each an exact line (a command's name
// opening it, the strict grammar reading it with no guess): "restart wekan; it froze again" is a request and its reason.
// A pipe is no chain: "logs ghost 200 | grep -i 502" filters that command's output, the asker's own filter.
// A line chained to a shell program ("summon ghost; rm -rf /", "status ghost && reboot") is pasted shell, never a
// request to take half of: `shellChained` names the operator, and nothing runs (the bot runs no shell). Pure.

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

/** What opens a shell command: the programs a pasted chain runs (destroying, rebooting, fetching, escalating), a path. */
const SHELL_OPENER =
  /^(?:sudo|su|rm|rmdir|mv|cp|dd|mkfs(?:\.\w+)?|shred|chmod|chown|kill|killall|pkill|reboot|shutdown|halt|poweroff|init|systemctl|service|curl|wget|nc|ncat|netcat|bash|sh|zsh|dash|python3?|perl|ruby|node|php|eval|exec|cat|echo|printf|tee|crontab|useradd|passwd|docker|kubectl|apt(?:-get)?|yum|dnf|pip3?|npm|git|ssh|scp|base64|xargs|find|sed|awk|truncate|ln|mount|umount|iptables)(?:\s|$)|^(?:\.{0,2}|~)\//u;

/** An operator with a space after it (a glued one belongs to the value before it), and the rest of the message. */
const SPACED_CHAIN = /\s*(;|&&|\|\|)\s+(.*)$/su;

/** The operator (`;`, `&&`, `||`) joining a message's first part to a shell command, when it does; undefined otherwise. */
export function shellChained(text: string): string | undefined {
  // (an operator glued to the value before it, "summon webdb 1.0;rm", is that value's: refused as no valid name)
  const first = SPACED_CHAIN.exec(text);
  if (!first || !text.slice(0, first.index).trim()) return undefined;
  // (the parts after it in turn, up to five: "status ghost; logs ghost && rm -rf /" chains shell too)
  for (let m: RegExpExecArray | null = first, i = 0; m && i < 5; m = SPACED_CHAIN.exec(m[2]!), i++) {
    if (SHELL_OPENER.test(m[2]!.trim())) return first[1];
  }
  return undefined;
}
