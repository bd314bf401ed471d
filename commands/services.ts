// The services commands run on, typed here in the commands layer (the robot only carries the bag). The
// composition root (src/app.ts) builds the bag fully, then the robot with it; nothing is added after.
// A command names the one service it cannot work without (`needs: 'core'`): the robot refuses it before
// proposing or running when that service is absent, with the refusal of `absentService` below.
import type { CoreServices } from '../src/core/services.js';
import type { BackupService } from '../src/core/backup/service.js';
import type { CatalogListing } from '../src/core/ports/deploy.js';
import type { CertificatesView } from '../src/core/certs/manager.js';
import type { CustomMinions } from '../src/core/custom-minions.js';
import type { Metrics } from '../src/metrics.js';
import type { NotifyView } from '../src/notify/view.js';
import type { Scheduler } from '../src/schedule/scheduler.js';
import type { StateBackups } from '../src/state/backups.js';
import { SummonerError } from '../src/errors.js';
import type { Lang } from '../src/i18n/messages.js';
import { defineCommand as defineAny, type AnyCommand, type ArgSpec, type CommandSpec } from '../src/robot/command.js';

export type { NotifyView } from '../src/notify/view.js';

// The argument types whose resolvers the composition root registers (src/app.ts, src/robot/resolvers.ts).
declare module '../src/robot/command.js' {
  interface ArgTypes {
    minion: true;
    'minion-or-all': true;
    /** an app, or `summoner` (Summoner's own state): backups, restore */
    'minion-or-summoner': true;
    /** an app, `all`, or `summoner`: backup */
    'backup-subject': true;
    when: true;
  }
}

/** Every member is optional: a bot without an engine, or on a Swarm manager, runs without some. */
export interface Services {
  engine?: { describe(): Promise<string> };
  /** The deployment core; absent when no engine is configured. */
  core?: CoreServices;
  catalog?: CatalogListing;
  /** Prometheus metrics (src/metrics.ts). */
  metrics?: Metrics;
  /** Certificates of the managed proxy (`certs`). */
  certs?: CertificatesView;
  /** The backup module; absent without an engine. */
  backups?: BackupService;
  /** The notification center (recipes, outbox). */
  notify?: NotifyView;
  /** Scheduled jobs (src/schedule). */
  scheduler?: Scheduler;
  /** The status report (src/notify/report.ts). */
  report?: { render(lang?: Lang): Promise<string> };
  /** Minions added and removed from chat (`minion`). */
  minions?: CustomMinions;
  /** Summoner's own state: `backup summoner`, `restore summoner` (no engine needed). */
  state?: StateBackups & {
    /** Stops the bot so that it starts again on a restored state; false when nothing can restart it here. */
    restart(reason: string): boolean;
  };
}

export type ServiceName = keyof Services;

/** The bag as a command that needs K sees it: K is there (the robot refused the command otherwise). */
export type ServicesWith<K extends ServiceName> = Services & { readonly [P in K]-?: NonNullable<Services[P]> };

/** A command over the services: with `needs: K`, `ctx.services.K` is typed present. */
export function defineCommand<const A extends readonly ArgSpec[], K extends ServiceName = never>(
  spec: CommandSpec<A, ServicesWith<K>> & { readonly needs?: K },
): AnyCommand {
  return defineAny(spec as unknown as CommandSpec<A>);
}

/** Why each service can be missing, and what to do: one refusal per service, the same for every command. */
const ABSENT: { readonly [K in ServiceName]: (s: Services) => SummonerError } = {
  engine: () => noEngine(),
  core: () => noEngine(),
  catalog: () => noEngine(),
  certs: () => noEngine(),
  minions: () => new SummonerError('engine.none', 'minions can be added only where a Docker engine is connected', { hint: 'set engine.socket in summoner.yml' }),
  backups: (s) =>
    new SummonerError('backup.unavailable', 'backups are not available here', {
      hint: s.core ? 'the backup module is not loaded in this bot (its start-up log says why)' : 'connect a Docker engine (engine.socket in summoner.yml)',
    }),
  notify: () => new SummonerError('notify.none', 'the notification center is not running in this bot'),
  scheduler: () => new SummonerError('schedule.none', 'the scheduler is not running in this bot'),
  report: () => new SummonerError('report.none', 'the status report is not available in this bot'),
  metrics: () => new SummonerError('service.unavailable', 'metrics are not collected in this bot'),
  state: () => new SummonerError('service.unavailable', "Summoner's own state cannot be backed up in this bot"),
};

function noEngine(): SummonerError {
  return new SummonerError('engine.none', 'no Docker engine is connected to this bot', {
    hint: 'set engine.socket in summoner.yml (default /var/run/docker.sock) and restart; `status` shows the engine',
  });
}

function isServiceName(s: string): s is ServiceName {
  return Object.hasOwn(ABSENT, s);
}

/** The refusal for a missing service (the robot's RobotOptions.absent). */
export function absentService(services: Services): (need: string) => Error {
  return (need) => (isServiceName(need) ? ABSENT[need](services) : new SummonerError('service.unavailable', `${need} is not available in this bot`));
}

/** A service a command needs only on some paths (`status <app>`), or its uniform refusal. */
export function need<K extends ServiceName>(services: Services, k: K): NonNullable<Services[K]> {
  const s = services[k];
  if (s == null) throw ABSENT[k](services);
  return s as NonNullable<Services[K]>;
}
