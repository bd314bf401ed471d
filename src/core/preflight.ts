// Pre-flight: what a minion declares it needs, checked BEFORE anything is created. Each failure is one
// clear SummonerError; all failures are collected so the user sees every problem at once.
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { coerce, satisfies } from './semver.js';
import { SummonerError } from '../errors.js';
import type { DeployPlan, Minion } from './types.js';

export interface PreflightProbes {
  /** Available memory in MB (MemAvailable; falls back to os.freemem). */
  availableMemoryMb(): Promise<number>;
  /** Free space (MB) for an unprivileged writer on the filesystem holding `dir` (its nearest existing ancestor). */
  freeDiskMb(dir: string): Promise<number>;
  /** Is this host port free to bind? */
  portFree(port: number, protocol: 'tcp' | 'udp'): Promise<boolean>;
  /** Host ports already published by containers (the engine's view). */
  publishedPorts?(): Promise<{ port: number; protocol: string; container: string }[]>;
}

export interface PreflightInput {
  plan: DeployPlan;
  minion: Minion;
  /** Data roots the plan writes to (dataRoot, dbRoot). */
  roots: string[];
  /** Containers of this deployment that exist now (their ports are ours, not a clash). */
  ownContainers?: string[];
}

export interface PreflightReport {
  memoryMb: number;
  disk: { root: string; freeMb: number }[];
  ports: number[];
}

export const hostProbes: PreflightProbes = {
  async availableMemoryMb() {
    try {
      const m = /^MemAvailable:\s+(\d+) kB/m.exec(await fs.readFile('/proc/meminfo', 'utf8'));
      if (m?.[1]) return Math.floor(Number(m[1]) / 1024);
    } catch {
      /* not Linux */
    }
    return Math.floor(os.freemem() / 1024 / 1024);
  },
  async freeDiskMb(dir: string) {
    let p = path.resolve(dir);
    for (;;) {
      try {
        const s = await fs.statfs(p);
        return Math.floor((s.bavail * s.bsize) / 1024 / 1024);
      } catch (err) {
        const parent = path.dirname(p);
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === p) throw err;
        p = parent;
      }
    }
  },
  portFree(port, protocol) {
    return new Promise((resolve) => {
      if (protocol === 'udp') {
        const s = dgram.createSocket('udp4');
        s.once('error', () => resolve(false));
        s.bind(port, '0.0.0.0', () => s.close(() => resolve(true)));
        return;
      }
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
    });
  },
};

/** Does the declared database server version satisfy what the app supports? ("10.11" vs ">=10.6 <12") */
export function dbVersionSupported(version: string, supports: string): boolean {
  const v = coerce(version);
  if (!v) return false;
  return satisfies(v, supports, { includePrerelease: false, loose: true });
}

/** Major of a version-ish tag ("10.11" → 10, "15-alpine" → 15); undefined if there is none. */
export function majorOf(tag: string): number | undefined {
  const m = /^v?(\d+)/.exec(tag);
  return m?.[1] ? Number(m[1]) : undefined;
}

export async function preflight(input: PreflightInput, probes: PreflightProbes = hostProbes): Promise<PreflightReport> {
  const { plan, minion } = input;
  const problems: SummonerError[] = [];

  // every service of the minion runs in a unit of its own: a plan that leaves one out is refused, not half-run
  const notRun = (plan.services ?? []).filter((s) => !s.container);
  if (notRun.length) {
    problems.push(new SummonerError('preflight.services', `${plan.app} has services its plan does not run: ${notRun.map((s) => `${s.service} (${s.role})`).join(', ')}`, {
      hint: 'the plan was not made by the catalog (planDeploy runs every service): plan it again',
    }));
  }
  const memoryMb = await probes.availableMemoryMb();
  if (plan.requires.memoryMb > 0 && memoryMb < plan.requires.memoryMb) {
    problems.push(new SummonerError('preflight.memory', `${plan.app} needs ${plan.requires.memoryMb} MB of memory; ${memoryMb} MB are available`, {
      hint: 'stop something or add memory',
    }));
  }

  const disk: PreflightReport['disk'] = [];
  for (const root of [...new Set(input.roots.map((r) => path.resolve(r)))]) {
    const freeMb = await probes.freeDiskMb(root);
    disk.push({ root, freeMb });
    if (plan.requires.diskMb > 0 && freeMb < plan.requires.diskMb) {
      problems.push(new SummonerError('preflight.disk', `${plan.app} needs ${plan.requires.diskMb} MB of disk under ${root}; ${freeMb} MB are free`, {
        hint: 'free some space (old backups?) or move the data root',
      }));
    }
  }

  const own = new Set(input.ownContainers ?? []);
  const published = probes.publishedPorts ? await probes.publishedPorts() : [];
  const ports: number[] = [];
  for (const c of plan.containers) {
    for (const p of c.ports) {
      ports.push(p.host);
      const mine = published.some((x) => x.port === p.host && x.protocol === p.protocol && own.has(x.container));
      const holder = published.find((x) => x.port === p.host && x.protocol === p.protocol && !own.has(x.container));
      if (mine) continue;
      if (holder) {
        problems.push(new SummonerError('port.taken', `port ${p.host}/${p.protocol} is already published by container ${holder.container}`, {
          hint: 'dismiss that app or change the port',
        }));
      } else if (!(await probes.portFree(p.host, p.protocol))) {
        problems.push(new SummonerError('port.taken', `port ${p.host}/${p.protocol} is already in use on this host`, {
          hint: 'stop what listens there (ss -ltnp) or change the port',
        }));
      }
    }
  }

  if (minion.database) {
    const db = minion.database;
    const dbContainer = plan.containers.find((c) => c.role === 'db');
    const tag = dbContainer?.image.replace(/@.*$/, '').split(':').pop() ?? db.tag;
    for (const v of new Set([db.version, tag])) {
      if (coerce(v) && !dbVersionSupported(v, db.supports)) {
        problems.push(new SummonerError('preflight.db_version', `${db.type} ${v} is not supported by ${plan.app} (supports ${db.supports})`, {
          hint: `use a ${db.type} version in ${db.supports}`,
        }));
      }
    }
  }

  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new SummonerError(problems[0]!.code, problems.map((p) => p.message).join('; '), {
      hint: problems.map((p) => p.hint).filter(Boolean).join('; '),
      cause: new AggregateError(problems),
    });
  }
  return { memoryMb, disk, ports };
}
