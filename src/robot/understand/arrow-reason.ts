// An arrow after the request, then its reason: « reprends nuit-ghost → migration finie », "resume nightly-ghost →
// migration done". fast-punctuation.ts reads an arrow as a sentence's end ("disk full → prune wordpress": the situation,
// so the request), and the message is then read on its last sentence, the reason, which asks nothing. The other way
// round the arrow says "because": read as a comma, the request and its reason. Only as a second reading, when the first
// asked about a command that destroys nothing and the second reads that same command (index.ts): a destructive
// request with an arrow stays asked ("restore gitlab → thu's backup" may name a backup the comma would drop). Pure.

/** An arrow between two parts of a message (as fast-punctuation.ts has it). */
const ARROW = /\s+(?:→|⟶|⇒|-{1,2}>|={1,2}>)\s+(?=\S)/gu;

/** The text with its arrows read as commas, when it has one; undefined otherwise. */
export function arrowAsComma(text: string): string | undefined {
  if (!/[→⟶⇒>]/u.test(text)) return undefined;
  const out = text.replace(ARROW, ', ');
  return out === text ? undefined : out;
}
