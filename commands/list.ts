import { defineCommand } from '../src/robot/command.js';
import { escapeMarkdown } from '../src/robot/markdown.js';

export default defineCommand({
  name: 'list',
  aliases: ['catalog', 'apps'],
  summary: 'list the apps I can summon, one line each',
  description: 'Lists the catalog: every app, what it is, the database it needs and whether it runs here. Catalog files that could not be loaded are listed after, with the file and key at fault.',
  examples: ['list'],
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const catalog = ctx.services.catalog;
    if (!catalog) return 'No catalog is loaded.';
    const running = new Map<string, string>();
    if (ctx.services.core) {
      for (const s of await ctx.services.core.status().catch(() => [])) running.set(s.app, s.state);
    }
    const lines = catalog.all().map((m) => {
      const db = m.database ? `, ${m.database.type} ${m.database.version}` : '';
      const state = running.get(m.name);
      return `- **${m.name}** ${escapeMarkdown(m.web.tag)}${db}: ${escapeMarkdown(m.description)}${state ? ` _(${state})_` : ''}${m.origin === 'custom' ? ' _(custom)_' : ''}`;
    });
    const out = [`${lines.length} apps in the catalog:`, ...lines];
    if (catalog.problems.length) {
      out.push('', `:warning: ${catalog.problems.length} problem(s) in catalog files (those minions are not loaded):`);
      for (const p of catalog.problems.slice(0, 20)) out.push(`- ${escapeMarkdown(p.file)}: \`${p.key.replace(/`/g, "'")}\`: ${escapeMarkdown(p.message)}`);
    }
    return out.join('\n');
  },
});
