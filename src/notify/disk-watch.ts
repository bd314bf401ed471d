// Watches the free space of the filesystems holding Summoner's roots (data, databases, backups, and the host's
// /var/lib/docker) as a built-in scheduled job: a filesystem that crosses its threshold is announced once as
// `disk.low`, and once as `disk.recovered` when it is back under the clear mark (a few points lower, so a
// disk hovering at the threshold does not post at every check). Roots on one filesystem make one event. The
// state is kept in the store, so a restart neither repeats nor forgets an announcement.
import fs from 'node:fs/promises';
import type { EventBus } from '../core/events.js';

export interface DiskUsage {
  /** The filesystem's id (st_dev): roots with the same one share one event. */
  device: string;
  /** As df computes it: used / (used + available to unprivileged users). */
  usedPercent: number;
  availBytes: number;
}

/** Reads a path's filesystem usage (the port tests replace to drive the thresholds). */
export type DiskProbe = (path: string) => Promise<DiskUsage>;

export const probeDisk: DiskProbe = async (p) => {
  const [s, st] = await Promise.all([fs.statfs(p), fs.stat(p)]);
  const used = (s.blocks - s.bfree) * s.bsize;
  const avail = s.bavail * s.bsize;
  return { device: String(st.dev), usedPercent: used + avail > 0 ? (used * 100) / (used + avail) : 0, availBytes: avail };
};

export interface DiskRoot {
  /** What the root is to a reader: data, databases, backups, docker. */
  name: string;
  path: string;
  /** Left out quietly when missing (the host's /var/lib/docker when the engine is remote). */
  optional?: boolean;
}

export interface DiskWatchOptions {
  roots: readonly DiskRoot[];
  warnPercent: number;
  clearPercent: number;
  events: EventBus;
  /** Where "announced low" is remembered (the store's key-value table). */
  state: { get(key: string): string | undefined; set(key: string, value: string): void };
  probe?: DiskProbe;
}

export interface DiskWatch {
  /** One check: returns a line for the job's result. */
  check(): Promise<string>;
}

export function createDiskWatch(o: DiskWatchOptions): DiskWatch {
  const probe = o.probe ?? probeDisk;
  return {
    async check() {
      const groups = new Map<string, { roots: string[]; path: string; usage: DiskUsage }>();
      const problems: string[] = [];
      for (const r of o.roots) {
        let u: DiskUsage;
        try {
          u = await probe(r.path);
        } catch (err) {
          if (!r.optional) problems.push(`${r.name} (${r.path}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
          continue;
        }
        const g = groups.get(u.device);
        if (g) g.roots.push(r.name);
        else groups.set(u.device, { roots: [r.name], path: r.path, usage: u });
      }
      const lines: string[] = [];
      for (const g of groups.values()) {
        const key = `disk-low:${g.roots.join('+')}`;
        const low = o.state.get(key) === '1';
        const pct = g.usage.usedPercent;
        const event = { roots: g.roots, path: g.path, usedPercent: Math.round(pct * 10) / 10, availBytes: g.usage.availBytes, thresholdPercent: o.warnPercent };
        if (!low && pct >= o.warnPercent) {
          o.state.set(key, '1');
          o.events.emit({ type: 'disk.low', ...event });
        } else if (low && pct < o.clearPercent) {
          o.state.set(key, '');
          o.events.emit({ type: 'disk.recovered', ...event });
        }
        lines.push(`${g.roots.join('+')} ${Math.round(pct)} %`);
      }
      return [lines.join(', ') || 'no root to check', ...(problems.length ? [`cannot read ${problems.join('; ')}`] : [])].join('; ');
    },
  };
}
