import { defineCommand, need, type Services } from './services.js';
import type { CommandContext } from '../src/robot/command.js';
import { isSummonerError, SummonerError } from '../src/errors.js';
import { withSteps } from '../src/robot/steps.js';
import { backupFacts, choose, isSafety } from '../src/core/backup/manifest.js';

export default defineCommand({
  name: 'restore',
  summary: "put an app's data back from a backup",
  description:
    "Checks the backup's checksum first (a file that does not match its manifest is refused). A dump is loaded into a fresh database beside the live one (same image and settings, on new folders, no network) and checked against the backup's manifest (tables, row counts, checksums); only then is the app stopped, the fresh data swapped in, and the database and app started behind their health checks. If anything fails before or during the swap, the data before the restore stays (or is put back), and the message says why. The replaced folders are kept until the safety copy of the data from before (taken from them once the app is healthy again, up to the swap itself) is on disk; if it cannot be taken, they stay and the result says where. The app's database becomes exactly the backup: objects created since are gone too. A cold copy's folders are put back with the app stopped, after a safety copy of the current ones. A date picks the backups (never the safety copies) of that day; when several match, the manual one, or you are asked which. --force puts a cold copy back even when no safety copy of the current folders can be taken.",
  examples: ['restore nextcloud', 'restore nextcloud latest', 'restore nextcloud 2026-11-20', 'restore nextcloud nextcloud-20261120T101500Z-dump.sql.zst', 'restore summoner 2026-11-20'],
  phrases: {
    en: ["restore", "bring back data", "recover", "roll data back", "restore from backup", "restore backup", "put back", "roll back to backup", "back to the backup", "revert to backup", "restore data", "pop back"],
    fr: ["restaure", "restaurer", "restauration", "recupere les donnees", "remets la sauvegarde", "restaure la sauvegarde", "remets les donnees", "remettre les donnees", "restaurer les donnees", "ramene", "remets", "ramene la sauvegarde", "remonte la sauvegarde", "reviens a la sauvegarde", "retourne a la sauvegarde", "retour a la sauvegarde", "redevienne comme", "redevenir comme"],
  },
  args: [
    { name: 'app', type: 'minion-or-summoner', of: 'summoned', required: true, help: "an app, or summoner (Summoner's own state, from `backup summoner`)" },
    { name: 'when', type: 'when', help: 'latest (default), a date/time prefix such as 2026-11-20 or 2026-11-20T10:15, or a file name from `backups` (safety copies only by file name)' },
  ] as const,
  flags: [
    { name: 'force', help: 'put a cold copy back even when no safety backup of the current folders can be taken', phrases: ['forcer', 'even without a safety backup', 'meme sans copie de securite'] },
    { name: 'definers-to-app', help: "MariaDB/MySQL whose root password Summoner does not know: views, triggers, routines and events of another DEFINER are restored with the app's user as their DEFINER (said in the result)" },
  ],
  sideEffects: true,
  destructive: true,
  preview: (a, _f, t) => (a.app === 'summoner' ? t.restoreSummonerPlan(a.when ?? 'latest') : t.restorePlan(a.app, a.when ?? 'latest')),
  async proposal(a, flags, services, _m, t) {
    // What can fail is checked before asking: a "yes" must not be asked for a restore that cannot run.
    if (a.app === 'summoner') {
      const b = await need(services, 'state').choose(a.when);
      return t.restoreSummonerPlan(b.name, { at: b.manifest.createdAt.slice(0, 19).replace('T', ' '), version: b.manifest.summonerVersion });
    }
    const backups = need(services, 'backups');
    if (services.core) {
      const summoned = (await services.core.status()).map((s) => s.app);
      if (!summoned.includes(a.app)) {
        throw new SummonerError('minion.not_summoned', `${a.app} is not summoned here: there is nothing to restore into`, {
          hint: summoned.length ? `summoned here: ${summoned.join(', ')}` : `nothing is summoned yet (\`summon ${a.app}\` first)`,
        });
      }
    }
    // several backups of that day (a cold copy and a dump of one run, two manual ones): which one, saying what each puts back
    const candidates = choose(await backups.list(a.app), a.when).ambiguous;
    if (candidates?.length) {
      const items = candidates.map((x) => ({ described: t.backupDescribed(backupFacts(x)), putsBack: t.backupPutsBack(backupFacts(x), a.app) }));
      return { ask: { text: t.restoreWhich(candidates.length, a.app, a.when ?? 'latest', items), options: candidates.map((x) => x.manifest.file), template: `restore ${a.app} {}${[...flags].map((f) => ` --${f}`).join('')}` } };
    }
    const b = await backups.choose(a.app, a.when).catch(async (e: unknown) => {
      if (!isSummonerError(e) || e.code !== 'backup.none') throw e;
      // say what exists instead: the days that have a backup
      const days = [...new Set((await backups.list(a.app)).filter((x) => !isSafety(x.manifest)).map((x) => x.manifest.createdAt.slice(0, 10)))].reverse();
      throw new SummonerError('backup.none', a.when && days.length ? `no backup of ${a.app} matches ${a.when}` : e.message, {
        hint: days.length ? `${a.app} has backups from: ${days.slice(0, 10).join(', ')}${days.length > 10 ? ` (and ${days.length - 10} older; \`backups ${a.app}\`)` : ''}` : `\`backup ${a.app}\` takes one`,
      });
    });
    return t.restorePlan(a.app, t.backupDescribed(backupFacts(b)), true, b.manifest.kind === 'cold');
  },
  async run(ctx, a) {
    if (a.app === 'summoner') return restoreSummoner(ctx, a.when);
    const backups = need(ctx.services, 'backups');
    await withSteps(
      ctx,
      ctx.t.restoring(a.app, a.when),
      (r) => backups.restore(a.app, a.when, r, { force: ctx.flags.has('force'), definersToApp: ctx.flags.has('definers-to-app') }),
      (res) =>
        ctx.t.restored(a.app, res.file, res.ms, res.downtimeMs) +
        `${res.checked ? `\n${ctx.t.restoreChecked(res.checked)}` : ''}` +
        `${res.notes.length ? `\n${res.notes.map((n) => ctx.t.restoreNote(n)).join('\n')}` : ''}` +
        `${res.safety ? `\n${ctx.t.restoreSafety(a.app, res.safety)}` : ''}`,
    );
  },
});

/**
 * Summoner's own state cannot be swapped under the running bot: the snapshot is checked, a marker left, and the
 * bot stops; it puts the snapshot back before its store opens again and says so in ops.
 */
async function restoreSummoner(ctx: CommandContext<Services>, when: string | undefined): Promise<string | undefined> {
  const state = need(ctx.services, 'state');
  const b = await state.choose(when);
  await state.schedule(b, ctx.user.name ?? ctx.user.id);
  const how = `Summoner puts back ${b.name} (taken ${b.manifest.createdAt.slice(0, 19).replace('T', ' ')} UTC)`;
  await ctx.reply(`:arrows_counterclockwise: ${how}: it stops now and starts again on it; what it holds now is kept beside it. It says so here once it is back.`);
  if (!state.restart('restore summoner')) {
    // no restart here (a one-shot command without a running bot): the next start puts it back
    return `Nothing restarts this process: the backup is put back when Summoner next starts (\`summoner\`).`;
  }
  return undefined;
}
