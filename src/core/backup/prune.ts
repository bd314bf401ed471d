// Retention applied: what would go (each kind keeps its own history, safety copies by their own rule) and the
// removal itself, held for a confirmation when it is larger than usual.
import fs from 'node:fs/promises';
import { isSafety, manifestPath } from './manifest.js';
import { planRetention } from './retention.js';
import type { BackupContext } from './context.js';
import type { BackupSet } from './backups.js';

export type Prune = ReturnType<typeof createPrune>;

export function createPrune(ctx: BackupContext, { list }: Pick<BackupSet, 'list'>) {
  const { config, log, now } = ctx;

  async function prunePlan(app: string) {
    const items = (await list(app)).map((b) => ({ ...b, id: b.manifest.file, at: new Date(b.manifest.createdAt), verified: b.manifest.verified?.ok === true }));
    // each kind keeps its own history: a cold copy never counts for the dumps, and safety copies count for
    // nothing: they go by their own rule (kept `safetyDays`), never in place of a backup
    const regular = items.filter((i) => !isSafety(i.manifest));
    const plans = (['dump', 'cold'] as const).map((k) => planRetention(regular.filter((i) => i.manifest.kind === k), config.backup.retention));
    const cutoff = now().getTime() - config.backup.retention.safetyDays * 86_400_000;
    const safety = items.filter((i) => isSafety(i.manifest));
    return {
      keep: [...plans.flatMap((p) => p.keep), ...safety.filter((i) => i.at.getTime() >= cutoff).map((item) => ({ item, reasons: [`safety copy, kept ${config.backup.retention.safetyDays} days`] }))],
      remove: [...plans.flatMap((p) => p.remove), ...safety.filter((i) => i.at.getTime() < cutoff)],
      needsConfirmation: plans.some((p) => p.needsConfirmation),
    };
  }

  async function prune(app: string, opts: { confirmed: boolean }): Promise<{ removed: string[]; held: number }> {
    const plan = await prunePlan(app);
    if (plan.needsConfirmation && !opts.confirmed) return { removed: [], held: plan.remove.length };
    const removed: string[] = [];
    for (const b of plan.remove) {
      await fs.rm(manifestPath(b.path), { force: true });
      await fs.rm(b.path, { force: true });
      removed.push(b.manifest.file);
    }
    if (removed.length) log.info({ app, removed }, 'pruned');
    return { removed, held: 0 };
  }

  return { prunePlan, prune };
}
