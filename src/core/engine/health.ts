// The health gate: ready only when the minion's own check passes. HTTP GET to the container's address on
// one of its networks (from this host, or from the engine's probe container: ./probe.ts), or an exec; a container that exits or restarts meanwhile is
// `app.crashed`, with its last log lines (redacted by the caller's `redact`).
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { SummonerError } from '../../errors.js';
import type { HealthSpec } from '../types.js';
import type { Engine } from './connection.js';
import { containerLogs, execIn, inspectContainer, type ContainerInfo } from './containers.js';

/** Waits `ms`, or less when `signal` aborts (never rejects: the caller checks `signal.aborted`). */
export const pause = (ms: number, signal?: AbortSignal): Promise<unknown> => delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);

export interface HealthOptions {
  /** Preferred network for the HTTP check (its IP is used when the container is on it). */
  network?: string;
  /** Applied to log lines before they go into an error. */
  redact?: (text: string) => string;
  /** Called once per attempt that failed (for progress). */
  onAttempt?: (attempt: number, reason: string) => void;
  /** For tests: cap the timeout. */
  now?: () => number;
  /** The deploy was called off: stop waiting (`app.unhealthy`, which the caller discards). */
  signal?: AbortSignal;
}

export interface HealthResult {
  attempts: number;
  ms: number;
  /** Address checked (HTTP) or `exec`. */
  target: string;
}

/** One HTTP GET with its own timeout; resolves with the status code, rejects on network errors. */
export function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (parts.length < 64) parts.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The GET of a health check: through the engine's probe when one is set, else from this process. */
function getApp(engine: Engine, url: string, timeoutMs: number, network?: string): Promise<{ status: number; body: string }> {
  return engine.prober ? engine.prober.get(url, timeoutMs, network) : httpGet(url, timeoutMs);
}

export function containerIp(info: ContainerInfo, preferred?: string): string | undefined {
  return containerAddress(info, preferred)?.ip;
}

/** The container's address on the preferred network, else on the first network that gave it one. */
export function containerAddress(info: ContainerInfo, preferred?: string): { ip: string; network: string } | undefined {
  if (preferred && info.networks[preferred]?.ip) return { ip: info.networks[preferred].ip, network: preferred };
  const found = Object.entries(info.networks).find(([, n]) => n.ip);
  return found ? { ip: found[1].ip!, network: found[0] } : undefined;
}

async function crashed(engine: Engine, name: string, info: ContainerInfo | undefined, redact: (s: string) => string): Promise<SummonerError> {
  let lines: string[] = [];
  try {
    lines = (await containerLogs(engine, name, 10)).map((l) => redact(l.text));
  } catch {
    /* gone with it */
  }
  const how = !info
    ? 'disappeared'
    : info.state === 'restarting' || info.restartCount > 0
      ? `keeps restarting (exit code ${info.exitCode}, ${info.restartCount} restarts)`
      : `exited with code ${info.exitCode}`;
  return new SummonerError('app.crashed', `${name} ${how} while starting${lines.length ? `; last lines:\n${lines.join('\n')}` : ''}`, {
    hint: 'read its logs; check the image version and its settings',
  });
}

/** Wait until the health check passes; reject with app.crashed or app.unhealthy. */
export async function waitHealthy(engine: Engine, name: string, spec: HealthSpec, opts: HealthOptions = {}): Promise<HealthResult> {
  const now = opts.now ?? Date.now;
  const redact = opts.redact ?? ((s: string) => s);
  const start = now();
  const deadline = start + spec.timeoutS * 1000;
  const interval = Math.max(100, spec.intervalS * 1000);
  let attempt = 0;
  /** Steps after the first second, for the doubling. */
  let slowSteps = 0;
  let last = 'not checked yet';
  let target = spec.http ? 'http' : 'exec';
  for (;;) {
    if (opts.signal?.aborted) throw new SummonerError('app.unhealthy', `health check of ${name} aborted`);
    attempt++;
    const info = await inspectContainer(engine, name);
    if (!info || info.state === 'exited' || info.state === 'dead' || info.state === 'restarting' || info.restartCount > 0) {
      throw await crashed(engine, name, info, redact);
    }
    if (info.state === 'running') {
      try {
        if (spec.http) {
          const addr = containerAddress(info, opts.network);
          if (!addr) throw new Error('no address yet');
          const ip = addr.ip;
          const url = `http://${ip}:${spec.http.port}${spec.http.path.startsWith('/') ? '' : '/'}${spec.http.path}`;
          target = engine.prober ? `${url} (${engine.prober.kind} probe)` : url;
          const r = await getApp(engine, url, Math.min(5000, Math.max(1000, interval)), addr.network);
          const ok = spec.http.expect ? r.status === spec.http.expect : r.status >= 200 && r.status < 400;
          if (ok) return { attempts: attempt, ms: now() - start, target };
          last = `HTTP ${r.status}`;
        } else if (spec.exec && spec.exec.length) {
          const r = await execIn(engine, name, spec.exec, { timeoutMs: Math.max(5000, interval) });
          if (r.exitCode === 0) return { attempts: attempt, ms: now() - start, target: 'exec' };
          last = `exit code ${r.exitCode}`;
        } else {
          return { attempts: attempt, ms: now() - start, target: 'running' };
        }
      } catch (err) {
        if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
        last = err instanceof Error ? err.message : String(err);
      }
    } else {
      last = `state ${info.state}`;
    }
    opts.onAttempt?.(attempt, last);
    // Checked every 100 ms for its first second (a database started on its data is ready in a few tenths, and
    // each step over-waited is downtime in a swap), then doubling up to the declared interval: most apps are up
    // within a second or two, and a fixed interval would add up to a whole interval to every deploy
    // (Docker's `start_interval` does the same for its own health checks).
    const wait = now() - start < 1000 ? 100 : Math.min(interval, 200 * 2 ** slowSteps++);
    // the last check is at the deadline, not an interval before it: "within 25 s" means 25 s were given
    const left = deadline - now();
    if (left <= 0) {
      const after = await inspectContainer(engine, name);
      if (!after || after.state !== 'running' || after.restartCount > 0) throw await crashed(engine, name, after, redact);
      throw new SummonerError('app.unhealthy', `${name} did not pass its health check within ${spec.timeoutS} s (last: ${redact(last)})`, {
        hint: 'read its logs (`logs <app>`); a slow first start may need a longer health timeout',
      });
    }
    // cut short when the deploy is called off (`signal`): the check at the loop's top then says so
    await pause(Math.min(wait, left), opts.signal);
  }
}

/** One check, no waiting (for `status`): true when the check passes now. */
export async function checkOnce(engine: Engine, name: string, spec: HealthSpec, network?: string): Promise<boolean> {
  const info = await inspectContainer(engine, name);
  if (!info || info.state !== 'running') return false;
  try {
    if (spec.http) {
      const addr = containerAddress(info, network);
      if (!addr) return false;
      const r = await getApp(engine, `http://${addr.ip}:${spec.http.port}${spec.http.path.startsWith('/') ? '' : '/'}${spec.http.path}`, 3000, addr.network);
      return spec.http.expect ? r.status === spec.http.expect : r.status >= 200 && r.status < 400;
    }
    if (spec.exec?.length) return (await execIn(engine, name, spec.exec, { timeoutMs: 5000 })).exitCode === 0;
    return true;
  } catch (err) {
    if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
    return false;
  }
}
