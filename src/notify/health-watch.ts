// Watches the minions' health between commands (a built-in scheduled job): a minion that turns unhealthy or
// stops is announced once as `minion.unhealthy` (recipes route it; by default to the ops channel), not at
// every check while it stays down; once healthy again, once as `minion.recovered`.
import type { MinionStatus } from '../core/services.js';
import type { EventBus } from '../core/events.js';

export interface HealthWatch {
  /** One check: returns a line for the job's result. */
  check(): Promise<string>;
}

const isDown = (m: MinionStatus) => m.health === 'unhealthy' || m.state !== 'running';

export function createHealthWatch(o: { status: () => Promise<MinionStatus[]>; events: EventBus }): HealthWatch {
  const down = new Set<string>();
  return {
    async check() {
      const minions = await o.status();
      const now = new Set<string>();
      for (const m of minions) {
        if (!isDown(m)) continue;
        now.add(m.app);
        if (!down.has(m.app)) o.events.emit({ type: 'minion.unhealthy', app: m.app, detail: m.state !== 'running' ? `it is ${m.state}` : 'its health check fails' });
      }
      // healthy again (still there, not dismissed): said once
      for (const m of minions) if (down.has(m.app) && !now.has(m.app)) o.events.emit({ type: 'minion.recovered', app: m.app });
      down.clear();
      for (const a of now) down.add(a);
      return `${minions.length} app(s), ${now.size} down`;
    },
  };
}
