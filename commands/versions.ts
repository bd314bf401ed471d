import { defineCommand } from './services.js';

const SHOWN = 15;

export default defineCommand({
  name: 'versions',
  aliases: ['tags'],
  summary: "list an app's available versions from its image registry",
  description: "Reads the image's tags from its registry (Registry HTTP API v2), newest first, marks the version in use and flags major jumps (read the release notes and back up first).",
  examples: ['versions nextcloud'],
  phrases: {
    en: ["versions", "which versions", "available versions", "what versions", "tags", "releases", "newer version", "new version available", "up to date", "outdated", "update available", "updates available", "newer release", "is there an update", "newer images", "newer image", "is there a newer", "anything newer", "newer out", "newer one", "how far behind", "new images", "available yet", "released yet"],
    fr: ["versions disponibles", "quelles versions", "nouvelle version", "les versions", "il y a une mise a jour", "y a une mise a jour", "mise a jour disponible", "plus recente", "version plus recente", "est a jour", "sont a jour", "nouvelles images", "images plus recentes", "en retard de versions", "est sortie", "est dispo", "est disponible"],
  },
  args: [{ name: 'app', type: 'minion', required: true }] as const,
  sideEffects: false,
  needs: 'core',
  async run(ctx, a) {
    const v = await ctx.services.core.versions(a.app);
    const lines = v.tags.slice(0, SHOWN).map((t) => `- ${t.tag}${t.pinned ? ctx.t.versionInUse() : ''}${t.majorJump ? ctx.t.versionMajorJump() : ''}`);
    const more = v.tags.length > SHOWN ? `\n${ctx.t.versionsOlder(v.tags.length - SHOWN)}` : '';
    const advice = v.newestSameMajor ? `\n${ctx.t.versionsSafeUpdate(a.app, v.newestSameMajor)}` : v.newest === v.pinned ? `\n${ctx.t.versionsNewest()}` : '';
    return `${ctx.t.versionsHead(v.repository, v.registry, v.pinned)}\n${lines.join('\n')}${more}${advice}`;
  },
});
