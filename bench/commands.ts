// bench:commands: 10,000 commands through the real Mattermost adapter and robot against our Mattermost test
// server, next to a bare @mattermost/client echo loop measured in the same run (the floor the wire allows),
// and Summoner's idle memory next to Hubot's shell adapter. Last line: one JSON object.
// The bot (or the echo loop) runs in its own process (bench/commands-bot.ts), as it would in production, so
// its CPU does not slow the server it talks to; this process runs the server and the driver.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// A CommonJS package: Node's ESM loader exposes it as a default export only (vitest's does not care).
import mattermostClient from '@mattermost/client';
import WebSocket from 'ws';

const { WebSocketClient } = mattermostClient;
type WebSocketClient = InstanceType<typeof WebSocketClient>;
import { ensureWebSocketGlobals } from '../adapters/mattermost/globals.js';
import { startTestServer, type TestServer } from '../test/mattermost-server/index.js';
import { measureUnderstanding } from './understand.js';
import { SHIPPED_ENTRY, benchNodeFlags } from './node-flags.js';
import { EARLY_S, SETTLED_S, idleMemory, median } from './idle.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 32); // commands in flight at once in the throughput phase
// Latency is measured one command at a time: under a full window it is mostly queueing (Little's law).
const N_LATENCY = Number(process.env.BENCH_N_LATENCY ?? 2_000);
// Replies are posted in order per channel (one request in flight per channel), the echo loop has no such
// rule: so the ratio depends on how many channels share the load. Both a spread load (the headline figure)
// and a busy few channels are measured and printed.
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 32);
const FEW_CHANNELS = Number(process.env.BENCH_FEW_CHANNELS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Summoner runs with the Node flags it ships with (`npm start`, the image); BENCH_NODE_FLAGS="" (or other flags)
// runs it without them, to compare in the same way
const nodeFlags = benchNodeFlags();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Processes under test, killed if the run fails (a failed run must not leave a bot behind). */
const children = new Set<import('node:child_process').ChildProcess>();

interface Setup {
  server: TestServer;
  bot: { id: string; token: string; username: string };
  human: { id: string; token: string };
  channels: string[];
  teamName: string;
}

async function setup(nChannels: number): Promise<Setup> {
  const server = await startTestServer();
  const team = server.createTeam('bench');
  const bot = server.createUser('summoner', { bot: true });
  const human = server.createUser('alice');
  const channels: string[] = [];
  for (let i = 0; i < nChannels; i++) {
    const ch = server.createChannel(team.id, `bench-${i}`);
    server.addToChannel(ch.id, bot.id);
    server.addToChannel(ch.id, human.id);
    channels.push(ch.id);
  }
  return { server, bot: { id: bot.id, token: bot.token, username: bot.username }, human, channels, teamName: team.name };
}

function wsClient(url: string, token: string, onEvent: (msg: any) => void): WebSocketClient {
  ensureWebSocketGlobals();
  const client = new WebSocketClient({
    minWebSocketRetryTime: 100,
    reconnectJitterRange: 50,
    newWebSocketFn: (u: string) => new WebSocket(u, { headers: { Authorization: `Bearer ${token}` } }) as unknown as globalThis.WebSocket,
  });
  client.addMessageListener(onEvent);
  client.addMissedMessageListener(() => undefined);
  client.initialize(url.replace(/^http/, 'ws') + '/api/v4/websocket');
  return client;
}

/** Drive N commands with WINDOW in flight; the human's own socket sees each reply (root_id = command post). */
async function drive(s: Setup, text: string, n: number, window: number): Promise<{ seconds: number; latencies: number[] }> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let done = 0;
  let next = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const sendOne = () => {
    if (next >= n) return;
    const i = next++;
    const post = s.server.post(s.human.id, s.channels[i % s.channels.length]!, text);
    sentAt.set(post.id, performance.now());
  };
  let hello!: () => void;
  const connected = new Promise<void>((r) => (hello = r));
  const observer = wsClient(s.server.url, s.human.token, (msg) => {
    if (msg.event === 'hello') hello();
    if (msg.event !== 'posted') return;
    const p = JSON.parse(msg.data.post);
    if (p.user_id !== s.bot.id || !p.root_id) return;
    const t0 = sentAt.get(p.root_id);
    if (t0 === undefined) return;
    sentAt.delete(p.root_id);
    latencies.push(performance.now() - t0);
    done++;
    if (done === n) resolveAll();
    else sendOne();
  });
  // This observer's own socket must be registered before the first command (the previous phase's one may
  // still be counted by the server while it closes): Mattermost's `hello` says it is.
  await Promise.race([connected, sleep(10_000).then(() => Promise.reject(new Error('observer socket: no hello')))]);
  const start = performance.now();
  for (let i = 0; i < window; i++) sendOne();
  // A lost reply must fail the run, not hang it: give up when nothing is answered for 30 s.
  let lastDone = -1;
  let stalled!: NodeJS.Timeout;
  const watchdog = new Promise<never>((_, reject) => {
    stalled = setInterval(() => {
      if (done === lastDone) {
        // Tell a reply the bot never posted from one the observer's socket never saw.
        const missing = [...sentAt.keys()];
        const posted = missing.filter((id) => s.server.posts().some((p) => p.root_id === id && p.user_id === s.bot.id));
        reject(new Error(`stalled: ${done}/${n} answered, nothing for 30 s; ${missing.length} unanswered, of which ${posted.length} were posted but not seen by the observer`));
      }
      lastDone = done;
    }, 30_000);
  });
  try {
    await Promise.race([all, watchdog]);
  } finally {
    clearInterval(stalled);
  }
  const seconds = (performance.now() - start) / 1000;
  observer.close();
  return { seconds, latencies };
}

interface Phases {
  /** cpuMs: CPU time (user + system) the process under test used during the phase: steadier than wall time under load */
  throughput: { seconds: number; latencies: number[]; cpuMs?: number };
  latency: { seconds: number; latencies: number[] };
  /** The bot's RSS SETTLED_S after the phases (Summoner's spread-load rounds only). */
  rssAfterLoadMb?: number;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // utime, stime (fields 14 and 15)
}

async function phases(s: Setup, withLatency: boolean, pid: number): Promise<Phases> {
  const cpu0 = cpuMsOf(pid);
  const throughput = { ...(await drive(s, '@summoner ping', N, WINDOW)), cpuMs: cpuMsOf(pid) - cpu0 };
  const latency = withLatency ? await drive(s, '@summoner ping', N_LATENCY, 1) : { seconds: 0, latencies: [] };
  return { throughput, latency };
}

/** Run the process under test (bench/commands-bot.ts) against the server, drive it, stop it. */
async function measure(role: 'echo' | 'summoner', nChannels: number, withLatency = true): Promise<Phases> {
  const s = await setup(nChannels);
  // BENCH_PROFILE=<dir>: write a V8 CPU profile of the process under test there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // Summoner runs with the Node flags it is shipped with (`npm start`, the image); the echo loop with Node's defaults
  const flags = role === 'summoner' ? nodeFlags : [];
  const child = spawn(process.execPath, [...flags, ...profile, '--import', 'tsx', path.join(root, 'bench/commands-bot.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ROLE: role,
      MM_URL: s.server.url,
      MM_TOKEN: s.bot.token,
      MM_BOT_ID: s.bot.id,
      MM_TEAM: s.teamName,
      MM_CHANNELS: s.channels.map((_, i) => `bench-${i}`).join(','),
    },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
  });
  await waitFor(() => s.server.sockets() >= 1, 10_000);
  const r = await phases(s, withLatency, child.pid!);
  // the bot's memory once idle after the load (its young generation grown by it, then trimmed: src/idle-trim.ts)
  if (role === 'summoner' && withLatency) {
    await sleep(SETTLED_S * 1000);
    r.rssAfterLoadMb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  }
  child.kill('SIGTERM');
  await new Promise((r2) => child.once('exit', r2));
  await s.server.close();
  return r;
}

/** Rounds into one: the median round's time, every latency sample. */
function pooled(rounds: Phases[]): Phases {
  const seconds = (k: 'throughput' | 'latency') => median(rounds.map((x) => x[k].seconds));
  const lat = (k: 'throughput' | 'latency') => rounds.flatMap((x) => x[k].latencies);
  const cpuMs = median(rounds.map((x) => x.throughput.cpuMs ?? 0));
  return { throughput: { seconds: seconds('throughput'), latencies: lat('throughput'), cpuMs }, latency: { seconds: seconds('latency'), latencies: lat('latency') } };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
async function waitFor(fn: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out waiting for sockets');
    await sleep(10);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, SHIPPED_ENTRY))) throw new Error('build first: npm run build');
  const loadAtStart = os.loadavg()[0]!;
  // Echo and Summoner alternate over ROUNDS rounds and each side's median counts: one round each swung the
  // ratio between 0.5 and 0.9 on this noisy machine.
  const echoRounds: Phases[] = [];
  const botRounds: Phases[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    echoRounds.push(await measure('echo', CHANNELS));
    botRounds.push(await measure('summoner', CHANNELS));
  }
  const echo = pooled(echoRounds);
  const bot = pooled(botRounds);
  // The few-channel figure alternates over the same rounds: a single pair read 0.57, 0.77 and 0.72 in three
  // runs of one sitting (round 12), so one pair cannot show a figure steady across runs.
  const echoFewRounds: Phases[] = [];
  const botFewRounds: Phases[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    echoFewRounds.push(await measure('echo', FEW_CHANNELS, false));
    botFewRounds.push(await measure('summoner', FEW_CHANNELS, false));
  }
  const echoFew = pooled(echoFewRounds);
  const botFew = pooled(botFewRounds);
  const mem = await idleMemory(nodeFlags);
  const echoTput = N / echo.throughput.seconds;
  const botTput = N / bot.throughput.seconds;
  const fewRatio = echoFew.throughput.seconds / botFew.throughput.seconds;
  const r = (x: number, d = 2) => Number(x.toFixed(d));
  const line = (name: string, p: Phases, tput: number) =>
    `${name} ${N} at window ${WINDOW} in ${r(p.throughput.seconds)} s (median of ${ROUNDS}) = ${r(tput, 0)}/s (p99 under load ${r(pct(p.throughput.latencies, 99))} ms); ` +
    `one at a time: p50 ${r(pct(p.latency.latencies, 50))} ms, p99 ${r(pct(p.latency.latencies, 99))} ms`;
  console.log(`${CHANNELS} channels:`);
  console.log(line('  echo loop:', echo, echoTput));
  console.log(line('  summoner: ', bot, botTput));
  console.log(
    `${FEW_CHANNELS} channels: echo ${r(N / echoFew.throughput.seconds, 0)}/s, summoner ${r(N / botFew.throughput.seconds, 0)}/s ` +
      `(median of ${ROUNDS}; ratio ${r(fewRatio)}: replies keep their order per channel, one post in flight per channel)`,
  );
  console.log(
    `idle RSS:   summoner ${r(mem.summoner, 1)} MB (${mem.engine ? 'engine connected' : 'no engine here'}), without an engine ${r(mem.noEngine, 1)} MB, ` +
      `hubot ${r(mem.hubot, 1)} MB (shell adapters, median of 3, ${SETTLED_S} s after the prompt; at ${EARLY_S} s: ${r(mem.early.summoner, 1)} and ${r(mem.early.hubot, 1)})`,
  );
  // the understanding step alone, over the utterance corpus (measured here, in this process, after the bot runs)
  const understanding = measureUnderstanding();
  console.log(`understanding: ${understanding.utterances} utterances x ${understanding.rounds}: p50 ${understanding.p50_ms} ms, p99 ${understanding.p99_ms} ms, p99 of per-utterance medians ${understanding.p99_of_medians_ms} ms`);
  console.log(
    JSON.stringify({
      commands: N,
      window: WINDOW,
      channels: CHANNELS,
      rounds: ROUNDS,
      throughput_per_s: r(botTput, 0),
      echo_throughput_per_s: r(echoTput, 0),
      throughput_ratio: r(botTput / echoTput),
      p50_ms: r(pct(bot.latency.latencies, 50)),
      p99_ms: r(pct(bot.latency.latencies, 99)),
      echo_p50_ms: r(pct(echo.latency.latencies, 50)),
      echo_p99_ms: r(pct(echo.latency.latencies, 99)),
      p99_under_load_ms: r(pct(bot.throughput.latencies, 99)),
      echo_p99_under_load_ms: r(pct(echo.throughput.latencies, 99)),
      [`throughput_ratio_${FEW_CHANNELS}_channels`]: r(fewRatio),
      idle_rss_mb: r(mem.summoner, 1),
      idle_rss_no_engine_mb: r(mem.noEngine, 1),
      hubot_idle_rss_mb: r(mem.hubot, 1),
      idle_rss_at_3s_mb: r(mem.early.summoner, 1),
      idle_rss_after_load_mb: r(median(botRounds.map((x) => x.rssAfterLoadMb ?? 0)), 1),
      hubot_idle_rss_at_3s_mb: r(mem.early.hubot, 1),
      understand_measured: understanding.measured,
      understand_p99_ms: understanding.p99_ms,
      understand_p99_of_medians_ms: understanding.p99_of_medians_ms,
      // 1-minute load average at the start and the end: the ratios move with the machine's load, RSS hardly
      // CPU per command of the process under test in the throughput phase (median round), µs: load-proof
      cpu_us_per_command: r(((bot.throughput.cpuMs ?? 0) * 1000) / N, 0),
      echo_cpu_us_per_command: r(((echo.throughput.cpuMs ?? 0) * 1000) / N, 0),
      node_flags: nodeFlags.join(' '),
      loadavg: [r(loadAtStart, 1), r(os.loadavg()[0]!, 1)],
    }),
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);
