// "> did the wordpress backup run? yes, I checked an hour ago", « > redémarre mattermost — fait, ça remarche », "> is
// gitlab ok? — no idea, status gitlab": a message that quotes another one (Markdown's "> "), then answers it. The quote
// is someone else's words; what this message asks, if anything, is in the answer after it (after a dash, or after the
// quoted question's "?"). The answer is read alone: a request there is the request; an answer that asks nothing
// (« oui, ce matin à 8h », "done, it's back") asks nothing, whatever the quote's words read as. An answer that is
// itself a question ("who put this line in the runbook??") is left to the whole message's reading. Pure.

/** "> quote — answer", "> quote - answer", "> question? answer". */
const QUOTE_THEN_ANSWER = /^\s*>\s*([^\n]*?)(?:\s+[—–-]\s+|(?<=\?)\s+)(?=\S)([^\n]+)$/u;

/** The answer after a quoted message, when it says no question of its own; else undefined. */
export function answerToQuote(text: string): string | undefined {
  if (!/^\s*>/u.test(text)) return undefined;
  const m = QUOTE_THEN_ANSWER.exec(text);
  if (!m || !/\p{L}/u.test(m[1]!)) return undefined;
  const answer = m[2]!.trim();
  return answer.includes('?') || !/\p{L}/u.test(answer) ? undefined : answer;
}
