import path from 'node:path';
import type { Replies } from '../src/i18n/replies.js';
import { defineCommand } from './services.js';
import { withSteps } from '../src/robot/steps.js';

export default defineCommand({
  name: 'dismiss',
  aliases: ['remove', 'undeploy'],
  summary: 'stop and remove an app (its data is kept unless --purge)',
  description:
    'Stops and removes the app and database containers of an app and its private network. Its data and passwords stay, so `summon` brings it back as it was. With --purge, a final backup is taken first and then the data is deleted for good; without a backup nothing is deleted.',
  examples: ['dismiss ghost', 'dismiss ghost --purge'],
  phrases: {
    en: ["take down", "tear down", "shut down", "remove", "uninstall", "undeploy", "get rid of", "kill", "delete", "decommission", "stop", "nuke", "spin down", "shut off", "take offline", "erase", "turn off", "switch off", "power off"],
    fr: ["supprime", "supprimer", "enleve", "enlever", "retire", "retirer", "desinstalle", "arrete", "arreter", "vire", "demonte", "hors ligne", "mets hors ligne", "debarrasse", "debarrasse-toi", "efface", "effacer", "eteins", "eteindre", "coupe", "couper"],
  },
  args: [{ name: 'app', type: 'minion', of: 'summoned', required: true, help: 'a summoned app' }] as const,
  flags: [{ name: 'purge', help: 'also delete its data, after a final backup', phrases: ['and its data', 'with its data', 'with its volumes', 'together with its volumes', 'and its volumes', 'et ses volumes', 'avec ses volumes', 'delete its data', 'data too', 'for good', 'wipe', 'avec ses donnees', 'et ses donnees', 'efface les donnees', 'purger', 'definitivement', 'wipe everything', 'everything it stored', 'efface tout', 'tout ce qu il stockait', 'tout ce qu il contient', 'et tout son contenu', 'including the data', 'including its data', 'including all data', 'including data', 'donnees comprises', 'y compris les donnees', 'y compris ses donnees', 'ainsi que ses donnees', 'suppression de ses donnees', 'suppression des donnees', 'ensemble de ses donnees', 'together with its data', 'with all the data', 'with all its data', 'all its data', 'avec toutes les donnees', 'et toutes les donnees', 'et toutes ses donnees', 'data and all', 'delete the data', 'delete all the data', 'erase the data', 'erase its data', 'wipe the data', 'wipe its data', 'supprime les donnees', 'efface ses donnees', 'delete everything', 'erase everything', 'remove everything'] }],
  sideEffects: true,
  needs: 'core',
  destructive: true,
  preview,
  async proposal(a, f, services, _m, t) {
    // an app with nothing to dismiss (never summoned, a typo, already dismissed) is said before a "yes" is asked for
    await services.core?.checkDismiss(a.app, { purge: f.has('purge') });
    return preview(a, f, t);
  },
  async run(ctx, a) {
    const core = ctx.services.core;
    const purge = ctx.flags.has('purge');
    await withSteps(
      ctx,
      ctx.t.dismissing(a.app, purge),
      (r) => core.dismiss(a.app, { purge }, r),
      (res) => ctx.t.dismissed(a.app, res.removed, !!res.purged, res.backup && path.basename(res.backup.file)),
    );
  },
});

function preview(a: { app: string }, f: ReadonlySet<string>, t: Replies): string {
  return t.dismissPlan(a.app, f.has('purge'));
}
