// Summoner's own events (deployments, certificates, backups, jobs). The module that knows emits one; the
// notification center decides where it goes (recipes, outbox). Emitting never throws and never waits:
// a broken listener must not fail a summon or a backup.

export type SummonerEvent =
  | { type: 'minion.summoned'; app: string; url?: string; version?: string }
  | { type: 'minion.dismissed'; app: string; purged: boolean }
  | { type: 'minion.unhealthy'; app: string; detail: string }
  /** A minion announced unhealthy is healthy again. */
  | { type: 'minion.recovered'; app: string }
  /** A Swarm node went down, was drained or paused, or is back: said once per change, with what it means per app. */
  | { type: 'swarm.node'; node: string; condition: 'ready' | 'down' | 'drained' | 'paused'; impacts: string[] }
  | { type: 'backup.done'; app: string; kind: string; bytes: number; sha256: string; durationMs: number; file: string; /** `ok`, or `failed: why` (the local backup stands). */ offsite?: string }
  | { type: 'backup.failed'; app: string; kind?: string; error: string }
  | { type: 'backup.missed'; job: string; deadline: string }
  | { type: 'cert.issued' | 'cert.renewed'; name: string; notAfter: string }
  | { type: 'cert.failing'; name: string; error: string; retryAt?: string }
  | { type: 'cert.expiring'; name: string; notAfter: string; daysLeft: number }
  | { type: 'job.failed'; job: string; error: string }
  | { type: 'offsite.done'; app: string; target: string; bytes: number }
  | { type: 'offsite.failed'; app: string; target: string; error: string }
  /** A filesystem holding Summoner's roots crossed its threshold (said once per crossing), or is back under it. */
  | { type: 'disk.low' | 'disk.recovered'; roots: string[]; path: string; usedPercent: number; availBytes: number; thresholdPercent: number }
  /** The notification center refused an entry for good (a dead letter): said once per lane. */
  | { type: 'notify.dead_letter'; lane: string; recipe: string; error: string };

export type SummonerEventType = SummonerEvent['type'];
export type EventListener = (e: SummonerEvent & { at: number }) => void | Promise<void>;

export interface EventBus {
  emit(e: SummonerEvent): void;
  /** Returns the unsubscribe function. */
  on(listener: EventListener): () => void;
}

export function createEventBus(o: { onListenerError?: (err: unknown, e: SummonerEvent) => void; now?: () => number } = {}): EventBus {
  const listeners = new Set<EventListener>();
  const now = o.now ?? Date.now;
  return {
    emit(e) {
      const stamped = { ...e, at: now() };
      for (const l of listeners) {
        try {
          const r = l(stamped);
          if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err) => o.onListenerError?.(err, e));
        } catch (err) {
          o.onListenerError?.(err, e);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** One line for the ops channel, used until a recipe claims the event. */
export function describeEvent(e: SummonerEvent): { text: string; color: 'good' | 'warning' | 'danger' } {
  switch (e.type) {
    case 'minion.summoned':
      return { text: `:sparkles: ${e.app} is up${e.version ? ` (${e.version})` : ''}${e.url ? `: ${e.url}` : ''}`, color: 'good' };
    case 'minion.dismissed':
      return { text: `${e.app} was dismissed${e.purged ? ' and its data purged' : ' (data kept)'}`, color: 'warning' };
    case 'minion.unhealthy':
      return { text: `:warning: ${e.app} is unhealthy: ${e.detail}`, color: 'danger' };
    case 'minion.recovered':
      return { text: `:white_check_mark: ${e.app} is healthy again`, color: 'good' };
    case 'swarm.node': {
      const head =
        e.condition === 'ready'
          ? `:white_check_mark: Swarm node ${e.node} is back (ready, active)`
          : `${e.condition === 'down' ? ':x:' : ':warning:'} Swarm node ${e.node} is ${e.condition}`;
      const body = e.impacts.length ? e.impacts.map((l) => `\n- ${l}`).join('') : e.condition === 'ready' ? '' : ': no app of this Summoner had a task there';
      return { text: `${head}${body}`, color: e.condition === 'ready' ? 'good' : e.condition === 'down' || e.impacts.some((l) => l.includes('unavailable')) ? 'danger' : 'warning' };
    }
    case 'backup.done':
      if (e.offsite?.startsWith('failed')) {
        return { text: `:warning: Backup of ${e.app} (${e.kind}) done here: ${(e.bytes / 1e6).toFixed(1)} MB, sha256 ${e.sha256.slice(0, 12)}; its off-site copy ${e.offsite}`, color: 'warning' };
      }
      return { text: `Backup of ${e.app} (${e.kind}) done: ${(e.bytes / 1e6).toFixed(1)} MB, sha256 ${e.sha256.slice(0, 12)}${e.offsite === 'ok' ? ', copied off-site' : ''}`, color: 'good' };
    case 'backup.failed':
      return { text: `:x: Backup of ${e.app}${e.kind ? ` (${e.kind})` : ''} failed: ${e.error}`, color: 'danger' };
    case 'backup.missed':
      return { text: `:x: The scheduled backup \`${e.job}\` did not report by ${e.deadline}`, color: 'danger' };
    case 'cert.issued':
      return { text: `:lock: Certificate for ${e.name} issued (valid until ${e.notAfter})`, color: 'good' };
    case 'cert.renewed':
      return { text: `:lock: Certificate for ${e.name} renewed (valid until ${e.notAfter})`, color: 'good' };
    case 'cert.failing':
      return { text: `:x: Certificate for ${e.name} could not be obtained: ${e.error}${e.retryAt ? ` (retry at ${e.retryAt})` : ''}`, color: 'danger' };
    case 'cert.expiring':
      return { text: `:warning: Certificate for ${e.name} expires in ${e.daysLeft} day(s) (${e.notAfter})`, color: 'warning' };
    case 'job.failed':
      return { text: `:x: Scheduled job \`${e.job}\` failed: ${e.error}`, color: 'danger' };
    case 'offsite.done':
      return { text: `Off-site copy of ${e.app}'s backup done: ${(e.bytes / 1e6).toFixed(1)} MB to ${e.target}`, color: 'good' };
    case 'offsite.failed':
      return { text: `:x: Off-site copy of ${e.app}'s backup to ${e.target} failed: ${e.error} (the local backup stands)`, color: 'danger' };
    case 'disk.low':
      return { text: `:warning: Disk low: ${e.roots.join(', ')} (${e.path}) is ${Math.round(e.usedPercent)} % full, ${gb(e.availBytes)} left (threshold ${e.thresholdPercent} %)`, color: 'danger' };
    case 'disk.recovered':
      return { text: `Disk recovered: ${e.roots.join(', ')} (${e.path}) is ${Math.round(e.usedPercent)} % full, ${gb(e.availBytes)} left`, color: 'good' };
    case 'notify.dead_letter':
      return { text: `:warning: Notifications for ${e.lane} (recipe ${e.recipe}) are refused: ${e.error}. They are kept as dead letters; fix the channel or the recipe.`, color: 'danger' };
  }
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
