// Text from a payload is plain text in Mattermost. Its web app renders posts with a fork of `marked` (GFM),
// its mobile app with a fork of commonmark (`@mattermost/commonmark`): a value must make no construct in
// either. Only the template (or a built-in) writes markup; it puts values in with these functions.
// test/notify-markup.test.ts renders hostile values with both parsers.

/** Characters that open or close an inline construct anywhere in a line (CommonMark lets any be backslash-escaped). */
const INLINE = /[\\`*~[\]<>|&]/g;
/** `_` makes emphasis only at a word's edge (snake_case stays text in both parsers): only those are escaped. */
const EDGE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/**
 * A payload value as plain text: no emphasis, code span, link, image, autolink, HTML, table cell, mention
 * (@user, @channel) or channel link (~town); no heading, rule, list, quote or indented code at a line start.
 */
export function plainText(v: unknown): string {
  return (
    String(v)
      .replace(/\r\n?/g, '\n')
      // control characters other than newline and tab show nothing useful and can confuse clients
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(INLINE, '\\$&')
      .replace(EDGE_UNDERSCORE, '\\_')
      // a line must not start a block: indented code (4 spaces or a tab), heading, list, quote, rule,
      // setext underline (=== or ---), fenced code (``` is escaped above, ~~~ too)
      .replace(/^[ \t]+/gm, (ws) => '\u00a0'.repeat(Math.min(ws.replace(/\t/g, '    ').length, 8)))
      .replace(/^(\u00a0*)([#=+-])/gm, '$1\\$2')
      .replace(/^(\u00a0*)(\d{1,9})([.)])(?=[\s]|$)/gm, '$1$2\\$3')
      // GFM and Mattermost turn bare URLs, www. hosts and e-mail addresses into links: a zero-width space
      // keeps them text; mentions and channel links the same way
      .replace(/:\/\//g, ':\u200b//')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u200b.`)
      .replace(/@/g, '@\u200b')
      .replace(/~/g, '~\u200b')
      // :emoji: names stay (they are not markup that acts); a line ending in two spaces is only a line break
  );
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
  const href = safeUrl(url);
  const text = plainText(label);
  return href ? `[${text}](${href})` : text;
}
