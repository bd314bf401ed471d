// Splits a command line into tokens, honouring quotes. A value is never re-split afterwards
// (STYLE: image refs, URLs and times contain ':' and must survive intact).
export interface Token {
  text: string;
  quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; message: string };

export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  let quotedToken = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '“' || ch === '”') {
      // Apostrophes inside a word ("don't") are text, not quotes.
      if (ch === "'" && inToken && current.length > 0) {
        current += ch;
        continue;
      }
      quote = ch === '“' || ch === '”' ? '"' : ch;
      inToken = true;
      quotedToken = true;
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push({ text: current, quoted: quotedToken });
      current = '';
      inToken = false;
      quotedToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (quote) return { ok: false, message: `a quote (${quote}) is never closed` };
  if (inToken) tokens.push({ text: current, quoted: quotedToken });
  return { ok: true, tokens };
}
