import { isSafety } from '../src/core/backup/manifest.js';
import { defineCommand, need, type Services } from './services.js';
import type { CommandContext } from '../src/robot/command.js';
import { secs, size } from './backup-render.js';

export default defineCommand({
  name: 'backups',
  summary: 'list the backups of an app',
  description:
    'Every backup of the app that has its manifest: when, kind, size, checksum prefix, why it was taken, whether it verified, and warnings. Safety copies (taken before a restore, update, rollback or purge) are listed apart: a date or `latest` never picks them, their file name does, and they are kept `backup.retention.safetyDays` days.',
  examples: ['backups nextcloud', 'backups summoner'],
  phrases: {
    en: ["backups", "list backups", "which backups", "what backups", "backed up", "last backup", "latest backup", "any backups", "backups exist", "when was backup", "how many backups", "how big", "size of the backups", "backup size", "which copies", "what copies", "any copies"],
    fr: ["sauvegardes", "liste des sauvegardes", "quelles sauvegardes", "derniere sauvegarde", "sauvegardes existent", "a-t-on des sauvegardes", "quand sauvegarde", "combien de sauvegardes", "quelle taille", "taille des sauvegardes", "quelles copies"],
  },
  args: [{ name: 'app', type: 'minion-or-summoner', of: 'summoned', required: true, help: "an app, or summoner (Summoner's own state)" }] as const,
  sideEffects: false,
  async run(ctx, a) {
    if (a.app === 'summoner') return listSummoner(ctx);
    const list = await need(ctx.services, 'backups').list(a.app);
    if (!list.length) return ctx.t.backupsNone(a.app);
    const row = (m: (typeof list)[number]['manifest']) => {
      const verified = m.verified ? (m.verified.ok ? ':white_check_mark:' : `:x: ${m.verified.detail}`) : '–';
      return `| ${m.createdAt.slice(0, 19).replace('T', ' ')} | ${m.kind}${m.type ? ` (${m.type})` : ''} | ${size(m.bytes)} | ${secs(m.durationMs)} | \`${m.sha256.slice(0, 12)}\` | ${m.reason} | ${verified} | ${[...m.flags, ...(m.offsite ? ['off-site'] : [])].join(', ').replace(/\|/g, '\\|') || '–'} |`;
    };
    const head = [ctx.t.backupsHead(), '|---|---|---|---|---|---|---|---|'];
    const newest = [...list].reverse();
    const regular = newest.filter((b) => !isSafety(b.manifest));
    const safety = newest.filter((b) => isSafety(b.manifest));
    const out = regular.length ? [...head, ...regular.map((b) => row(b.manifest))] : [ctx.t.backupsOnlySafety(a.app)];
    if (safety.length) {
      out.push('', ctx.t.safetyTitle(a.app), ctx.t.safetyHead(), '|---|---|---|---|---|---|---|---|');
      for (const { manifest: m } of safety) out.push(`| ${m.createdAt.slice(0, 19).replace('T', ' ')} | ${m.kind}${m.type ? ` (${m.type})` : ''} | ${size(m.bytes)} | ${secs(m.durationMs)} | \`${m.sha256.slice(0, 12)}\` | ${m.reason} | ${m.verified ? (m.verified.ok ? ':white_check_mark:' : ':x:') : '–'} | ${m.file} |`);
    }
    return out.join('\n');
  },
});

/** Summoner's own state backups, newest first. */
async function listSummoner(ctx: CommandContext<Services>): Promise<string> {
  const list = await need(ctx.services, 'state').list();
  if (!list.length) return ctx.t.stateNone();
  const rows = [...list].reverse().map((b) => `| ${b.manifest.createdAt.slice(0, 19).replace('T', ' ')} | ${b.manifest.files.length} | ${size(b.bytes)} | ${b.manifest.summonerVersion} | ${b.manifest.schemaVersion} | ${b.name} |`);
  return [ctx.t.stateTitle(), ctx.t.stateHead(), '|---|---|---|---|---|---|', ...rows].join('\n');
}
