import { defineCommand, need, type Services } from './services.js';
import type { CommandContext } from '../src/robot/command.js';
import type { BackupResult } from '../src/core/backup/service.js';
import { resultTable, size } from './backup-render.js';
import { KEEP_STATE_BACKUPS } from '../src/state/backups.js';
import { stepText, type StepDetail } from '../src/robot/steps.js';

export default defineCommand({
  name: 'backup',
  aliases: ['back-up'],
  summary: 'back up an app, or all of them (database dumps and/or cold copies)',
  description:
    "`backup summoner` archives Summoner's own state (its database, the apps' generated secrets, deploy journals, certificates; not the apps' data, which their own backups cover) under `<backupRoot>/summoner/`, checked before it counts. Otherwise: takes what each app's backup policy asks for: a hot dump of its database (made by the database's own tool inside its container, compressed and checksummed, checked before it counts) and/or a cold copy of its folders (the app is stopped meanwhile). `all` works on several apps at once (backup.parallel). Ends with a table: app, kind, size, duration, checksum, result.",
  examples: ['backup nextcloud', 'backup all', 'backup summoner'],
  phrases: {
    en: ["back up", "backup", "take a backup", "make a backup", "snapshot", "save", "dump", "save a copy", "bkp", "create a backup", "make a copy", "take a copy"],
    fr: ["sauvegarde", "sauvegarder", "fais une sauvegarde", "faire une sauvegarde", "sauve", "dump", "cree une sauvegarde", "copie", "fais une copie"],
  },
  args: [{ name: 'app', type: 'backup-subject', of: 'summoned', required: true, help: "an app, all, or summoner (Summoner's own state)" }] as const,
  sideEffects: true,
  async run(ctx, a) {
    if (a.app === 'summoner') return backupSummoner(ctx);
    const backups = need(ctx.services, 'backups');
    const all = a.app === 'all';
    const t = ctx.t;
    const what = all ? undefined : a.app;
    const progress = await ctx.progress(t.backingUp(what));
    const done: BackupResult[] = [];
    const lines = new Map<string, string>();
    const render = () =>
      [t.backingUp(what), ...[...lines].map(([app, l]) => `• ${app}: ${l}`), ...(done.length ? [t.backupsFinished(done.length)] : [])].join('\n');
    const reporter = {
      step(text: string, detail?: StepDetail) {
        lines.set(detail?.app ?? (all ? '…' : a.app), stepText(t, text, detail));
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
    await progress.done({ text: `${head}\n\n${resultTable(results, ctx.t)}`, color: failed ? 'danger' : flagged ? 'warning' : 'good' });
  },
});

/** Summoner's own state: a consistent snapshot, checked, beside the apps' backups. */
async function backupSummoner(ctx: CommandContext<Services>): Promise<string> {
  const state = need(ctx.services, 'state');
  const b = await state.take();
  return (
    `:white_check_mark: Summoner's state backed up: ${b.name} (${b.manifest.files.length} file${b.manifest.files.length === 1 ? '' : 's'}, ${size(b.bytes)}, ${b.ms} ms; schema ${b.manifest.schemaVersion}, checked: every file there, SQLite's integrity check ok). ` +
    `The apps' data, databases and backups are not in it: their own backups cover them.${b.pruned ? ` ${b.pruned} older state backup(s) removed (the newest ${KEEP_STATE_BACKUPS} are kept).` : ''}`
  );
}
