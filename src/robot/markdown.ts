// The one escaper for text from outside (webhook values, names, descriptions, config values) that reaches chat.

/**
 * Mattermost markdown safety: a value must not mention the channel (@channel, @here, @all, @someone) nor
 * inject markup. A zero-width space after @ breaks a mention; markup characters are escaped.
 */
export function escapeMarkdown(v: unknown): string {
  return String(v)
    .replace(/[\\`*~[\]<>|]/g, '\\$&')
    // a line of a value must not become a heading or a list: "# x", "- x", "1. x" (a bare "1.0.0" stays as is)
    .replace(/(^|\n)([ \t]*)(#{1,6}|[-+])(?=[ \t])/g, '$1$2\\$3')
    .replace(/(^|\n)([ \t]*)(\d+)\.(?=[ \t])/g, '$1$2$3\\.')
    .replace(/@/g, '@\u200b');
}
