import { defineCommand } from './services.js';

const SHOWN = 15;

export default defineCommand({
  name: 'versions',
  aliases: ['tags'],
  summary: "list an app's available versions from its image registry",
  description: "Reads the image's tags from its registry (Registry HTTP API v2), newest first, marks the version in use and flags major jumps (read the release notes and back up first).",
  examples: ['versions nextcloud'],
  phrases: {
    en: ["versions", "which versions", "available versions", "what versions", "tags", "releases", "newer version", "new version available"],
    fr: ["versions disponibles", "quelles versions", "nouvelle version", "les versions"],
  },
  args: [{ name: 'app', type: 'minion', required: true }] as const,
  sideEffects: false,
  needs: 'core',
  async run(ctx, a) {
    const v = await ctx.services.core.versions(a.app);
    const lines = v.tags.slice(0, SHOWN).map((t) => `- ${t.tag}${t.pinned ? ' ← in use' : ''}${t.majorJump ? ' (major jump)' : ''}`);
    const more = v.tags.length > SHOWN ? `\n…and ${v.tags.length - SHOWN} older` : '';
    const advice = v.newestSameMajor ? `\nSafe update: \`update ${a.app} ${v.newestSameMajor}\`` : v.newest === v.pinned ? '\nThe version in use is the newest.' : '';
    return `Versions of ${v.repository} (${v.registry}), in use: ${v.pinned}\n${lines.join('\n')}${more}${advice}`;
  },
});
