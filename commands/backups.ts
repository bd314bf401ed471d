import { defineCommand, needBackups } from '../src/robot/command.js';
import { secs, size } from './backup-render.js';

export default defineCommand({
  name: 'backups',
  summary: 'list the backups of an app',
  description: 'Every backup of the app that has its manifest: when, kind, size, checksum prefix, why it was taken, whether it verified, and warnings.',
  examples: ['backups nextcloud'],
  args: [{ name: 'app', type: 'minion', required: true }] as const,
  sideEffects: false,
  async run(ctx, a) {
    const list = await needBackups(ctx).list(a.app);
    if (!list.length) return `${a.app} has no backup yet. \`backup ${a.app}\` takes one.`;
    const rows = [...list].reverse().map(({ manifest: m }) => {
      const verified = m.verified ? (m.verified.ok ? ':white_check_mark:' : `:x: ${m.verified.detail}`) : '–';
      return `| ${m.createdAt.slice(0, 19).replace('T', ' ')} | ${m.kind}${m.type ? ` (${m.type})` : ''} | ${size(m.bytes)} | ${secs(m.durationMs)} | \`${m.sha256.slice(0, 12)}\` | ${m.reason} | ${verified} | ${[...m.flags, ...(m.offsite ? ['off-site'] : [])].join(', ') || '–'} |`;
    });
    return ['| when (UTC) | kind | size | took | sha256 | why | verified | notes |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
  },
});
