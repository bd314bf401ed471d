// bench:proxy: the managed nginx proxy (summoner-test/nginx, Debian's nginx) with 50 minions configured
// (50 server blocks in front of two real summoner-test/web containers). Measures, in one run:
//   - adding one more minion: render + `nginx -t` inside the proxy + swap + reload + new workers answering
//     (median of several), and the same for removing it;
//   - the request rate through the proxy (at its container address, as the app) against the same app
//     container reached directly (wrk, in paired rounds direct / proxy so machine noise hits both), and the
//     median of the pairs' ratios (one new connection per request on both paths: see load()).
// Last line: one JSON object with reload_s and overhead_ratio.
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
import { createEventBus } from '../src/notify/events.js';

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

// Debian's wrk (scripts/acme/setup.sh installs it), one new connection per request (`Connection: close`)
// on both paths. The test app (busybox httpd) closes every connection after its answer, so a keep-alive
// client cannot keep one to it; wrk then reconnects slowly and the direct side would look several times
// slower than the proxy (which keeps the client's connection). Closing on both sides compares like with like:
// the proxy's cost is its extra hop (a second connection, nginx's parsing), as a worst case.
async function load(url: string, o: { host?: string; close: boolean }): Promise<number> {
  const args = ['-t', '2', '-c', String(CONNECTIONS), '-d', `${LOAD_S}s`, ...(o.close ? ['-H', 'Connection: close'] : []), ...(o.host ? ['-H', `Host: ${o.host}`] : []), url];
  const { stdout } = await run('wrk', args, { timeout: (LOAD_S + 30) * 1000 });
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

    const app = (await inspectContainer(engine, `web0-${domain}`))!;
    const ip = containerIp(app, config.engine.proxyNetwork)!;
    const directUrl = `http://${ip}:8080/`;
    // the proxy at its container address, like the app: traffic from outside reaches a published port through
    // the kernel's NAT, while from this host's loopback it would pass Docker's userland proxy (docker-proxy),
    // an extra relay that is no part of nginx and not on the production path (measured once, reported apart)
    const proxyIp = containerIp((await inspectContainer(engine, proxy.container))!, config.engine.proxyNetwork)!;
    const proxyUrl = `http://${proxyIp}:80/`;
    const loopbackUrl = `http://127.0.0.1:${httpPort}/`;
    const host = `web0.${domain}`;
    await load(directUrl, { close: true }); // warm-up, not counted
    // paired rounds (direct, then proxy, back to back): the machine's load drifts, a pair sees the same
    const pairs = async (close: boolean) => {
      const direct: number[] = [];
      const through: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await load(directUrl, { close }));
        through.push(await load(proxyUrl, { host, close }));
      }
      const ratios = through.map((p, i) => p / direct[i]!);
      return { direct: median(direct), proxy: median(through), ratio: median(ratios), ratios };
    };
    const fresh = await pairs(true);
    const loopbackRps = await load(loopbackUrl, { host, close: true });
    const reloadS = median(add);
    console.log(`server blocks configured: ${configured} (+1 added and removed ${RELOADS} times)`);
    console.log(`add one + nginx -t + swap + reload, median: ${reloadS.toFixed(3)} s (min ${Math.min(...add).toFixed(3)}, max ${Math.max(...add).toFixed(3)}); remove: ${median(remove).toFixed(3)} s`);
    console.log(
      `requests/s direct to ${app.name}: ${fresh.direct.toFixed(0)}; through the proxy: ${fresh.proxy.toFixed(0)}; ratio ${fresh.ratio.toFixed(3)} (pairs: ${fresh.ratios.map((x) => x.toFixed(2)).join(' ')})`,
    );
    console.log(`through the proxy's published port on 127.0.0.1 (via docker-proxy, not on the production path): ${loopbackRps.toFixed(0)} requests/s`);
    console.log(`(medians; wrk, ${CONNECTIONS} connections, one request each, ${ROUNDS} paired rounds of ${LOAD_S} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores) aims: reload < 1 s, ratio >= 0.8`);
    console.log(
      JSON.stringify({
        reload_s: Number(reloadS.toFixed(4)),
        overhead_ratio: Number(fresh.ratio.toFixed(4)),
        remove_s: Number(median(remove).toFixed(4)),
        direct_rps: Math.round(fresh.direct),
        proxy_rps: Math.round(fresh.proxy),
        proxy_loopback_rps: Math.round(loopbackRps),
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
    await removeNetwork(engine, config.engine.proxyNetwork).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
