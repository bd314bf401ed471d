import { defineCommand } from './services.js';

export default defineCommand({
  name: 'prune',
  summary: 'delete the backups of an app that the retention policy does not keep',
  description:
    'Retention (backup.retention) keeps the newest N backups plus the newest of each recent day, week and month, and never the newest backup that verified. After each backup it prunes by itself, unless that would delete more than the usual share: then it waits for this command.',
  examples: ['prune nextcloud'],
  phrases: {
    en: ["prune", "clean up old backups", "delete old backups", "remove old backups", "old backups", "clean backups", "purge old backups", "free space", "purge backups", "clean up backups", "prune backups", "delete backups", "remove backups", "retention", "apply retention", "old snapshots", "clean snapshots", "trim backups", "trim", "tidy away", "tidy up backups", "surplus backups"],
    fr: ["nettoie les vieilles sauvegardes", "supprime les vieilles sauvegardes", "vieilles sauvegardes", "anciennes sauvegardes", "fais le menage", "purge les sauvegardes", "purge les backups", "menage dans les sauvegardes", "nettoie les sauvegardes", "supprime les sauvegardes", "purge sauvegardes", "retention", "applique la retention", "vieux snapshots", "vieux backups", "vieilles snapshots", "nettoie snapshots", "fais du tri", "fais le tri", "tri dans les sauvegardes", "elague", "elaguer", "elague les sauvegardes"],
  },
  args: [{ name: 'app', type: 'minion', required: true }] as const,
  sideEffects: true,
  needs: 'backups',
  destructive: true,
  preview: (a) => `delete the backups of ${a.app} that the retention policy does not keep (\`backups ${a.app}\` lists them first)`,
  async run(ctx, a) {
    const backups = ctx.services.backups;
    const r = await backups.prune(a.app, { confirmed: true });
    return r.removed.length ? ctx.t.pruned(a.app, r.removed) : ctx.t.pruneNothing(a.app);
  },
});
