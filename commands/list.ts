import { defineCommand } from './services.js';
import { escapeMarkdown } from '../src/robot/markdown.js';

export default defineCommand({
  name: 'list',
  aliases: ['catalog', 'apps'],
  summary: 'list the apps I can summon, one line each',
  description:
    'Lists the catalog: every app, what it is, the database it needs and whether it runs here. Catalog files that could not be loaded are listed after, with the file and key at fault, then what was normalised in the files that loaded (and warnings such as floating tags).',
  examples: ['list'],
  phrases: {
    en: ["catalog", "what apps", "what can you deploy", "what can you install", "what can deploy", "available apps", "apps available", "which apps", "apps can deploy", "what can i summon", "what can you summon", "list apps", "catalogue", "available", "minions", "what else can you install", "what else", "in stock", "deployable"],
    fr: ["catalogue", "quelles apps", "quelles applications", "apps disponibles", "applications disponibles", "que peux-tu deployer", "qu'est-ce que tu peux installer", "liste des apps", "tu sais deployer", "tu sais installer", "quelles applis", "applis disponibles", "dispo", "qu'est-ce qu'on peut deployer", "qu'est-ce qu'on peut installer", "minions", "on peut installer quoi", "installer quoi d'autre", "quoi d'autre", "en stock", "deployer quoi", "je peux invoquer", "peut-on invoquer", "deployable", "deployables", "sait gerer", "sais gerer"],
  },
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    const catalog = ctx.services.catalog;
    if (!catalog) return ctx.t.noCatalog();
    const running = new Map<string, string>();
    if (ctx.services.core) {
      for (const s of await ctx.services.core.status().catch(() => [])) running.set(s.app, s.state);
    }
    const lines = catalog.all().map((m) => {
      const db = m.database ? `, ${m.database.type} ${m.database.version}` : '';
      const state = running.get(m.name);
      const more = (m.services?.length ?? 1) > (m.database ? 2 : 1) ? `, ${m.services!.length} services` : '';
      return `- **${m.name}** ${escapeMarkdown(m.web.tag)}${db}${more}: ${escapeMarkdown(m.description)}${state ? ` _(${state})_` : ''}${m.origin === 'custom' ? ' _(custom)_' : ''}`;
    });
    const out = [ctx.t.listHead(lines.length), ...lines];
    const shown = (list: readonly { file: string; key: string; message: string }[], max: number) => {
      for (const p of list.slice(0, max)) out.push(`- ${escapeMarkdown(p.file)}: \`${p.key.replace(/`/g, "'")}\`: ${escapeMarkdown(p.message)}`);
      if (list.length > max) out.push(`- … and ${list.length - max} more (the log at start has them all)`);
    };
    if (catalog.problems.length) {
      out.push('', `:warning: ${catalog.problems.length} problem(s) in catalog files (those minions are not loaded):`);
      shown(catalog.problems, 20);
    }
    const notes = catalog.notes ?? [];
    if (notes.length) {
      const warnings = notes.filter((n) => n.warning);
      out.push('', `${notes.length} note(s) on what was normalised in the files that loaded (${warnings.length} warning(s) first):`);
      shown([...warnings, ...notes.filter((n) => !n.warning)], 20);
    }
    return out.join('\n');
  },
});
