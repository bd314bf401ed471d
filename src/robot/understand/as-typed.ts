// The message as typed, beside its normalised words: tokens with case, URLs, paths and quotes kept, and the cron
// expressions a schedule quotes.
import { sanitize } from '../grammar/parse.js';
import { tokenize, type Token } from '../grammar/tokenize.js';

/** The message's tokens as typed (case, URLs, paths and quotes kept), for the values a sentence carries whole. */
export function rawTokens(text: string): Token[] {
  const r = tokenize(sanitize(text));
  return r.ok ? r.tokens : [];
}

/** A cron expression: five or six fields of digits, `*`, `/`, `,`, `-` or names (`mon`). */
export function isCron(v: string): boolean {
  const f = v.trim().split(/\s+/);
  return (f.length === 5 || f.length === 6) && f.every((x) => /^[\d*/,\-a-z?]+$/i.test(x)) && f.some((x) => /[\d*]/.test(x));
}

