import { defineCommand, needBackups } from '../src/robot/command.js';

export default defineCommand({
  name: 'verify',
  summary: 'prove a backup restores: into a throw-away database, then compare tables and row counts',
  description:
    "Checks the backup's checksum, restores the dump into a throw-away container of the same database image (no network, removed afterwards), and compares its tables and row counts with those recorded when the dump was taken. The result is kept in the backup's manifest (`backups` shows it; retention never deletes the newest verified backup).",
  examples: ['verify nextcloud', 'verify nextcloud 2026-11-20'],
  args: [
    { name: 'app', type: 'minion', required: true },
    { name: 'when', type: 'word', help: 'latest (default), a date/time prefix, or a file name' },
  ] as const,
  sideEffects: true,
  async run(ctx, a) {
    const backups = needBackups(ctx);
    const progress = await ctx.progress(`verifying ${a.app}'s backup ${a.when ?? 'latest'}…`);
    const steps: string[] = [];
    try {
      const r = await backups.verify(a.app, a.when, { step: (t) => (steps.push(t), progress.update([`verifying ${a.app}…`, ...steps.slice(-5).map((s) => `• ${s}`)].join('\n'))) });
      await progress.done(
        r.ok
          ? { text: `:white_check_mark: ${r.file} restores: ${r.detail} (${(r.ms / 1000).toFixed(1)} s).`, color: 'good' }
          : { text: `:x: ${r.file} does NOT restore as recorded: ${r.detail}`, color: 'danger' },
      );
    } catch (err) {
      await progress.done({ text: `:x: verify of ${a.app} failed: ${(err as Error).message}`, color: 'danger' });
      throw Object.assign(err as object, { shown: true });
    }
  },
});
