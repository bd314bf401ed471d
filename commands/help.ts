import { defineCommand, permissionOf, usage, type AnyCommand } from '../src/robot/command.js';
import type { Replies } from '../src/i18n/replies.js';

export default defineCommand({
  name: 'help',
  aliases: ['commands', 'man'],
  summary: 'list the commands you may run, or explain one',
  description: 'Without an argument, lists the commands you are allowed to run. With a command name, explains it, with examples.',
  examples: ['help', 'help status'],
  phrases: {
    en: ["what can you do", "what can i do here", "what do you do", "how does this work", "how do i use you", "list commands", "available commands", "usage", "ask you", "able to do", "capable of"],
    fr: ["aide", "aide-moi", "que sais-tu faire", "que peux-tu faire", "quelles commandes", "comment ca marche", "tu sais faire", "te demander", "se sert de toi", "se servir de toi", "t'utiliser", "mode d'emploi", "que puis-je faire", "qu'est-ce que je peux faire", "tu peux faire quoi", "tu sais faire quoi"],
  },
  args: [{ name: 'command', type: 'command', help: 'a command name' }] as const,
  sideEffects: false,
  async run(ctx, args) {
    const all = ctx.robot.commands();
    if (args.command) {
      const cmd = all.find((c) => c.name === args.command)!;
      return explain(ctx.t, cmd, ctx.robot.canRun(ctx.user, cmd), ctx.robot.whoCanRun(cmd));
    }
    const mine = all.filter((c) => ctx.robot.canRun(ctx.user, c));
    const hidden = all.length - mine.length;
    const t = ctx.t;
    const lines = mine.map((c) => t.helpLine(usage(c), t.summaries[c.name] ?? c.summary, !!c.destructive));
    return [t.helpTitle(mine.length), ...lines, hidden ? t.helpHidden(hidden) : '', t.helpFooter()]
      .filter(Boolean)
      .join('\n');
  },
});

function explain(t: Replies, cmd: AnyCommand, allowed: boolean, who: string): string {
  const perm = permissionOf(cmd);
  const translated = t.summaries[cmd.name];
  return [
    `**${cmd.name}**: ${translated ?? cmd.summary}`,
    cmd.description,
    t.helpUsage(usage(cmd)),
    ...cmd.args.filter((a) => a.help).map((a) => `- \`${a.name}\`: ${a.help}`),
    ...(cmd.flags ?? []).map((f) => `- \`--${f.name}\`: ${f.help}`),
    cmd.aliases?.length ? t.helpAlso(cmd.aliases.map((a) => `\`${a}\``).join(', ')) : '',
    t.helpExamples(cmd.examples.map((e) => `\`${e}\``).join(', ')),
    cmd.destructive ? t.helpDestructive() : '',
    perm === 'anyone' ? '' : t.helpWho(who, allowed),
  ]
    .filter(Boolean)
    .join('\n');
}
