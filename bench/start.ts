// bench:start: from process start to ready, for Summoner as shipped (dist/bundle/main.js) with the engine (when
// this host has one) and a catalog of 50 generated minions besides the shipped ones:
//   - the shell: until its prompt is on stdout;
//   - the Mattermost adapter against our Mattermost test server: until the bot's socket is authenticated
//     (the server counts it), i.e. until a command posted now would reach it;
// next to Hubot 14's shell (no scripts) until its prompt, in the same run. Runs alternate (Summoner shell,
// Summoner Mattermost, Hubot) so the machine's drift hits all three; each figure is the median.
// Last line: one JSON object (ready_ms, restart_ready_ms, mattermost_ready_ms, hubot_ready_ms; and the CPU time each had used
// by then, *_cpu_ms: on a loaded machine the wall time is mostly the wait for a core).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../test/mattermost-server/index.js';
import { SHIPPED_ENTRY, benchNodeFlags } from './node-flags.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MINIONS = Number(process.env.BENCH_MINIONS ?? 50);
const MM_LATENCY_MS = Number(process.env.BENCH_MM_LATENCY_MS ?? 0);
const TIMEOUT_MS = 60_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainJs = path.join(root, SHIPPED_ENTRY);
const hubot = path.join(root, 'node_modules/hubot/bin/Hubot.mjs');
const children = new Set<ChildProcess>();

/** 50 minions made from the shipped ones, each with its own name (its folder) and subdomain. */
function generateCatalog(dir: string, n: number): void {
  const shipped = fs
    .readdirSync(path.join(root, 'minions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'minions', d.name, 'compose.yml')))
    .map((d) => d.name);
  for (let i = 0; i < n; i++) {
    const from = shipped[i % shipped.length]!;
    const text = fs.readFileSync(path.join(root, 'minions', from, 'compose.yml'), 'utf8');
    const name = `${from}-${i}`;
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'compose.yml'), text.replace(/^(\s*subdomain:\s*)(\S+)/m, `$1$2-${i}`));
  }
}

function spawnTimed(args: string[], cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; t0: number; out: () => string } {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, t0, out: () => out };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // utime, stime (fields 14 and 15)
}

/**
 * Milliseconds from spawn until `ready()` holds (checked on each output chunk and every 2 ms), and the CPU
 * time the process had used by then: on a loaded machine the wall time is mostly waiting for a core, the CPU
 * time is what the program itself costs.
 */
async function untilReady(p: ReturnType<typeof spawnTimed>, ready: () => boolean, what: string): Promise<{ ms: number; cpuMs: number }> {
  const ms = await new Promise<{ ms: number; cpuMs: number }>((resolve, reject) => {
    const check = () => {
      if (!ready()) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ ms: performance.now() - p.t0, cpuMs: cpuMsOf(p.child.pid!) });
    };
    const poll = setInterval(check, 2);
    p.child.stdout!.on('data', check);
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`${what}: not ready after ${TIMEOUT_MS} ms; output:\n${p.out().slice(-2000)}`));
    }, TIMEOUT_MS);
    p.child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready; output:\n${p.out().slice(-2000)}`));
    });
  });
  return ms;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  if (!fs.existsSync(mainJs)) throw new Error('build first: npm run build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-bench-start-'));
  const catalog = path.join(work, 'catalog');
  generateCatalog(catalog, MINIONS);
  const server = await startTestServer();
  // BENCH_MM_LATENCY_MS: every REST answer of the test server waits this long, as a remote server's round trip
  server.faults.latency(MM_LATENCY_MS);
  const team = server.createTeam('bench');
  const bot = server.createUser('summoner', { bot: true });
  const ops = server.createChannel(team.id, 'ops');
  server.addToTeam(team.id, bot.id);
  server.addToChannel(ops.id, bot.id);
  const engine = fs.existsSync('/var/run/docker.sock');
  // Summoner as shipped: `npm start`'s Node flags (the image's CMD carries the same); BENCH_NODE_FLAGS="" (or
  // other flags) compares, as in bench:commands
  const nodeFlags = benchNodeFlags();
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  // Each run gets a fresh state folder (a first start, migrations included: `ready_ms`), then the shell starts
  // again on what it left (`restart_ready_ms`); and its own listeners' ports.
  const shellConfig = (state: string) => `stateDir: ${state}\ncatalogDirs: [${catalog}]\n`;
  const mmConfig = (state: string) =>
    `${shellConfig(state)}http:\n  listen: 127.0.0.1:0\n  internalListen: 127.0.0.1:0\n` +
    `mattermost:\n  url: ${server.url}\n  team: ${team.name}\n  channels: [ops]\nchannels:\n  ops: ops\n`;
  const shell: number[] = [];
  const mm: number[] = [];
  const hub: number[] = [];
  const restart: number[] = [];
  const cpu = { shell: [] as number[], restart: [] as number[], mm: [] as number[], hub: [] as number[] };
  const take = (walls: number[], cpus: number[], r: { ms: number; cpuMs: number }) => {
    walls.push(r.ms);
    cpus.push(r.cpuMs);
  };
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = fs.mkdtempSync(path.join(work, 'run-'));
      fs.writeFileSync(path.join(dir, 'summoner.yml'), shellConfig(path.join(dir, 'state-shell')));
      const s = spawnTimed([...nodeFlags, mainJs], dir, { ...baseEnv, HOME: dir });
      take(shell, cpu.shell, await untilReady(s, () => s.out().includes('summoner> '), 'summoner shell'));
      await stop(s.child);
      // the same shell started again on the state it left: a restart, as a running team's bot starts
      const again = spawnTimed([...nodeFlags, mainJs], dir, { ...baseEnv, HOME: dir });
      take(restart, cpu.restart, await untilReady(again, () => again.out().includes('summoner> '), 'summoner shell, restarted'));
      await stop(again.child);

      fs.writeFileSync(path.join(dir, 'summoner.yml'), mmConfig(path.join(dir, 'state-mm')));
      const before = server.sockets();
      const m = spawnTimed([...nodeFlags, mainJs], dir, { ...baseEnv, HOME: dir, SUMMONER_MATTERMOST_TOKEN: bot.token });
      take(mm, cpu.mm, await untilReady(m, () => server.sockets() > before, 'summoner mattermost'));
      await stop(m.child);

      const h = spawnTimed([hubot, '-a', 'Shell', '-n', 'hubot'], dir, { ...baseEnv, HOME: dir });
      take(hub, cpu.hub, await untilReady(h, () => h.out().includes('hubot> '), 'hubot shell'));
      await stop(h.child);
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const r = (x: number) => Math.round(x);
  console.log(`catalog: ${MINIONS} generated minions besides the shipped ones; engine: ${engine ? 'connected' : 'none on this host'}; ${RUNS} runs each, alternating`);
  console.log(`summoner shell, start to prompt:          median ${r(median(shell))} ms (${shell.map(r).join(' ')})`);
  console.log(`summoner shell restarted on its state:    median ${r(median(restart))} ms (${restart.map(r).join(' ')})`);
  console.log(`summoner mattermost, start to connected:  median ${r(median(mm))} ms (${mm.map(r).join(' ')})`);
  console.log(`hubot 14 shell, start to prompt:          median ${r(median(hub))} ms (${hub.map(r).join(' ')})`);
  console.log(`CPU time to ready (user + system), medians: summoner shell ${r(median(cpu.shell))} ms, mattermost ${r(median(cpu.mm))} ms, hubot ${r(median(cpu.hub))} ms`);
  console.log(`(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores) aim: ready_ms <= hubot_ready_ms`);
  console.log(
    JSON.stringify({
      ready_ms: r(median(shell)),
      mattermost_ready_ms: r(median(mm)),
      hubot_ready_ms: r(median(hub)),
      ready_cpu_ms: r(median(cpu.shell)),
      // the shell's second start on the state its first left (no database to create, no migration)
      restart_ready_ms: r(median(restart)),
      restart_ready_cpu_ms: r(median(cpu.restart)),
      mattermost_ready_cpu_ms: r(median(cpu.mm)),
      hubot_ready_cpu_ms: r(median(cpu.hub)),
      minions: MINIONS,
      mattermost_latency_ms: MM_LATENCY_MS,
      engine,
      runs: RUNS,
      load_average: Number(os.loadavg()[0]!.toFixed(2)),
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
