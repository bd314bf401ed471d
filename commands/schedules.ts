import { defineCommand } from './services.js';
import { SummonerError, isErrorCode } from '../src/errors.js';
import { escapeMarkdown } from '../src/robot/markdown.js';
import type { Replies } from '../src/i18n/replies.js';
import type { JobView } from '../src/schedule/scheduler.js';

const when = (ms: number | undefined) => (ms === undefined ? '—' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`);

function line(j: JobView, t: Replies): string {
  const last = j.lastRunAt === undefined ? t.jobNeverRun() : t.jobLast(when(j.lastRunAt), j.lastOk ? 'ok' : `:x: ${j.lastResult ?? t.jobFailed()}`);
  const state = j.paused ? t.jobPaused() : j.running ? t.jobRunning() : t.jobNext(when(j.nextRun));
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const cmd = j.origin === 'builtin' ? t.jobBuiltIn() : `${code(j.command)}${j.destructive ? t.jobDestructive() : ''}`;
  return `| ${j.name} | ${code(j.cron)}${j.tz ? ` ${escapeMarkdown(j.tz)}` : ''} | ${cmd} | ${j.channel ? `~${escapeMarkdown(j.channel)}` : 'ops'} | ${j.origin} | ${last} | ${state} |`;
}

export const schedules = defineCommand({
  name: 'schedules',
  summary: 'list the scheduled jobs, their last result and next run',
  description: 'Every job (from summoner.yml, added from chat, or built in), its cron time, command, channel, last run and result, and next run.',
  examples: ['schedules'],
  phrases: {
    en: ["schedules", "scheduled jobs", "cron jobs", "what is scheduled", "planned jobs", "timers", "planned", "list schedules", "show schedules", "nightly backups", "automatic backups", "when do backups run", "automatically", "runs automatically", "what runs at night", "crontab", "next backup", "scheduled backups", "backups scheduled", "scheduled to run", "planned to run", "next run", "when is next run", "set to run", "what time does job run", "job kick off", "what time backup job", "backup job run"],
    fr: ["planifications", "taches planifiees", "planning", "crons", "qu'est-ce qui est planifie", "programme", "taches programmees", "sauvegardes automatiques", "sauvegardes planifiees", "automatiquement", "tourne automatiquement", "quelles taches", "prevu", "qu'est-ce qui est prevu", "crontab", "prochaine sauvegarde", "sauvegardes programmees", "sauvegardes prevues", "tache de nuit", "quelle heure tourne", "quelle heure passent sauvegardes", "quand prochaine sauvegarde", "quelque chose de planifie", "planifie", 'prochain passage', 'prochaine execution'],
  },
  args: [] as const,
  sideEffects: false,
  needs: 'scheduler',
  async run(ctx) {
    const jobs = ctx.services.scheduler.list();
    if (jobs.length === 0) return ctx.t.schedulesNone();
    return [ctx.t.schedulesHead(), '|---|---|---|---|---|---|---|', ...jobs.map((j) => line(j, ctx.t))].join('\n');
  },
});

export const scheduleCmd = defineCommand({
  name: 'schedule',
  summary: 'add, pause, resume or remove a scheduled job',
  description:
    '`schedule add <name> "<cron>" <command…>` runs the command at those times (cron: minute hour day month weekday, in the bot host\'s time zone), ' +
    'answering in this channel. `schedule pause|resume|remove <name>`. Changes survive restarts; jobs from summoner.yml can be paused, not removed.',
  examples: [
    'schedule add nightly "0 3 * * *" backup all',
    'schedule add nightly-purge "0 3 * * *" --destructive dismiss old --purge',
    'schedule pause nightly',
    'schedule resume nightly',
    'schedule remove nightly',
  ],
  forms: [
    {
      args: { action: 'add' },
      needs: ['cron', 'command'],
      phrases: { en: ['add schedule', 'add a job', 'new schedule', 'add scheduled job', 'create schedule', 'create job'], fr: ['ajoute tâche', 'ajoute planification', 'nouvelle tâche', 'crée tâche', 'ajoute job', 'crée planification', 'nouvelle planification'] },
    },
    {
      args: { action: 'pause' },
      phrases: { en: ['pause', 'pause job', 'pause schedule', 'pause task', 'suspend job', 'suspend schedule', 'disable job', 'disable schedule', 'put job on hold', 'put job on pause', 'hold job', 'hold schedule', 'stop job', 'stop schedule'], fr: ['mets en pause', 'arrête job', 'arrête tâche', 'suspens planif', 'suspends planif', 'suspends job', 'pause tâche', 'suspends tâche', 'suspendre tâche', 'mettre en pause', 'désactive tâche', 'désactive planification', 'mets en pause planification'] },
    },
    {
      args: { action: 'resume' },
      phrases: { en: ['resume job', 'resume schedule', 'resume task', 'unpause', 'remove the pause', 'lift the pause', 'end the pause', 'take off pause', 'reenable job', 'enable job', 'enable schedule', 'reactivate job', 'reactivate schedule', 'reactivate task', 'start job again', 'start schedule again', 'turn job back on'], fr: ['relance job', 'relance planif', 'remets en route tâche', 'remets en route job', 'réactive', 'sors de pause', 'sors tâche de pause', 'sors job de pause', 'reprends job', 'reprends tâche', 'réactive tâche', 'relance tâche', 'relance la tâche planifiée', 'rallume tâche', 'rallume planification', 'reprends planification', 'réactive planification', 'relance planification', 'reprends', 'reprendre', 'enlève la pause', 'retire la pause', 'lève la pause', 'enlever la pause'] },
    },
    // ("resume nightly-wp, we're on the new box": the bare verb, only before a job's name; « un résumé » is the report's)
    { args: { action: 'resume' }, needs: ['name'], phrases: { en: ['resume'], fr: [] } },
    {
      args: { action: 'remove' },
      phrases: { en: ['remove schedule', 'delete schedule', 'remove job', 'delete job', 'drop schedule', 'drop job', 'cancel job', 'cancel schedule', 'unschedule', 'remove scheduled job', 'get rid of job', 'get rid of scheduled job', 'get rid of schedule', 'erase schedule', 'erase job', 'kill job', 'kill schedule'], fr: ['vire planif', 'vire job', 'vire tâche', 'efface job', 'enlève job', 'supprime planif', 'supprime tâche', 'supprime planification', 'enlève tâche', 'retire tâche', 'annule tâche', 'annule planification', 'supprime job', 'enlève planification', 'efface tâche', 'efface planification'] },
    },
  ],
  args: [
    { name: 'action', type: 'word', required: true, values: ['add', 'pause', 'resume', 'remove'], help: 'add, pause, resume or remove' },
    { name: 'name', type: 'word', required: true, meaning: 'name', cues: ['schedule', 'job', 'task', 'cron', 'tache', 'planification', 'called', 'named', 'nommee', 'appelee'] },
    { name: 'cron', type: 'string', meaning: 'cron', help: 'quoted cron expression (add)', after: { action: 'add' } },
    { name: 'command', type: 'string', rest: true, meaning: 'line', help: 'the command to run (add)', after: { action: 'add' } },
  ] as const,
  flags: [{ name: 'destructive', help: 'the job runs a destructive command (dismiss, update, restore, rollback, prune): admins only, confirmed' }],
  sideEffects: true,
  needs: 'scheduler',
  // Declaring a destructive job is itself confirmed: every later run acts without asking.
  confirmWhen: (a, flags) => a.action === 'add' && flags.has('destructive'),
  preview: (a) =>
    `adds job ${a.name} running \`${(a.command ?? '').replace(/`/g, "'")}\` at \`${(a.cron ?? '').replace(/`/g, "'")}\`, and every run does it without asking`,
  async run(ctx, a) {
    const s = ctx.services.scheduler;
    const wrap = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof Error && 'code' in e && isErrorCode(e.code)) throw new SummonerError(e.code, e.message);
        throw e;
      }
    };
    switch (a.action) {
      case 'add': {
        if (!a.cron || !a.command) throw new SummonerError('command.invalid_args', 'say `schedule add <name> "<cron>" <command…>`', { hint: 'e.g. schedule add nightly "0 3 * * *" backup all' });
        // a cron cut short (`schedule add x 0 3 backup all`) would otherwise be told as a command `3` that does not exist
        if (!a.cron.startsWith('@') && a.cron.trim().split(/\s+/).length < 5) {
          throw new SummonerError('schedule.bad_cron', `"${a.cron}" is not a cron expression: it takes 5 fields (minute hour day month weekday)`, { hint: 'e.g. schedule add nightly "0 3 * * *" backup all' });
        }
        // What the job may run is checked now (and again at every run, as schedule:<name> on behalf of its author).
        const v = ctx.robot.vet(a.command);
        if (!v.ok) throw new SummonerError('schedule.bad_command', `the job's command cannot run: ${v.message}`, { hint: 'write it exactly as you would type it to me' });
        if (!ctx.robot.canRun(ctx.user, v.command)) {
          throw new SummonerError('command.denied', `you may not run \`${v.command.name}\`, so a job of yours may not either`, { hint: `it is for ${ctx.robot.whoCanRun(v.command)}` });
        }
        const declared = ctx.flags.has('destructive');
        if (v.destructive && !declared) {
          throw new SummonerError('schedule.destructive_undeclared', `\`${v.command.name}\` is destructive: a job that runs it must be declared`, {
            hint: `an admin says \`schedule add ${a.name} "${a.cron}" --destructive ${a.command}\` and confirms it`,
          });
        }
        if (declared && !ctx.user.isAdmin) throw new SummonerError('command.denied', 'only admins declare a destructive job');
        const j = wrap(() =>
          s.add({ name: a.name, cron: a.cron!, command: a.command!, channel: ctx.message.channelId, by: ctx.user.id, verb: v.command.name, destructive: declared && v.destructive }),
        );
        return ctx.t.jobAdded(j.name, j.command.replace(/`/g, "'"), j.cron, j.destructive === true, when(j.nextRun));
      }
      case 'pause':
      case 'resume': {
        const j = wrap(() => s.setPaused(a.name, a.action === 'pause'));
        return j.paused ? ctx.t.jobPausedNow(j.name) : ctx.t.jobResumed(j.name, when(j.nextRun));
      }
      case 'remove':
        wrap(() => s.remove(a.name));
        return ctx.t.jobRemoved(a.name);
      default:
        throw new SummonerError('command.invalid_args', `unknown action ${a.action}`, { hint: 'add, pause, resume or remove' });
    }
  },
});
