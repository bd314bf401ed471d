// The scheduler, on node-schedule: jobs from the config, from chat (persisted) and built in by other modules.
// A job runs its command through the robot like a chat command (audited, requester `schedule:<name>`, its
// answer posted in the job's channel). Like systemd's persistent timers, a run missed while the bot was down
// runs once at start. A run is keyed by its due time, so it never runs twice, even across a crash.
import { createRequire } from 'node:module';
import type schedule from 'node-schedule';
import type { Logger } from 'pino';
import type { EventBus } from '../core/events.js';
import type { Store } from '../robot/store.js';
import { SummonerError } from '../errors.js';
import type { ChatPort, SystemInvocation, SystemOutcome } from '../robot/types.js';
import { cronProblem, cronShapeProblem, JOB_NAME, nextDue, previousDue, type ScheduleConfig } from './config.js';
import { openScheduleStore, type JobRow, type ScheduleStore } from './store.js';

export interface BuiltinJob {
  name: string;
  cron: string;
  tz?: string;
  /** Where its result goes; without one, only failures are posted (to the ops channel). */
  channel?: string;
  /** Returns the result line; throws on failure. */
  run(): Promise<string | void>;
}

export interface JobView extends JobRow {
  nextRun?: number;
  running: boolean;
}

export interface Scheduler {
  /** Reconciles the config's jobs, catches up missed runs (once) and arms every timer. */
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): JobView[];
  /**
   * Adds (or replaces) a chat job. The caller (the `schedule` command) has checked the command against its
   * author's permissions; `verb` is the command it runs and `destructive` the admin's confirmed declaration.
   */
  add(j: { name: string; cron: string; tz?: string; command: string; channel: string; by: string; verb: string; destructive: boolean }): JobView;
  setPaused(name: string, paused: boolean): JobView;
  remove(name: string): void;
  addBuiltin(job: BuiltinJob): void;
  failuresSince(at: number): { job: string; at: number; error: string }[];
}

/** A refused job change: a SummonerError with a schedule.* code (the one error class). */
export class ScheduleError extends SummonerError<'schedule.unknown' | 'schedule.bad_name' | 'schedule.bad_cron' | 'schedule.taken' | 'schedule.not_removable'> {}

export interface SchedulerOptions {
  jobs: readonly ScheduleConfig[];
  store: Store;
  /** The robot's door for system principals: each run acts as `schedule:<name>` on behalf of its author. */
  robot: { invokeAsSystem(inv: SystemInvocation): Promise<SystemOutcome> };
  chat?: ChatPort;
  opsChannel: string;
  events?: EventBus;
  log: Logger;
  now?: () => number;
  /** Told of every finished run (metrics). */
  onFinished?: (job: string, ok: boolean, durationMs: number) => void;
}

const require = createRequire(import.meta.url);
/** node-schedule, required when the first timer is armed (after ready): the start does not load it. */
const nodeSchedule = (): typeof schedule => require('node-schedule') as typeof schedule;

export function createScheduler(o: SchedulerOptions): Scheduler {
  const now = o.now ?? Date.now;
  const db: ScheduleStore = openScheduleStore(o.store.sqlite, now);
  const timers = new Map<string, schedule.Job>();
  const builtins = new Map<string, BuiltinJob>();
  const running = new Map<string, Promise<void>>();
  let started = false;
  let stopped = false;

  async function runCommand(job: JobRow, dueAt: number): Promise<{ ok: boolean; result: string }> {
    const row = await o.robot.invokeAsSystem({
      id: `schedule:${job.name}:${dueAt}`,
      principal: { kind: 'schedule', name: job.name, ...(job.addedBy ? { onBehalfOf: job.addedBy } : {}) },
      text: job.command,
      channel: job.channel ?? o.opsChannel,
      ...(job.verb ? { command: job.verb } : {}),
      destructive: job.destructive,
    });
    if (row.outcome === 'not_taken') return { ok: false, result: 'the robot did not take the command (shutting down?)' };
    await refusedOnce(job, row);
    return { ok: row.outcome === 'ok', result: row.outcome === 'ok' ? 'ok' : `${row.outcome}${row.code ? ` (${row.code})` : ''}` };
  }

  /** A job refused because its author may no longer run it is announced once in ops (not at every run). */
  async function refusedOnce(job: JobRow, row: SystemOutcome): Promise<void> {
    const key = `schedule.refused.${job.name}`;
    if (row.outcome !== 'denied') {
      if (row.outcome === 'ok' && o.store.kv.get(key)) o.store.kv.set(key, '');
      return;
    }
    if (o.store.kv.get(key) === row.code) return;
    o.store.kv.set(key, row.code ?? 'denied');
    const text =
      row.code === 'principal.author_not_allowed'
        ? `:no_entry: Scheduled job **${job.name}** was refused: its author (${job.addedBy ?? 'unknown'}) may no longer run \`${job.command.replace(/`/g, "'")}\`. ` +
          `It stays refused until an admin adds it again (\`schedule add ${job.name} …\`) or removes it (\`schedule remove ${job.name}\`). Ref #${row.auditId ?? '?'}.`
        : `:no_entry: Scheduled job **${job.name}** was refused (${row.code ?? 'denied'}); ref #${row.auditId ?? '?'}. Later refusals are not announced again.`;
    await o.chat?.send(o.opsChannel, { text, color: 'danger' }).catch((err: unknown) => o.log.warn({ err, job: job.name }, 'could not announce a refused job'));
  }

  async function runBuiltin(b: BuiltinJob, dueAt: number): Promise<{ ok: boolean; result: string }> {
    const principal = `schedule:${b.name}`;
    const auditId = o.store.startAudit({ userId: principal, userName: principal, channelId: b.channel ?? o.opsChannel, source: 'schedule', messageId: `schedule:${b.name}:${dueAt}`, text: `(built-in job) ${b.name}` });
    const t0 = now();
    try {
      const out = (await b.run()) ?? 'done';
      o.store.finishAudit(auditId, { command: b.name, outcome: 'ok', durationMs: now() - t0 });
      if (b.channel && o.chat) await o.chat.send(b.channel, { text: out }).catch((err: unknown) => o.log.warn({ err, job: b.name }, 'could not post a job result'));
      return { ok: true, result: out.split('\n')[0]!.slice(0, 200) };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      o.store.finishAudit(auditId, { command: b.name, outcome: 'error', code: (err as { code?: string }).code ?? 'internal', durationMs: now() - t0 });
      return { ok: false, result: msg };
    }
  }

  function fire(name: string, dueAt: number, catchUp: boolean): Promise<void> {
    const prev = running.get(name);
    if (prev) {
      o.log.warn({ job: name }, 'scheduled job still running at its next time; this run is skipped');
      return prev;
    }
    const job = db.get(name);
    if (!job || (job.paused && !catchUp) || stopped) return Promise.resolve();
    const p = (async () => {
      const t0 = now();
      db.started(name, dueAt, t0);
      const b = builtins.get(name);
      const r = b ? await runBuiltin(b, dueAt) : await runCommand(job, dueAt);
      db.finished(name, r.ok, r.result, now());
      o.onFinished?.(name, r.ok, now() - t0);
      o.log.info({ job: name, ok: r.ok, result: r.result, catchUp }, 'scheduled job ran');
      if (!r.ok) o.events?.emit({ type: 'job.failed', job: name, error: r.result });
    })()
      .catch((err: unknown) => o.log.error({ err, job: name }, 'scheduled job failed to run'))
      .finally(() => running.delete(name));
    running.set(name, p);
    return p;
  }

  function arm(job: JobRow): void {
    timers.get(job.name)?.cancel();
    timers.delete(job.name);
    if (job.paused || stopped) return;
    const t = nodeSchedule().scheduleJob({ rule: job.cron, ...(job.tz ? { tz: job.tz } : {}) }, (fireDate: Date) => {
      void fire(job.name, fireDate.getTime(), false);
    });
    if (t) timers.set(job.name, t);
  }

  /** A run due while the bot was down, not run since (nor before the job existed): run it once now. */
  function catchUp(job: JobRow): Promise<void> | undefined {
    if (job.paused) return undefined;
    const due = previousDue(job.cron, job.tz, now());
    if (due === undefined) return undefined;
    const ref = Math.max(job.lastDueAt ?? 0, job.createdAt);
    if (due <= ref) return undefined;
    o.log.info({ job: job.name, due: new Date(due).toISOString() }, 'catching up a run missed while the bot was down');
    return fire(job.name, due, true);
  }

  const view = (j: JobRow): JobView => {
    const next = j.paused ? undefined : (timers.get(j.name)?.nextInvocation()?.getTime() ?? nextDue(j.cron, j.tz, now()));
    return { ...j, ...(next !== undefined ? { nextRun: next } : {}), running: running.has(j.name) };
  };
  const must = (name: string): JobRow => {
    const j = db.get(name);
    if (!j) throw new ScheduleError('schedule.unknown', `no job named ${name}`);
    return j;
  };

  return {
    async start() {
      const names = new Set(o.jobs.map((j) => j.name));
      for (const j of o.jobs) db.upsert({ name: j.name, cron: j.cron, tz: j.tz, command: j.command, channel: j.channel, destructive: j.destructive, origin: 'config' });
      for (const j of db.all()) if (j.origin === 'config' && !names.has(j.name)) db.remove(j.name);
      for (const b of builtins.values()) db.upsert({ name: b.name, origin: 'builtin', cron: b.cron, tz: b.tz, command: '(built-in)', channel: b.channel });
      for (const j of db.all()) if (j.origin === 'builtin' && !builtins.has(j.name)) db.remove(j.name);
      // The cron work below (cron-parser, and luxon's first use of Intl) costs ~0.2 s of CPU: it waits for the
      // next turn of the event loop, so the bot's prompt or chat connection (ready) does not wait for it.
      await new Promise<void>((r) => setImmediate(r));
      if (stopped) return;
      for (const b of [...builtins.values()]) {
        const problem = cronProblem(b.cron, b.tz);
        if (!problem) continue;
        builtins.delete(b.name);
        db.remove(b.name);
        o.log.error({ job: b.name, problem }, 'a built-in job has a cron expression that cannot run: it is not scheduled');
      }
      // one registered during that turn is stored now (addBuiltin stores only once started)
      for (const b of builtins.values()) if (!db.get(b.name)) db.upsert({ name: b.name, origin: 'builtin', cron: b.cron, tz: b.tz, command: '(built-in)', channel: b.channel });
      started = true;
      const catching: Promise<void>[] = [];
      for (const j of db.all()) {
        arm(j);
        const c = catchUp(j);
        if (c) catching.push(c);
      }
      await Promise.all(catching);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
    list: () => db.all().map(view),
    add(j) {
      if (!JOB_NAME.test(j.name)) throw new ScheduleError('schedule.bad_name', `"${j.name}" is not a job name: use a lower-case word`);
      const problem = cronProblem(j.cron, j.tz);
      if (problem) throw new ScheduleError('schedule.bad_cron', problem);
      const existing = db.get(j.name);
      if (existing && existing.origin !== 'chat') throw new ScheduleError('schedule.taken', `${j.name} is ${existing.origin === 'config' ? 'declared in summoner.yml' : 'a built-in job'}; pick another name`);
      db.upsert({ name: j.name, origin: 'chat', cron: j.cron, tz: j.tz, command: j.command, channel: j.channel, addedBy: j.by, verb: j.verb, destructive: j.destructive });
      o.store.kv.set(`schedule.refused.${j.name}`, '');
      const row = must(j.name);
      if (started) arm(row);
      return view(row);
    },
    setPaused(name, paused) {
      must(name);
      db.setPaused(name, paused);
      const row = must(name);
      if (started) arm(row);
      return view(row);
    },
    remove(name) {
      const j = must(name);
      if (j.origin !== 'chat') throw new ScheduleError('schedule.not_removable', `${name} is ${j.origin === 'config' ? 'declared in summoner.yml: remove it there, or pause it' : 'built in: pause it instead'}`);
      timers.get(name)?.cancel();
      timers.delete(name);
      db.remove(name);
    },
    addBuiltin(b) {
      // before start (the bot's composition, on the way to ready) only the shape; start() parses it in full
      const problem = started ? cronProblem(b.cron, b.tz) : cronShapeProblem(b.cron);
      if (problem) throw new Error(`built-in job ${b.name}: ${problem}`);
      if (builtins.has(b.name)) throw new Error(`built-in job ${b.name} is registered twice`);
      builtins.set(b.name, b);
      if (started) {
        db.upsert({ name: b.name, origin: 'builtin', cron: b.cron, tz: b.tz, command: '(built-in)', channel: b.channel });
        arm(must(b.name));
      }
    },
    failuresSince: (at) => db.failuresSince(at),
  };
}
