import { defineCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'whoami',
  aliases: ['me'],
  summary: 'show who I think you are and what you may do',
  description: 'Shows your user id (permissions are keyed on it, not on your name), your roles and whether you are an admin.',
  examples: ['whoami'],
  phrases: {
    en: ["who am i", "my user id", "my id", "my roles", "what am i allowed", "my permissions", "permissions", "am i admin", "my rights", "what rights", "which identity", "my identity", "my access", "my uid", "me down as", "my access level", "access level", 'am i allowed', 'am i allowed to'],
    fr: ["observateur", "qui suis-je", "mon identifiant", "mon id", "mes droits", "quels droits", "quelle identite", "mon identite", "mes roles", "mes permissions", "suis-je admin", "mes acces", "je suis qui", "mon uid", "tu me vois comment", "me vois-tu comment", "tu me laisses faire quoi", "mon niveau d'acces", "j'ai le droit", 'ai-je le droit'],
  },
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const u = ctx.user;
    const allowed = ctx.robot.commands().filter((c) => ctx.robot.canRun(u, c)).length;
    return ctx.t.whoami(u.name.replace(/^@/, ''), u.id, ctx.message.source, u.isAdmin, u.roles, allowed, ctx.robot.commands().length);
  },
});
