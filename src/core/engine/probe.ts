// How an app's HTTP health check reaches the app. Summoner is NOT on the apps' shared (proxy) network: a bot
// on that network would be reachable by every app container (its listeners, its process), and holds the
// Docker socket. So when Summoner runs in a container, the HTTP GET runs inside the engine instead:
//
// - `engine`: one small long-lived probe container (`summoner-probe-<domain>`) of Summoner's own image (it
//   has `node`; the apps' images may have neither wget nor curl) joins the proxy network only. It listens on
//   nothing, has no mounts, no Docker socket, a read-only root, every capability dropped and
//   no-new-privileges; Summoner drives it only through the Engine API (an exec of `node -e <GET>` per
//   check), so the apps can reach nothing of Summoner through it. Chosen over the alternatives:
//   * the container's own Docker HEALTHCHECK state: needs a tool in every app image, and the minion's check
//     (path, expected status) would become the image's business;
//   * an exec in the managed proxy: there is none with `proxy.mode: external`, and nginx images differ;
//   * a throw-away container per check in the app's network namespace: a create/start/remove per attempt.
// - `direct`: this process dials the app's address, as before: Summoner on the host, where the engine's
//   bridge addresses are routed (the tests, a systemd install).
// `auto` picks `engine` when this process runs in a container (/.dockerenv), `direct` otherwise.
import { SummonerError } from '../../errors.js';
import type { Engine } from './connection.js';
import { execIn, inspectContainer, startContainer } from './containers.js';
import { mapEngineError } from './errors.js';
import { httpGet } from './health.js';
import { plainGet } from '../http-probe.js';
import type { HttpProber } from './prober.js';

export type { HttpProber } from './prober.js';


export const directProber: HttpProber = {
  kind: 'direct',
  get: (url, timeoutMs) => httpGet(url, timeoutMs),
  getWithHost: (host, port, pathname, hostHeader, timeoutMs) => plainGet(host, port, pathname, hostHeader, timeoutMs),
};

export const PROBE_LABEL = 'summoner.probe';

// The GET run by the probe's node: prints the status on the first line, then up to 2 KB of the body; exit 3
// with the reason on stderr when nothing answered.
const PROBE_SCRIPT = `
const [host, port, path, hostHeader, ms] = process.argv.slice(-5);
const req = require('node:http').get({ host, port: Number(port), path, headers: { host: hostHeader }, timeout: Number(ms) }, (res) => {
  const parts = []; let n = 0;
  res.on('data', (c) => { if (n < 2048) { parts.push(c); n += c.length; } });
  res.on('end', () => process.stdout.write(res.statusCode + '\\n' + Buffer.concat(parts).toString('utf8').slice(0, 2048)));
});
req.on('timeout', () => req.destroy(new Error('timed out after ' + ms + ' ms')));
req.on('error', (e) => { process.stderr.write(String(e.code || e.message)); process.exitCode = 3; });
`;

export interface EngineProberOptions {
  /** The probe's image (must have `node` on its PATH): Summoner's own. */
  image: string;
  /** The shared network the apps are on. */
  network: string;
  /** Unique per Summoner (the domain). */
  domain: string;
}

export function probeName(domain: string): string {
  return `summoner-probe-${domain}`;
}

/** A prober that runs each GET in the probe container, creating and starting it on first use. */
export function engineProber(engine: Engine, o: EngineProberOptions): HttpProber {
  const name = probeName(o.domain);
  let ready: Promise<void> | undefined;
  async function ensure(): Promise<void> {
    const info = await inspectContainer(engine, name);
    if (!info) {
      try {
        await engine.docker.createContainer({
          name,
          Image: o.image,
          Entrypoint: ['node', '-e', 'setInterval(() => {}, 1 << 30)'],
          Cmd: [],
          Labels: { [PROBE_LABEL]: o.domain, 'summoner.role': 'probe' },
          // the image's own HEALTHCHECK is the bot's (/healthz on 9090), which the probe does not serve
          Healthcheck: { Test: ['NONE'] },
          HostConfig: {
            NetworkMode: o.network,
            ReadonlyRootfs: true,
            CapDrop: ['ALL'],
            SecurityOpt: ['no-new-privileges:true'],
            Memory: 64 * 1024 * 1024,
            PidsLimit: 64,
            RestartPolicy: { Name: 'unless-stopped' },
            Init: true,
          },
        });
      } catch (err) {
        // created meanwhile by a concurrent check: fine
        if ((err as { statusCode?: number }).statusCode !== 409) throw mapEngineError(err, { doing: `creating the health probe ${name}`, socket: engine.socket, image: o.image });
      }
    }
    if (info?.state !== 'running') await startContainer(engine, name);
  }
  async function run(argv: string[], timeoutMs: number) {
    ready ??= ensure().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    await ready;
    const cmd = ['node', '-e', PROBE_SCRIPT, ...argv];
    const r = await execIn(engine, name, cmd, { timeoutMs: timeoutMs + 5000 }).catch(async (err: unknown) => {
      // the probe was removed or stopped behind our back: make it again, once
      if (err instanceof SummonerError && err.code === 'engine.unreachable') throw err;
      ready = ensure();
      await ready;
      return execIn(engine, name, cmd, { timeoutMs: timeoutMs + 5000 });
    });
    if (r.exitCode !== 0) throw new Error(`probe: ${r.stderr.trim().slice(0, 200) || `exit code ${r.exitCode}`}`);
    const cut = r.stdout.indexOf('\n');
    const status = Number(cut < 0 ? r.stdout : r.stdout.slice(0, cut));
    if (!Number.isInteger(status) || status <= 0) throw new Error('probe: no HTTP answer');
    return { status, body: cut < 0 ? '' : r.stdout.slice(cut + 1) };
  }
  return {
    kind: 'engine',
    get(url, timeoutMs, network) {
      if (network && network !== o.network) {
        return Promise.reject(new Error(`an HTTP check on the private network ${network} cannot run from the probe (give that service an exec check)`));
      }
      const u = new URL(url);
      return run([u.hostname, u.port || '80', `${u.pathname}${u.search}`, u.host, String(timeoutMs)], timeoutMs);
    },
    getWithHost(host, port, pathname, hostHeader, timeoutMs) {
      return run([host, String(port), pathname, hostHeader, String(timeoutMs)], timeoutMs);
    },
  };
}
