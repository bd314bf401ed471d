import { defineCommand } from '../src/robot/command.js';
import { messages, langOf } from '../src/i18n/messages.js';

export default defineCommand({
  name: 'explain',
  aliases: ['explique', 'expliquer'],
  summary: 'say what a sentence would run (or what I would ask), without running anything',
  description:
    'Reads the rest of the line as a request and says what it would run (the command, its arguments, whether it asks for confirmation) or the question it would ask, with the same reading as a real request. Nothing runs. `summoner --explain "<text>"` prints the same as one JSON line.',
  examples: ['explain restore nextcloud yesterday', 'explain montre-moi les logs de wekan'],
  args: [{ name: 'text', type: 'string', required: true, rest: true, help: 'any request' }] as const,
  sideEffects: false,
  async run(ctx, a) {
    const e = ctx.robot.explain?.(a.text, ctx.message.locale);
    if (!e) return 'explain is not available here.';
    const t = messages(ctx.message.locale ? langOf(ctx.message.locale) : e.lang);
    const said = e.command ? t.explainCommand(e.canonical!, e.confirm) : t.explainAsk(e.ask ?? '');
    return `${said}\n\`${JSON.stringify(e).replace(/`/g, "'")}\``;
  },
});
