import { defineCommand } from './services.js';
import type { BackupResult } from '../src/core/backup/service.js';
import { resultTable, size } from './backup-render.js';

export default defineCommand({
  name: 'backup',
  aliases: ['back-up'],
  summary: 'back up an app, or all of them (database dumps and/or cold copies)',
  description:
    "Takes what each app's backup policy asks for: a hot dump of its database (made by the database's own tool inside its container, compressed and checksummed, checked before it counts) and/or a cold copy of its folders (the app is stopped meanwhile). `all` works on several apps at once (backup.parallel). Ends with a table: app, kind, size, duration, checksum, result.",
  examples: ['backup nextcloud', 'backup all'],
  phrases: {
    en: ["back up", "backup", "take a backup", "make a backup", "snapshot", "save", "dump", "save a copy", "bkp", "create a backup"],
    fr: ["sauvegarde", "sauvegarder", "fais une sauvegarde", "faire une sauvegarde", "sauve", "dump", "cree une sauvegarde"],
  },
  args: [{ name: 'app', type: 'minion-or-all', required: true, help: 'an app, or all' }] as const,
  sideEffects: true,
  needs: 'backups',
  async run(ctx, a) {
    const backups = ctx.services.backups;
    const all = a.app === 'all';
    const t = ctx.t;
    const what = all ? undefined : a.app;
    const progress = await ctx.progress(t.backingUp(what));
    const done: BackupResult[] = [];
    const lines = new Map<string, string>();
    const render = () =>
      [t.backingUp(what), ...[...lines].map(([app, l]) => `• ${app}: ${l}`), ...(done.length ? [t.backupsFinished(done.length)] : [])].join('\n');
    const reporter = {
      step(text: string, detail?: { app?: string }) {
        lines.set(detail?.app ?? (all ? '…' : a.app), text);
        progress.update(render());
      },
    };
    let results: BackupResult[];
    try {
      results = all
        ? await backups.backupAll(reporter, { onResult: (r) => (done.push(r), lines.set(r.app, r.ok ? `${r.kind} done, ${size(r.bytes)}` : `${r.kind} FAILED`), progress.update(render())) })
        : await backups.backup(a.app, reporter);
    } catch (err) {
      await progress.done({ text: t.backupFailed(what, (err as Error).message), color: 'danger' });
      throw Object.assign(err as object, { shown: true });
    }
    const failed = results.filter((r) => !r.ok).length;
    const flagged = results.some((r) => r.flags.length);
    const head = failed ? t.backupsFailed(failed, results.length) : t.backupsDone(results.length, flagged);
    await progress.done({ text: `${head}\n\n${resultTable(results)}`, color: failed ? 'danger' : flagged ? 'warning' : 'good' });
  },
});
