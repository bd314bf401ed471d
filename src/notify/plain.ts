// Text from a payload is plain text in Mattermost. Its web app renders posts with a fork of `marked` (GFM),
// its mobile app with a fork of commonmark (`@mattermost/commonmark`): a value must make no construct in
// either. Only the template (or a built-in) writes markup; it puts values in with these functions.
// test/notify-markup.test.ts renders hostile values with both parsers.

/**
 * Characters that open or close an inline construct anywhere in a line (# a hashtag in Mattermost, $ inline
 * LaTeX), written as numeric character references: both parsers show them as the character, and marked does
 * not read them again inside a link label (it does re-read backslash escapes there: `\!\[x\](y)` in a label
 * became an image).
 */
const INLINE = /[\\`*~[\]<>|&$]/g; // ! only makes an image before [, which is never left as is
/** # starts a hashtag before a letter (Mattermost), a heading at a line start; `#12` stays as is. */
const HASH = /#(?=[\p{L}_])|^(\u00a0*)#/gmu;
/** `_` makes emphasis only at a word's edge (snake_case stays text in both parsers): only those are escaped. */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const ref = (c: string) => `&#${c.codePointAt(0)};`;
/**
 * Mattermost's web app finds channel links (~town) and hashtags (#tag) in the text marked leaves, after
 * character references are decoded: a zero-width space after the character keeps those text too.
 */
const inlineRef = (c: string) => (c === '~' ? `${ref(c)}\u200b` : ref(c));

/**
 * A payload value as plain text: no emphasis, code span, link, image, autolink, HTML, table cell, mention
 * (@user, @channel) or channel link (~town); no heading, rule, list, quote or indented code at a line start.
 */
export function plainText(v: unknown): string {
  const s = String(v);
  // most values are plain words (a branch, a status, a name): nothing to escape, so the dozen passes below
  // (run for every value of every post) are skipped
  return PLAIN_WORDS.test(s) ? s : escapeAll(s);
}

/**
 * Letters and digits with inner spaces, commas, slashes and hyphens: no character any rule below acts on (no
 * line start other than a letter or digit, no `.`, `:` or `@`), so plainText leaves them as they are.
 */
const PLAIN_WORDS = /^[\p{L}\p{N}](?:[\p{L}\p{N} ,/-]{0,200}[\p{L}\p{N}])?$/u;

/** Every rule of plainText, for any value (exported for the test that the fast path changes nothing). */
export function escapeAll(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      // control characters other than newline and tab show nothing useful and can confuse clients
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(INLINE, inlineRef)
      .replace(EDGE_UNDERSCORE, ref)
      // a line must not start a block: indented code (4 spaces or a tab), heading, list, quote, rule,
      // setext underline (=== or ---), fenced code (``` is escaped above, ~~~ too)
      .replace(/^[ \t]+/gm, (ws) => '\u00a0'.repeat(Math.min(ws.replace(/\t/g, '    ').length, 8)))
      .replace(HASH, (_m, sp: string | undefined) => `${sp ?? ''}${ref('#')}\u200b`)
      .replace(/^(\u00a0*)([=+-])/gm, (_m, sp: string, c: string) => sp + ref(c))
      .replace(/^(\u00a0*)(\d{1,9})([.)])(?=[\s]|$)/gm, (_m, sp: string, n: string, c: string) => sp + n + ref(c))
      // GFM and Mattermost turn bare URLs, www. hosts and e-mail addresses into links: a zero-width space
      // keeps them text; mentions and channel links the same way
      .replace(/:\/\//g, ':\u200b//')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u200b.`)
      .replace(/@/g, '@\u200b')
      // :emoji: names stay (they are not markup that acts); a line ending in two spaces is only a line break
  );
}

/** A value inside a line of the template's markup (bold, a link label): whitespace runs made one space. */
export function plainInline(v: unknown): string {
  return plainText(String(v).replace(/\s+/g, ' ').trim());
}

/** One line of plain text: the first line of a value (commit messages), cut to `max` characters. */
export function plainLine(v: unknown, max = 120): string {
  const first = String(v ?? '').split(/\r?\n/, 1)[0]!.trim();
  return plainText(first.length > max ? `${first.slice(0, max - 1)}…` : first);
}

/** An http(s) URL fit to be a link destination, or undefined. The template decides that it is a link. */
export function safeUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 2000) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  // URL's serialisation percent-encodes spaces, quotes and <>; parentheses would end the destination early
  return u.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** `[label](url)` with the label as plain text, or the plain label alone when the URL is not one. */
export function link(label: unknown, url: unknown): string {
  return linkMarkup(plainInline(label), url);
}

/** `[label](url)` with a label that is already markup (plain values and what the template wrote). */
export function linkMarkup(label: string, url: unknown): string {
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
