import { defineCommand } from './services.js';
import { backupFacts, mb } from '../src/core/backup/manifest.js';

export default defineCommand({
  name: 'prune',
  summary: 'delete the backups of an app that the retention policy does not keep',
  description:
    'Retention (backup.retention) keeps the newest N backups plus the newest of each recent day, week and month, and never the newest backup that verified. After each backup it prunes by itself, unless that would delete more than the usual share: then it waits for this command.',
  examples: ['prune nextcloud'],
  phrases: {
    en: ["prune", "clean up old backups", "clean out old backups", "clear out old backups", "delete old backups", "remove old backups", "old backups", "clean backups", "purge old backups", "free space", "purge backups", "clean up backups", "prune backups", "delete backups", "remove backups", "retention", "apply retention", "old snapshots", "clean snapshots", "trim backups", "trim", "tidy away", "tidy up backups", "surplus backups", "cleanup", "cleanup backups", "cleanup old backups", "old copies", "clear out old copies"],
    fr: ["nettoie les vieilles sauvegardes", "supprime les vieilles sauvegardes", "vieilles sauvegardes", "anciennes sauvegardes", "fais le menage", "purge les sauvegardes", "purge les backups", "menage dans les sauvegardes", "nettoie les sauvegardes", "supprime les sauvegardes", "purge sauvegardes", "retention", "applique la retention", "vieux snapshots", "vieux backups", "vieilles snapshots", "nettoie snapshots", "fais du tri", "fais le tri", "tri dans les sauvegardes", "elague", "elaguer", "elague les sauvegardes", "elimine les sauvegardes", "elimine les vieilles sauvegardes", "vieilles copies"],
  },
  args: [{ name: 'app', type: 'minion', of: 'summoned', required: true }] as const,
  sideEffects: true,
  needs: 'backups',
  destructive: true,
  preview: (a, _f, t) => t.prunePreview(a.app),
  async proposal(a, _f, services, _m, t) {
    // the files it would delete are named before the "yes"; with none, there is nothing to confirm
    const plan = await services.backups.prunePlan(a.app);
    if (!plan.remove.length) return { nothingToDo: (t) => (plan.keep.length ? t.pruneNothing(a.app) : t.backupsNone(a.app)) };
    const shown = plan.remove.slice(0, 10).map((b) => `\n- ${t.backupDescribed(backupFacts(b))}`).join('');
    const more = plan.remove.length > 10 ? `\n${t.pruneMore(plan.remove.length - 10, a.app)}` : '';
    return `${t.prunePlan(plan.remove.length, a.app, mb(plan.remove.reduce((n, b) => n + b.manifest.bytes, 0)), plan.keep.length)}${shown}${more}`;
  },
  async run(ctx, a) {
    const backups = ctx.services.backups;
    const r = await backups.prune(a.app, { confirmed: true });
    return r.removed.length ? ctx.t.pruned(a.app, r.removed) : ctx.t.pruneNothing(a.app);
  },
});
