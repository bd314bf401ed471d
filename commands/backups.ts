import { isSafety } from '../src/core/backup/manifest.js';
import { defineCommand } from './services.js';
import { secs, size } from './backup-render.js';

export default defineCommand({
  name: 'backups',
  summary: 'list the backups of an app',
  description:
    'Every backup of the app that has its manifest: when, kind, size, checksum prefix, why it was taken, whether it verified, and warnings. Safety copies (taken before a restore, update, rollback or purge) are listed apart: a date or `latest` never picks them, their file name does, and they are kept `backup.retention.safetyDays` days.',
  examples: ['backups nextcloud'],
  phrases: {
    en: ["backups", "list backups", "which backups", "what backups", "backed up", "last backup", "latest backup", "any backups", "backups exist", "when was backup", "how many backups"],
    fr: ["sauvegardes", "liste des sauvegardes", "quelles sauvegardes", "derniere sauvegarde", "sauvegardes existent", "a-t-on des sauvegardes", "quand sauvegarde", "combien de sauvegardes"],
  },
  args: [{ name: 'app', type: 'minion', required: true }] as const,
  sideEffects: false,
  needs: 'backups',
  async run(ctx, a) {
    const list = await ctx.services.backups.list(a.app);
    if (!list.length) return ctx.t.backupsNone(a.app);
    const row = (m: (typeof list)[number]['manifest']) => {
      const verified = m.verified ? (m.verified.ok ? ':white_check_mark:' : `:x: ${m.verified.detail}`) : '–';
      return `| ${m.createdAt.slice(0, 19).replace('T', ' ')} | ${m.kind}${m.type ? ` (${m.type})` : ''} | ${size(m.bytes)} | ${secs(m.durationMs)} | \`${m.sha256.slice(0, 12)}\` | ${m.reason} | ${verified} | ${[...m.flags, ...(m.offsite ? ['off-site'] : [])].join(', ').replace(/\|/g, '\\|') || '–'} |`;
    };
    const head = ['| when (UTC) | kind | size | took | sha256 | why | verified | notes |', '|---|---|---|---|---|---|---|---|'];
    const newest = [...list].reverse();
    const regular = newest.filter((b) => !isSafety(b.manifest));
    const safety = newest.filter((b) => isSafety(b.manifest));
    const out = regular.length ? [...head, ...regular.map((b) => row(b.manifest))] : [ctx.t.backupsOnlySafety(a.app)];
    if (safety.length) {
      out.push('', `**Safety copies** (taken by Summoner before it changed ${a.app}; restored only by file name):`, '| when (UTC) | kind | size | took | sha256 | before | verified | file |', '|---|---|---|---|---|---|---|---|');
      for (const { manifest: m } of safety) out.push(`| ${m.createdAt.slice(0, 19).replace('T', ' ')} | ${m.kind}${m.type ? ` (${m.type})` : ''} | ${size(m.bytes)} | ${secs(m.durationMs)} | \`${m.sha256.slice(0, 12)}\` | ${m.reason} | ${m.verified ? (m.verified.ok ? ':white_check_mark:' : ':x:') : '–'} | ${m.file} |`);
    }
    return out.join('\n');
  },
});
