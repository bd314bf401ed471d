import path from 'node:path';
import type { Replies } from '../src/i18n/replies.js';
import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'rollback',
  summary: 'undo the last update: the old images and the data from before it',
  description: 'Puts back the images pinned by the last update and the data from the backup taken just before it. Data written since the update is replaced (a safety backup is taken first).',
  examples: ['rollback nextcloud'],
  phrases: {
    en: ["roll back", "rollback", "revert", "undo the update", "revert the update", "go back", "downgrade", "previous version", "undo upgrade", "version before", "old version", "earlier version", "prior version", "rollout undo"],
    fr: ["reviens", "revenir", "retour arriere", "annule la mise a jour", "version precedente", "retablis", "ancienne version", "version d'avant", "version anterieure", "annule l'upgrade", "annule la maj", "reviens en arriere", "rollout undo"],
  },
  args: [{ name: 'app', type: 'minion', of: 'summoned', required: true }] as const,
  sideEffects: true,
  needs: 'core',
  destructive: true,
  preview,
  async proposal(a, f, services, _m, t) {
    // not summoned, or never updated: said before a "yes" is asked for
    if (!services.core) return preview(a, f, t);
    const plan = await services.core.planRollback(a.app);
    return t.rollbackPlan(a.app, { from: plan.from, to: plan.to, ...(plan.backup ? { backup: plan.backup } : {}) });
  },
  async run(ctx, a) {
    const core = ctx.services.core;
    await withSteps(
      ctx,
      ctx.t.rollingBack(a.app),
      (r) => core.rollback(a.app, r),
      (res) => ctx.t.rolledBack(a.app, res.to, res.from, res.ms, res.restoredFrom && path.basename(res.restoredFrom)),
    );
  },
});

// what the confirmation says when the plan cannot be read (no engine service)
function preview(a: { app: string }, _f: ReadonlySet<string>, t: Replies): string {
  return t.rollbackPlan(a.app);
}
