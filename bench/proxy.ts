// bench:proxy: the managed nginx proxy (summoner-test/nginx, Debian's nginx) with 50 minions configured
// (50 server blocks in front of two real summoner-test/web containers). Measures, in one run:
//   - adding one more minion: render + `nginx -t` inside the proxy + swap + reload + new workers answering
//     (median of several), and the same for removing it;
//   - the request rate of a FAST upstream (another nginx container serving a static page: faster than any
//     proxy in front of it, so the ratio is the proxy's cost) reached directly, through Summoner's proxy, and
//     through Debian's Caddy (2.6) as a reverse proxy to the same upstream, Caddy in a container on the same
//     network like nginx. Clients with keep-alive and with one new connection per request (wrk), in paired
//     rounds (direct, nginx, Caddy back to back) so machine noise hits all three; medians of the rounds' ratios.
// Last line: one JSON object with reload_s, proxy_vs_direct_keepalive, proxy_vs_direct_newconn, proxy_vs_caddy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { configSchema } from '../src/config/schema.js';
import { planDeploy } from '../src/core/catalog/plan.js';
import { createEdge } from '../src/core/edge.js';
import { containerIp, createEngine, inspectContainer, listContainers, removeContainer, removeNetwork } from '../src/core/engine/index.js';
import type { ProxySite } from '../src/core/proxy/render.js';
import { createCoreServices } from '../src/core/services.js';
import type { Minion } from '../src/core/types.js';
import { createEventBus } from '../src/core/events.js';

const SITES = Number(process.env.BENCH_SITES ?? 50);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 9);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const nothing = { step() {} };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const web = (name: string): Minion => ({
  name,
  file: `bench/${name}`,
  digest: `sha256:bench-${name}`,
  description: 'bench web app',
  subdomain: name,
  web: {
    service: 'web',
    image: 'summoner-test/web',
    tag: '1.0',
    environment: {},
    volumes: [],
    ports: [],
    health: { http: { path: '/health', port: 8080 }, timeoutS: 20, intervalS: 0.2 },
    port: 8080,
  },
  variables: {},
  backup: { hot: false, cold: false },
  proxy: { maxBodySize: '10m', websocket: false, timeoutS: 60 },
  requires: { memoryMb: 16, diskMb: 0 },
});

const run = promisify(execFile);

/** `docker …` with argv (no shell); the bench's own containers only, labelled for the clean-up. */
async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { timeout: 120_000 });
  return stdout.trim();
}

/** Debian's caddy (scripts/acme/setup.sh installs it): a static Go binary, run in a container like nginx. */
function caddyBinary(): string {
  for (const p of ['/usr/bin/caddy', '/usr/local/bin/caddy']) if (fs.existsSync(p)) return p;
  throw new Error('caddy is not installed: bash scripts/acme/setup.sh installs Debian\'s caddy');
}

// Debian's wrk (scripts/acme/setup.sh installs it), with keep-alive or one new connection per request
// (`Connection: close`). The upstream is an nginx serving a static page: it keeps connections alive, and
// answers faster than a proxy in front of it can (the busybox test app closed every connection and was
// slower reached directly than through nginx, which measured nothing of the proxy).
async function load(url: string, o: { host?: string; close: boolean; seconds?: number }): Promise<number> {
  const args = ['-t', '2', '-c', String(CONNECTIONS), '-d', `${o.seconds ?? LOAD_S}s`, ...(o.close ? ['-H', 'Connection: close'] : []), ...(o.host ? ['-H', `Host: ${o.host}`] : []), url];
  const { stdout } = await run('wrk', args, { timeout: ((o.seconds ?? LOAD_S) + 30) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  if (!(rps > 0) || non2xx > 0) throw new Error(`${url}: ${rps} requests/s, ${non2xx} non-2xx:\n${stdout}`);
  return rps;
}

async function main(): Promise<void> {
  const id = `benchpx${Date.now().toString(36)}`;
  const domain = `${id}.summoner.test`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bench-proxy-'));
  const httpPort = await freePort();
  const config = configSchema.parse({
    domain,
    stateDir: path.join(dir, 'state'),
    dataRoot: path.join(dir, 'data'),
    dbRoot: path.join(dir, 'databases'),
    backupRoot: path.join(dir, 'backups'),
    engine: { mode: 'standalone', proxyNetwork: `summoner-proxy-${id}` },
    proxy: { mode: 'managed', image: 'summoner-test/nginx:1.22', bind: '127.0.0.1', httpPort, httpsPort: await freePort() },
    certificates: { enabled: false },
  });
  const engine = createEngine({ socket: config.engine.socket });
  const minions = [web('web0'), web('web1')];
  const catalog = { get: (n: string) => minions.find((m) => m.name === n), names: () => minions.map((m) => m.name) };
  const edge = createEdge({ config, engine, catalog, log: silent, events: createEventBus(), engineMode: 'standalone' });
  const services = createCoreServices({ config, engine, catalog, planDeploy, secretsDir: path.join(dir, 'state', 'secrets'), log: silent, hooks: edge.hooks });
  try {
    for (const m of minions) await services.summon(m.name, undefined, nothing);
    const proxy = edge.proxy!;
    const upstreams = proxy.list();
    // 50 minions: web0 and web1 plus 48 more names spread over the same two containers
    const site = (i: number): ProxySite => ({ ...upstreams[i % upstreams.length]!, app: `site${i}`, host: `site${i}.${domain}` });
    for (let i = upstreams.length; i < SITES; i++) await proxy.upsert(site(i));
    const configured = proxy.list().length;

    const add: number[] = [];
    const remove: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      const extra = { ...site(SITES + i), app: `extra${i}`, host: `extra${i}.${domain}` };
      add.push((await proxy.upsert(extra)).seconds);
      remove.push((await proxy.remove(extra.app))!.seconds);
    }

    // the fast upstream: Debian's nginx serving its static page (the test image's default site)
    const fastName = `fast-${domain}`;
    await docker('run', '-d', '--name', fastName, '--network', config.engine.proxyNetwork, '--label', `summoner.domain=${domain}`, 'summoner-test/nginx:1.22');
    await proxy.upsert({ ...upstreams[0]!, app: 'fast', host: `fast.${domain}`, upstream: { container: fastName, port: 80 } });
    // Caddy as a reverse proxy to the same upstream, in a container on the same network (same hops as nginx)
    const caddyfile = path.join(dir, 'Caddyfile');
    fs.writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n}\n:80 {\n\treverse_proxy ${fastName}:80\n}\n`);
    const caddyName = `caddy-${domain}`;
    await docker(
      'run', '-d', '--name', caddyName, '--network', config.engine.proxyNetwork, '--label', `summoner.domain=${domain}`,
      '-v', `${caddyBinary()}:/usr/local/bin/caddy:ro`, '-v', `${caddyfile}:/etc/caddy/Caddyfile:ro`,
      '--entrypoint', '/usr/local/bin/caddy', 'summoner-test/nginx:1.22', 'run', '--config', '/etc/caddy/Caddyfile', '--adapter', 'caddyfile',
    );
    const ipOf = async (name: string) => containerIp((await inspectContainer(engine, name))!, config.engine.proxyNetwork)!;
    const directUrl = `http://${await ipOf(fastName)}:80/`;
    // the proxies at their container addresses, like the upstream: traffic from outside reaches a published
    // port through the kernel's NAT, while from this host's loopback it would pass Docker's userland proxy
    // (docker-proxy), an extra relay that is no part of nginx and not on the production path
    const proxyUrl = `http://${await ipOf(proxy.name)}:80/`;
    const caddyUrl = `http://${await ipOf(caddyName)}:80/`;
    const host = `fast.${domain}`;
    // both proxies answer before anything is counted (Caddy starts in the background)
    for (let i = 0; ; i++) {
      try {
        await load(caddyUrl, { host, close: false, seconds: 1 });
        await load(proxyUrl, { host, close: false, seconds: 1 });
        await load(directUrl, { close: false, seconds: 1 });
        break;
      } catch (e) {
        if (i >= 30) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // paired rounds (direct, nginx, Caddy, back to back): the machine's load drifts, a round sees the same
    const rounds = async (close: boolean) => {
      const direct: number[] = [];
      const nginx: number[] = [];
      const caddy: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await load(directUrl, { close }));
        nginx.push(await load(proxyUrl, { host, close }));
        caddy.push(await load(caddyUrl, { host, close }));
      }
      return {
        direct: median(direct),
        nginx: median(nginx),
        caddy: median(caddy),
        vsDirect: median(nginx.map((p, i) => p / direct[i]!)),
        vsCaddy: median(nginx.map((p, i) => p / caddy[i]!)),
        ratios: nginx.map((p, i) => p / direct[i]!),
      };
    };
    const keep = await rounds(false);
    const fresh = await rounds(true);
    const reloadS = median(add);
    const f = (x: number) => x.toFixed(0);
    console.log(`server blocks configured: ${configured} (+1 added and removed ${RELOADS} times)`);
    console.log(`add one + nginx -t + swap + reload, median: ${reloadS.toFixed(3)} s (min ${Math.min(...add).toFixed(3)}, max ${Math.max(...add).toFixed(3)}); remove: ${median(remove).toFixed(3)} s`);
    for (const [name, r] of [['keep-alive', keep], ['new connection per request', fresh]] as const) {
      console.log(
        `${name}: requests/s direct ${f(r.direct)}, through Summoner's nginx ${f(r.nginx)}, through Caddy ${f(r.caddy)}; ` +
          `nginx/direct ${r.vsDirect.toFixed(3)} (rounds: ${r.ratios.map((x) => x.toFixed(2)).join(' ')}), nginx/Caddy ${r.vsCaddy.toFixed(3)}`,
      );
    }
    console.log(`(medians; wrk, ${CONNECTIONS} connections, ${ROUNDS} paired rounds of ${LOAD_S} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores) aims: reload < 1 s, nginx/direct >= 0.8, nginx/Caddy >= 1.0`);
    console.log(
      JSON.stringify({
        reload_s: Number(reloadS.toFixed(4)),
        proxy_vs_direct_keepalive: Number(keep.vsDirect.toFixed(4)),
        proxy_vs_direct_newconn: Number(fresh.vsDirect.toFixed(4)),
        proxy_vs_caddy: Number(keep.vsCaddy.toFixed(4)),
        proxy_vs_caddy_newconn: Number(fresh.vsCaddy.toFixed(4)),
        remove_s: Number(median(remove).toFixed(4)),
        direct_rps_keepalive: Math.round(keep.direct),
        proxy_rps_keepalive: Math.round(keep.nginx),
        caddy_rps_keepalive: Math.round(keep.caddy),
        direct_rps_newconn: Math.round(fresh.direct),
        proxy_rps_newconn: Math.round(fresh.nginx),
        caddy_rps_newconn: Math.round(fresh.caddy),
        sites: configured,
        reload_runs: RELOADS,
        load_rounds: ROUNDS,
        load_average: Number(os.loadavg()[0]!.toFixed(2)),
      }),
    );
  } finally {
    await edge.stop();
    const mine = await listContainers(engine, { 'summoner.domain': domain });
    for (const c of mine) await removeContainer(engine, c.name).catch(() => undefined);
    await removeContainer(engine, `proxy-${domain}`).catch(() => undefined);
    for (const name of [`fast-${domain}`, `caddy-${domain}`]) await docker('rm', '-f', name).catch(() => undefined);
    await removeNetwork(engine, config.engine.proxyNetwork).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
