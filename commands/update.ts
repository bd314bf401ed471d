import path from 'node:path';
import type { Replies } from '../src/i18n/replies.js';
import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'update',
  aliases: ['upgrade'],
  summary: 'move an app to another version, with a backup first and rollback on failure',
  description:
    'Takes a backup of the app and its database, pins the images in use, pulls the new version and swaps the containers behind the health check. If the new version does not come up healthy, the old images and the data from the backup come back. A major jump of the database is refused. --force redoes an update to the same version.',
  examples: ['update nextcloud 29.0.9', 'update wekan'],
  phrases: {
    en: ["upgrade to the latest version", "update to the latest version", "update to the newest version", "upgrade", "update", "bump", "move to version", "update to version", "newer", "move to", "actualize", "bring up to", "up to version", "put in version", "put to version"],
    fr: ["mets a jour", "mettre a jour", "mise a jour", "mets a niveau", "mettre a niveau", "mise a niveau", "maj", "monte de version", "passe en version", "passe a la version", "upgrade", "mets en", "passe en", "porte a la version", "porter a la version", "porte en version", "passer a la version", "actualise", "actualiser", "actualisez"],
  },
  args: [
    { name: 'app', type: 'minion', of: 'summoned', required: true },
    { name: 'version', type: 'word', help: "an image tag; default: the catalog's pinned one" },
  ] as const,
  flags: [{ name: 'force', help: 'update even to the version in use', phrases: ['--force', 'en forçant', 'de force'] }],
  sideEffects: true,
  needs: 'core',
  destructive: true,
  preview,
  async proposal(a, f, services, _m, t) {
    // not summoned, or already on that version: said before a "yes" is asked for
    if (!services.core) return preview(a, f, t);
    const plan = await services.core.planUpdate(a.app, a.version, { force: f.has('force') });
    if (plan.status === 'current') return { nothingToDo: (t) => t.updateCurrent(a.app, plan.version) };
    return t.updatePlan(a.app, plan.to, plan.from);
  },
  async run(ctx, a) {
    const core = ctx.services.core;
    await withSteps(
      ctx,
      ctx.t.updating(a.app, a.version),
      (r) => core.update(a.app, a.version, { force: ctx.flags.has('force') }, r),
      (res) =>
        res.status === 'current' ? ctx.t.updateCurrent(a.app, res.version) : ctx.t.updated(a.app, res.to, res.from, res.ms, res.backup && path.basename(res.backup.file)),
    );
  },
});

// what the confirmation says when the plan cannot be read (no engine service)
function preview(a: { app: string; version?: string | undefined }, _f: ReadonlySet<string>, t: Replies): string {
  return t.updatePlan(a.app, a.version);
}
