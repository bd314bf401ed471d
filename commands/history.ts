import { defineCommand } from '../src/robot/command.js';
import { escapeMarkdown } from '../src/robot/markdown.js';

export default defineCommand({
  name: 'history',
  aliases: ['audit'],
  summary: 'show the last commands run (the audit log)',
  description:
    'Shows who ran what, where, the outcome and how long it took, newest first. At most 50 entries. ' +
    "The built-in jobs' successful runs (health and disk watches, several every five minutes) are counted in one line, " +
    'not listed, unless `--jobs` is given; their failures are always listed.',
  examples: ['history', 'history 20', 'history 20 --jobs'],
  phrases: {
    en: ["what did the bot do", "who did what", "what happened", "recent commands", "audit log", "audit", "last commands", "what was run", "recently", "lately", "command log", "command history", "things people ran", "people ran", "last actions", "recent actions", "activities", "recent activity", "last activities", "people asked you", "people have been asking you", "things people asked", "what did you do", "operations", "last operations", "recent operations", "what got run"],
    fr: ["le bot a fait", "qu'est-ce que tu as fait", "historique", "qui a fait quoi", "est-il passe", "dernieres commandes", "journal d'audit", "recemment", "dernierement", "dernieres operations", "historique des operations", "les gens t'ont demande", "ce que les gens t'ont demande", "t'as fait quoi", "tu as fait quoi", "qu'as-tu fait", "operations", "les operations"],
  },
  args: [{ name: 'count', type: 'int', help: 'how many entries (default 10, at most 50)' }] as const,
  flags: [{ name: 'jobs', help: "also list the built-in jobs' successful runs", phrases: ['with the jobs', 'including jobs', 'and the jobs', 'avec les taches', 'including scheduled jobs', 'with scheduled jobs', 'avec les taches planifiees', 'y compris les taches', 'taches planifiees comprises', 'taches comprises', 'jobs included', 'scheduled jobs included', 'job runs', 'jobs too', 'the jobs too', 'runs of the jobs', 'les taches aussi', 'executions des taches'] }],
  sideEffects: false,
  // Every user's commands in every channel and DM: the observer role and admins only.
  permission: 'role:observer',
  async run(ctx, args) {
    const n = Math.min(Math.max(args.count ?? 10, 1), 50);
    const jobTicks = ctx.flags.has('jobs');
    const rows = ctx.robot.history(n + 1, { jobTicks }).filter((r) => r.id !== ctx.auditId).slice(0, n);
    if (rows.length === 0) return ctx.t.historyNone();
    const hidden = jobTicks ? 0 : ctx.robot.jobTicksSince(rows[rows.length - 1]!.id);
    const lines = rows.map((r) => {
      const when = new Date(r.at).toISOString().replace('T', ' ').slice(0, 19);
      const what = (r.text.length > 60 ? `${r.text.slice(0, 60)}…` : r.text).replace(/[`|\n]/g, ' ');
      const dur = r.durationMs === null ? '' : `${r.durationMs} ms`;
      return `| #${r.id} | ${when} | ${escapeMarkdown(r.userName.replace(/^@/, ''))} | \`${what}\` | ${r.outcome}${r.code ? ` (${r.code})` : ''} | ${dur} |`;
    });
    const table = [ctx.t.historyHead(), '|---|---|---|---|---|---|', ...lines].join('\n');
    return hidden > 0 ? `${table}\n\n${ctx.t.historyJobTicks(hidden)}` : table;
  },
});
