import { defineCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'whoami',
  aliases: ['me'],
  summary: 'show who I think you are and what you may do',
  description: 'Shows your user id (permissions are keyed on it, not on your name), your roles and whether you are an admin.',
  examples: ['whoami'],
  phrases: {
    en: ["who am i", "my user id", "my id", "my roles", "what am i allowed"],
    fr: ["qui suis-je", "mon identifiant", "mon id", "mes droits", "mes roles"],
  },
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const u = ctx.user;
    const allowed = ctx.robot.commands().filter((c) => ctx.robot.canRun(u, c)).length;
    return [
      `You are @${u.name.replace(/^@/, '')}, user id \`${u.id}\` (via ${ctx.message.source}).`,
      `Admin: ${u.isAdmin ? 'yes' : 'no'}. Roles: ${u.roles.length ? u.roles.join(', ') : 'none'}.`,
      `You may run ${allowed} of ${ctx.robot.commands().length} commands; say \`help\` to see them.`,
    ].join('\n');
  },
});
