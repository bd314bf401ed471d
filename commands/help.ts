import { defineCommand, permissionOf, usage, type AnyCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'help',
  aliases: ['commands', 'man'],
  summary: 'list the commands you may run, or explain one',
  description: 'Without an argument, lists the commands you are allowed to run. With a command name, explains it, with examples.',
  examples: ['help', 'help status'],
  phrases: {
    en: ["what can you do", "what do you do", "how does this work", "how do i use you", "list commands", "available commands", "usage"],
    fr: ["aide", "aide-moi", "que sais-tu faire", "que peux-tu faire", "quelles commandes", "comment ca marche"],
  },
  args: [{ name: 'command', type: 'command', help: 'a command name' }] as const,
  sideEffects: false,
  async run(ctx, args) {
    const all = ctx.robot.commands();
    if (args.command) {
      const cmd = all.find((c) => c.name === args.command)!;
      return explain(cmd, ctx.robot.canRun(ctx.user, cmd), ctx.robot.whoCanRun(cmd));
    }
    const mine = all.filter((c) => ctx.robot.canRun(ctx.user, c));
    const hidden = all.length - mine.length;
    const lines = mine.map((c) => `- \`${usage(c)}\`: ${c.summary}${c.destructive ? ' (asks for confirmation)' : ''}`);
    return [
      `**Commands you can run** (${mine.length}):`,
      ...lines,
      hidden ? `_${hidden} more need a role you do not have._` : '',
      'Say `help <command>` for details. I understand small typos and plain English ("please back up everything").',
    ]
      .filter(Boolean)
      .join('\n');
  },
});

function explain(cmd: AnyCommand, allowed: boolean, who: string): string {
  const perm = permissionOf(cmd);
  return [
    `**${cmd.name}**: ${cmd.summary}`,
    cmd.description,
    `Usage: \`${usage(cmd)}\``,
    ...cmd.args.filter((a) => a.help).map((a) => `- \`${a.name}\`: ${a.help}`),
    ...(cmd.flags ?? []).map((f) => `- \`--${f.name}\`: ${f.help}`),
    cmd.aliases?.length ? `Also: ${cmd.aliases.map((a) => `\`${a}\``).join(', ')}` : '',
    `Examples: ${cmd.examples.map((e) => `\`${e}\``).join(', ')}`,
    cmd.destructive ? 'Destructive: it is proposed first and runs only after you confirm.' : '',
    perm === 'anyone' ? '' : `Who may run it: ${who}.${allowed ? '' : ' You may not.'}`,
  ]
    .filter(Boolean)
    .join('\n');
}
