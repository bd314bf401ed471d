import { defineCommand } from './services.js';
import { SummonerError } from '../src/errors.js';

export default defineCommand({
  name: 'verify',
  summary: 'prove a backup restores: into a throw-away database, then compare tables, row counts and checksums',
  description:
    "Checks the backup's checksum, restores the dump into a throw-away database with the live one's image and settings (no network, removed afterwards), and compares each table's row count and content checksum with those recorded in the dump's own snapshot. It says which columns a logical dump does not keep exactly (FLOAT). A failed verify is a failed command (exit code, audit, event). The result is kept in the backup's manifest (`backups` shows it; retention never deletes the newest verified backup).",
  examples: ['verify nextcloud', 'verify nextcloud 2026-11-20'],
  phrases: {
    en: ["verify", "check the backup", "test the backup", "verify backup", "is the backup good", "validate backup", "check backup", "backup is good", "backup ok", "backup works", "backup is fine", "backup valid", "backup usable", "backup restorable", "double-check", "double check", "test the dump", "sanity-check", "sanity check"],
    fr: ["verifie", "verifier", "verifie la sauvegarde", "teste la sauvegarde", "controle la sauvegarde", "sauvegarde est bonne", "sauvegarde bonne", "sauvegarde valide", "sauvegarde ok", "sauvegarde intacte", "sauvegarde utilisable", "sauvegarde exploitable", "sauvegarde fiable", "reverifie", "reverifier", "restaurable", "sauvegarde restaurable", "teste le dump", "controle le dump", "controle que le dump"],
  },
  args: [
    { name: 'app', type: 'minion', of: 'summoned', required: true },
    { name: 'when', type: 'when', help: 'latest (default), a date/time prefix, or a file name' },
  ] as const,
  sideEffects: true,
  needs: 'backups',
  async run(ctx, a) {
    const backups = ctx.services.backups;
    const progress = await ctx.progress(`verifying ${a.app}'s backup ${a.when ?? 'latest'}…`);
    const steps: string[] = [];
    try {
      const r = await backups.verify(a.app, a.when, { step: (t) => (steps.push(t), progress.update([`verifying ${a.app}…`, ...steps.slice(-5).map((s) => `• ${s}`)].join('\n'))) });
      if (!r.ok) {
        await progress.done({ text: `:x: ${r.file} does NOT restore as recorded: ${r.detail}`, color: 'danger' });
        const e = new SummonerError('backup.verify_failed', `${r.file} does not restore as recorded: ${r.detail}`);
        e.shown = true;
        throw e;
      }
      await progress.done({ text: `:white_check_mark: ${r.file} restores: ${r.detail} (${(r.ms / 1000).toFixed(1)} s).`, color: 'good' });
    } catch (err) {
      if (err instanceof SummonerError && err.code === 'backup.verify_failed') throw err;
      await progress.done({ text: `:x: verify of ${a.app} failed: ${(err as Error).message}`, color: 'danger' });
      throw Object.assign(err as object, { shown: true });
    }
  },
});
