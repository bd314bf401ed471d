import fs from 'node:fs/promises';
import path from 'node:path';
import { defineCommand } from './services.js';
import { SummonerError } from '../src/errors.js';
import { escapeMarkdown } from '../src/robot/markdown.js';

/** A forward URL shown as scheme and host only: its path and query often are the secret (a Slack or Teams hook). */
function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(a URL)';
  }
}

export default defineCommand({
  name: 'recipes',
  aliases: ['recipe'],
  summary: 'list the notification recipes, try one on a payload file, or explain which acts on an event',
  description:
    'Without arguments: each recipe from summoner.yml, what it listens to and what it does, and the outbox counts. ' +
    '`recipes try <name> <file.json>` renders what the recipe would post or run for that payload, without posting (admins). ' +
    '`recipes explain <hook> <event>` shows, in order, each recipe, the built-in and `otherwise`, and whether each would act on that event and why.',
  examples: ['recipes', 'recipes try ci-failed test/fixtures/webhooks/gitlab/pipeline.failed.json', 'recipes explain github workflow_run'],
  phrases: {
    en: ["recipes", "notification recipes", "webhooks", "what recipes post", "which recipes post", "which channel gets notifications", "webhooks forwarded to", "notifications go to which channel", 'recipes with outbox counts', 'notification recipes with outbox'],
    fr: ["recettes", "recettes de notification", "les webhooks", "recettes qui postent", "quelles recettes postent", "quel canal recoit notifications", "webhooks renvoyes ou"],
  },
  forms: [
    { args: { action: 'try' }, needs: ['name', 'file'], phrases: { en: ['try recipe', 'test recipe', 'dry run recipe', 'dry-run recipe', 'run recipe on', 'what recipe would post', 'recipe would post for'], fr: ['essaie recette', 'teste recette', 'essayer recette', 'tester recette', 'ce que posterait recette', 'posterait la recette'] } },
  ],
  args: [
    { name: 'action', type: 'word', values: ['try', 'explain'], help: '`try` or `explain`' },
    { name: 'name', type: 'word', meaning: 'name', cues: ['recipe', 'recette'], help: 'the recipe (try) or the hook (explain)' },
    { name: 'file', type: 'string', meaning: 'file', help: 'a JSON payload file on the bot host' },
  ] as const,
  sideEffects: false,
  needs: 'notify',
  // Recipes name channels, hooks and forward URLs (secrets in themselves): the observer role and admins only.
  permission: 'role:observer',
  async run(ctx, a) {
    const notify = ctx.services.notify;
    if (!a.action) {
      if (notify.recipes.length === 0) return 'No recipes yet: add them under notify.recipes in summoner.yml (see summoner.example.yml).';
      const lines = notify.recipes.map((r) => {
        const w = r.when;
        const ev = w.event ? (Array.isArray(w.event) ? w.event.join('|') : w.event) : 'any event';
        const filter = Object.entries(w.filter)
          .map(([k, v]) => escapeMarkdown(`${k}=${Array.isArray(v) ? v.join('|') : String(v)}`))
          .join(', ');
        const then = r.then
          .map((x) => (x.post ? `post to ~${escapeMarkdown(x.post.channel)}` : x.command ? `run \`${(typeof x.command === 'string' ? x.command : x.command.run).replace(/`/g, "'")}\`` : `forward to ${originOf(x.forward!.url)}`))
          .join(', then ');
        return `- **${r.name}**: ${w.source}${w.hook ? ` (hook ${w.hook})` : ''} ${ev}${filter ? ` where ${filter}` : ''} → ${then}`;
      });
      const counts = Object.entries(notify.outbox()).map(([k, v]) => `${v} ${k}`).join(', ');
      return `${lines.join('\n')}\nOutbox: ${counts || 'empty'}.`;
    }
    if (a.action === 'explain') {
      if (!a.name || !a.file || !notify.explain) throw new SummonerError('command.invalid_args', 'say `recipes explain <hook> <event>`', { hint: 'e.g. `recipes explain github workflow_run`' });
      const mark = { yes: ':white_check_mark:', 'if filter': ':grey_question:', no: ':heavy_minus_sign:' } as const;
      const lines = notify.explain(a.name, a.file).map((l) => `${mark[l.acts]} ${escapeMarkdown(l.step)}: ${escapeMarkdown(l.why)}`);
      return `On event ${escapeMarkdown(a.file)} at hook ${escapeMarkdown(a.name)}, in order (each matching recipe acts; \`stop: true\` ends the chain):\n${lines.join('\n')}`;
    }
    if (a.action !== 'try') throw new SummonerError('command.invalid_args', `unknown action ${a.action}`, { hint: 'say `recipes`, `recipes try <name> <file.json>` or `recipes explain <hook> <event>`' });
    if (!ctx.user.isAdmin) throw new SummonerError('command.denied', '`recipes try` reads a file on the bot host: it is for admins');
    if (!a.name || !a.file) throw new SummonerError('command.invalid_args', 'say `recipes try <name> <file.json>`');
    const recipe = notify.recipes.find((r) => r.name === a.name);
    if (!recipe) throw new SummonerError('notify.unknown_recipe', `no recipe named ${a.name}`, { hint: 'say `recipes` for the list' });
    if (path.extname(a.file) !== '.json') throw new SummonerError('command.invalid_args', 'the payload file must be a .json file');
    let payload: unknown;
    try {
      payload = JSON.parse(await fs.readFile(a.file, 'utf8'));
    } catch (e) {
      throw new SummonerError('notify.bad_payload', `${a.file} cannot be read as JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    const w = recipe.when.event;
    const event = (Array.isArray(w) ? w[0] : w) ?? path.basename(a.file).split('.')[0]!;
    const actions = notify.tryRecipe(recipe.name, { event, deliveryId: 'try', payload });
    const shown = actions.map((x, i) => {
      if (x.kind === 'post') return `${i + 1}. post to ~${x.channel}${x.out.color ? ` (${x.out.color})` : ''}:\n> ${x.out.text.replace(/\n/g, '\n> ')}`;
      if (x.kind === 'command') return `${i + 1}. run \`${x.text}\` (answer in ~${x.channel})`;
      return `${i + 1}. forward the payload to ${originOf(x.url)}`;
    });
    return `Recipe **${recipe.name}** on ${path.basename(a.file)} (event ${event}), nothing sent:\n${shown.join('\n')}`;
  },
});
