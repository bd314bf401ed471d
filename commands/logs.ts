import { defineCommand } from './services.js';

export default defineCommand({
  name: 'logs',
  aliases: ['log'],
  summary: "show the last lines of an app's log (secrets hidden)",
  description: "Shows the last lines (default 30, at most 200) of the app container's output. Generated passwords are replaced by ****.",
  examples: ['logs wekan', 'logs nextcloud 100'],
  phrases: {
    en: ["logs", "log", "output", "what is it saying", "error messages", "show output", "tail", "stdout", "lines", "log lines", "errors", "printing", "print out", "complaining", "complaining about"],
    fr: ["journaux", "journal", "les logs", "sortie", "messages d'erreur", "affiche les logs", "lignes", "dernieres lignes", "erreurs", "se plaint", "plaint", "logge", "a logge"],
  },
  args: [
    { name: 'app', type: 'minion', of: 'summoned', required: true },
    { name: 'lines', type: 'int', help: 'how many lines (default 30)' },
  ] as const,
  sideEffects: false,
  needs: 'core',
  // An app's output holds reset links and tokens in URLs: the observer role and admins only.
  permission: 'role:observer',
  async run(ctx, a) {
    const n = Math.max(1, Math.min(200, a.lines ?? 30));
    const r = await ctx.services.core.logs(a.app, n);
    if (!r.lines.length) return ctx.t.logsNone(r.container);
    // a fence cannot be closed early by the log's own text
    const body = r.lines.join('\n').replace(/```/g, "'''");
    return `${ctx.t.logsHead(r.lines.length, r.container)}\n\`\`\`\n${body}\n\`\`\``;
  },
});
