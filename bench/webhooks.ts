// bench:webhooks: the real bot (src/main.ts, its own process) against our Mattermost test server, driven by
// autocannon for a fixed time with signed GitHub workflow_run payloads (each with its own X-GitHub-Delivery),
// next to a bare node:http server answering 200 under the same load in the same run (the floor the machine
// allows; measured before and after, averaged). Every accepted event must reach the test server as a post:
// events/s accepted, p99 from the 202 to the post's create_at, loss and duplicates. Last line: one JSON object.
// Diagnosis knobs: BENCH_BOT_NODE_ARGS (node flags for the bot alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"),
// BENCH_LOG_REQUESTS=1 (what the bot asked of Mattermost), BENCH_BARE=0 (no floor: quicker A/B runs of the bot).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTestServer, type Post } from '../test/mattermost-server/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 16); // posts keep order per channel: spread like a real team's repos
const DRAIN_S = Number(process.env.BENCH_DRAIN_S ?? 180);
const SECRET = 'bench-secret-0123456789abcdef';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const children = new Set<ChildProcess>();
const log = (s: string) => process.stderr.write(`${s}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): ChildProcess {
  const c = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  c.stderr!.on('data', (d: Buffer) => process.env.BENCH_LOG && process.stderr.write(d));
  children.add(c);
  return c;
}

/** User + system CPU of a process so far (ms), from /proc (Linux). */
function cpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

async function waitUp(url: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface LoadResult {
  ok: number;
  other: number;
  rps: number;
  accepted: Map<string, number>;
}

/** Runs the load generator (bench/webhooks-load.ts) in its own process against `url`. */
async function load(url: string): Promise<LoadResult> {
  const out = path.join(os.tmpdir(), `summoner-bench-load-${process.pid}-${Date.now()}.json`);
  const c = spawnChild(['--import', tsx, path.join(root, 'bench/webhooks-load.ts')], {
    LOAD_URL: url,
    LOAD_SECONDS: String(SECONDS),
    LOAD_CONNECTIONS: String(CONNECTIONS),
    LOAD_CHANNELS: String(CHANNELS),
    LOAD_SECRET: SECRET,
    LOAD_OUT: out,
  }, root);
  const code = await new Promise<number | null>((res) => c.once('exit', res));
  if (code !== 0) throw new Error(`the load generator failed (exit ${code})`);
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { ok: number; other: number; accepted: [string, number][] };
  fs.rmSync(out, { force: true });
  return { ok: r.ok, other: r.other, rps: r.ok / SECONDS, accepted: new Map(r.accepted) };
}

async function bare(): Promise<number> {
  const port = await freePort();
  const code = `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'text/plain'});s.end('ok\\n')})}).listen(${port},'127.0.0.1')`;
  const c = spawnChild(['-e', code], {}, root);
  await waitUp(`http://127.0.0.1:${port}/`);
  const r = await load(`http://127.0.0.1:${port}`);
  c.kill('SIGTERM');
  log(`bare node:http: ${Math.round(r.rps)} req/s (${r.ok} answered 200 in ${SECONDS} s)`);
  return r.rps;
}

const shown = (p: Post): string => [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].join('\n');

async function summoner(): Promise<{ eventsPerS: number; p99: number; p50: number; lost: number; duplicates: number; accepted: number; refused: number; drainS: number; posts: number; cpuUsPerEvent: number }> {
  const server = await startTestServer();
  const team = server.createTeam('bench');
  const bot = server.createUser('summoner', { bot: true });
  server.addToChannel(server.createChannel(team.id, 'ops').id, bot.id);
  const channels = Array.from({ length: CHANNELS }, (_, i) => {
    const c = server.createChannel(team.id, `ci-repo-${i}`);
    server.addToChannel(c.id, bot.id);
    return c.id;
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bench-hooks-'));
  const port = await freePort();
  const internalPort = await freePort();
  fs.writeFileSync(
    path.join(dir, 'summoner.yml'),
    [
      `stateDir: ${path.join(dir, 'state')}`,
      // one client (the load generator) on loopback: the per-client limit is off for the benchmark
      `http: { listen: "127.0.0.1:${port}", internalListen: "127.0.0.1:${internalPort}", rateLimit: { perSecond: 0 }, maxConnections: 10000 }`,
      'log: { level: error }',
      `mattermost: { url: "${server.url}", team: bench, channels: [ops] }`,
      'notify:',
      `  deliveryConcurrency: ${Number(process.env.BENCH_DELIVERY_CONCURRENCY ?? 2)}`,
      ...(process.env.BENCH_COALESCE ? [`  coalesce: ${Number(process.env.BENCH_COALESCE)}`] : []),
      ...(process.env.BENCH_ACCEPT_WINDOW ? [`  acceptWindowMs: ${Number(process.env.BENCH_ACCEPT_WINDOW)}`] : []),
      '  hooks:',
      '    github: { source: github, secretEnv: SUMMONER_HOOK_GH, ratePerSecond: 1000000, burst: 1000000 }',
      '  recipes:',
      '    - name: runs',
      '      when: { source: github, event: workflow_run, filter: { action: completed } }',
      '      then: [{ post: { channel: "ci-{{repository.name}}", template: "{{workflow_run.name}} #{{workflow_run.run_number}} {{workflow_run.conclusion}} on {{workflow_run.head_branch}} ({{summoner.delivery}})" } }]',
      '',
    ].join('\n'),
  );
  // BENCH_BOT_NODE_ARGS: node flags for the bot alone (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile it)
  const botArgs = process.env.BENCH_BOT_NODE_ARGS ? process.env.BENCH_BOT_NODE_ARGS.split(' ') : [];
  const c = spawnChild([...botArgs, '--import', tsx, path.join(root, 'src/main.ts'), '--config', path.join(dir, 'summoner.yml')], { SUMMONER_MATTERMOST_TOKEN: bot.token, SUMMONER_HOOK_GH: SECRET, NODE_ENV: 'production' }, dir);
  await waitUp(`http://127.0.0.1:${internalPort}/healthz`);
  // The bot's start goes on a little past /healthz (modules loaded on first use, the compiler warming up): up
  // to 10 s for it to settle (under 5% of a core over half a second), so that its CPU per event is the events'.
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    const a = cpuMs(c.pid!);
    await new Promise((res) => setTimeout(res, 500));
    if (cpuMs(c.pid!) - a < 25) break;
  }
  const cpu0 = cpuMs(c.pid!);
  if (process.env.BENCH_HOLD) server.faults.random({ rate: 1, statuses: [503] }); // experiment: the accept path alone
  const r = await load(`http://127.0.0.1:${port}`);
  server.faults.random(null);
  log(`summoner: ${Math.round(r.rps)} events/s accepted (${r.accepted.size} with 202, ${r.other} refused or errors); draining into Mattermost…`);

  // every accepted event must arrive; count posts by their delivery id
  const t0 = Date.now();
  const delivered = new Map<string, number>();
  let duplicates = 0;
  let madePosts = 0;
  const scanned = new Map<string, number>(channels.map((ch) => [ch, 0]));
  for (;;) {
    for (const ch of channels) {
      const posts = server.posts(ch);
      for (let i = scanned.get(ch)!; i < posts.length; i++) {
        const p = posts[i]!;
        if (p.user_id !== bot.id) continue;
        madePosts++;
        // posts owed to one channel while a backlog builds go out together: one line per event
        for (const m of shown(p).matchAll(/\(([0-9a-f-]{36})\)/g)) {
          const id = m[1]!;
          if (delivered.has(id)) duplicates++;
          else delivered.set(id, p.create_at);
        }
      }
      scanned.set(ch, posts.length);
    }
    const missing = [...r.accepted.keys()].filter((id) => !delivered.has(id)).length;
    if (missing === 0 || Date.now() - t0 > DRAIN_S * 1000) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  const drainS = (Date.now() - t0) / 1000;
  // CPU the bot spent per accepted and delivered event: unlike events/s, other work on the machine does not move it
  const botCpuMs = cpuMs(c.pid!) - cpu0;
  log(`summoner: drained in ${drainS.toFixed(1)} s (${madePosts} posts)`);
  if (process.env.BENCH_LOG_REQUESTS) {
    // what the bot asked of Mattermost (a diagnosis: each request costs the bot far more than an accepted event)
    const by = new Map<string, number>();
    for (const x of server.exchanges) {
      const k = `${x.method} ${x.path.replace(/[a-z0-9]{26}/g, ':id')}`;
      by.set(k, (by.get(k) ?? 0) + 1);
    }
    log(`mattermost requests: ${JSON.stringify(Object.fromEntries([...by].sort((a, b) => b[1] - a[1])))}`);
  }
  const lat = [...r.accepted].filter(([id]) => delivered.has(id)).map(([id, at]) => Math.max(0, delivered.get(id)! - at)).sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  const lost = [...r.accepted.keys()].filter((id) => !delivered.has(id)).length;
  c.kill('SIGTERM');
  await new Promise((res) => c.once('exit', res));
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { eventsPerS: r.accepted.size / SECONDS, p99: q(0.99), p50: q(0.5), lost, duplicates, accepted: r.accepted.size, refused: r.other, drainS, posts: madePosts, cpuUsPerEvent: Math.round((botCpuMs * 1000) / Math.max(1, r.accepted.size)) };
}

try {
  // The machine is shared: the floor is measured before and after, and averaged, so a load that comes or goes
  // during the run weighs on both sides alike.
  const load0 = os.loadavg()[0]!;
  // BENCH_BARE=0 skips the floor (experiments on the bot alone; bare_rps is then 0)
  const withBare = process.env.BENCH_BARE !== '0';
  const before = withBare ? await bare() : 0;
  const s = await summoner();
  const after = withBare ? await bare() : 0;
  const floor = (before + after) / 2;
  log(`summoner: p50 ${s.p50} ms, p99 ${s.p99} ms accept→post, ${s.lost} lost, ${s.duplicates} duplicate posts`);
  const out = {
    events_per_s: Math.round(s.eventsPerS),
    p99_ms: s.p99,
    p50_ms: s.p50,
    lost: s.lost,
    duplicates: s.duplicates,
    accepted: s.accepted,
    posts: s.posts,
    bot_cpu_us_per_event: s.cpuUsPerEvent,
    refused: s.refused,
    bare_rps: Math.round(floor),
    bare_rps_before: Math.round(before),
    bare_rps_after: Math.round(after),
    ratio: floor > 0 ? Number((s.eventsPerS / floor).toFixed(3)) : 0,
    seconds: SECONDS,
    connections: CONNECTIONS,
    channels: CHANNELS,
    drain_s: Number(s.drainS.toFixed(1)),
    // the machine's 1-minute load before and after: other work on a shared machine shows here
    loadavg: [Number(load0.toFixed(1)), Number(os.loadavg()[0]!.toFixed(1))],
    cpus: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exitCode = s.lost === 0 && s.duplicates === 0 ? 0 : 1;
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}
