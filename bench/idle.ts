// Idle memory of the bot as shipped next to Hubot's shell, the same way bench:commands reads it (its
// `idle_rss_mb`, `idle_rss_no_engine_mb` and `hubot_idle_rss_mb` come from here), and on its own as
// `npm run bench:idle`: memory work can be measured in a few minutes, without the 10,000 commands. RSS hardly
// moves with the machine's load, so this runs beside other work. Last line: one JSON object.
//   BENCH_IDLE_ROUNDS (default 3): runs of each, alternated; BENCH_NODE_FLAGS as in bench:commands;
//   BENCH_NODE_ENV ("NAME=value …", e.g. MALLOC_ARENA_MAX=1): environment for Summoner's runs (glibc's
//   allocator reads its settings from the environment, not from Node flags).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SHIPPED_ENTRY, benchNodeFlags } from './node-flags.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface IdleMemory {
  /** Settled figures (MB): read SETTLED_S after the prompt. */
  summoner: number;
  noEngine: number;
  hubot: number;
  /** The same read EARLY_S after the prompt: the tail of the start (what this bench read until round 39). */
  early: { summoner: number; noEngine: number; hubot: number };
  /** Each run's settled figure (MB), in order. */
  runs: { summoner: number[]; noEngine: number[]; hubot: number[] };
  /** Is there an engine socket here (the first figure is then with the engine connected)? */
  engine: boolean;
}

/** Seconds after the prompt of the early and of the settled reading. */
export const EARLY_S = 3;
/**
 * An idle bot has been idle longer than its start: the settled reading comes once Summoner's idle trim
 * (src/idle-trim.ts, two idle periods of 5 s after the start's work) and V8's own clean-up after Hubot's start
 * (its RSS dropped by 5 MB between 6 and 9 s, every run) have happened; both were flat from 15 s to 25 s.
 */
export const SETTLED_S = 20;

/**
 * RSS of a freshly started process, read from /proc (median of 5 samples) EARLY_S and SETTLED_S after its prompt
 * is shown (on a loaded machine a fixed time from spawn could catch it still loading its modules).
 */
export async function idleRss(args: string[], cwd: string, prompt: string, config?: string, env: Record<string, string> = {}): Promise<{ early: number; settled: number }> {
  fs.rmSync(path.join(cwd, 'summoner.yml'), { force: true });
  if (config) fs.writeFileSync(path.join(cwd, 'summoner.yml'), config);
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: cwd, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no prompt after 60 s`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')}: exited (${code}) before its prompt: ${stderr.trim()}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(prompt)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const shown = Date.now();
  child.removeAllListeners('exit');
  child.stdout.resume();
  const readAt = async (s: number) => {
    await sleep(shown + s * 1000 - Date.now());
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      samples.push(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
      await sleep(200);
    }
    return median(samples);
  };
  const early = await readAt(EARLY_S);
  const settled = await readAt(SETTLED_S);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('close', r));
  return { early, settled };
}

/**
 * Idle RSS of the bot as shipped (shell adapter, default config: the catalog loaded and, where a Docker
 * Engine answers, the engine client and the start-up reconcile), of the same bot with no engine socket, and
 * of Hubot's shell with no scripts; the median of `rounds` runs of each, alternated (this machine is noisy).
 */
export async function idleMemory(nodeFlags: readonly string[], rounds = 3, nodeEnv: Record<string, string> = {}): Promise<IdleMemory> {
  const runs: IdleMemory['runs'] = { summoner: [], noEngine: [], hubot: [] };
  const early: IdleMemory['runs'] = { summoner: [], noEngine: [], hubot: [] };
  const both = (k: keyof IdleMemory['runs'], x: { early: number; settled: number }) => {
    runs[k].push(x.settled);
    early[k].push(x.early);
  };
  const main = path.join(root, SHIPPED_ENTRY);
  for (let i = 0; i < rounds; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-idle-'));
    try {
      // as shipped: `npm start`'s Node flags (the image's CMD carries the same); Hubot as its own bin starts it
      both('summoner', await idleRss([...nodeFlags, main], dir, 'summoner> ', undefined, nodeEnv));
      both('noEngine', await idleRss([...nodeFlags, main], dir, 'summoner> ', 'engine:\n  socket: /nonexistent/docker.sock\n', nodeEnv));
      both('hubot', await idleRss([path.join(root, 'node_modules/hubot/bin/Hubot.mjs'), '-a', 'Shell', '-n', 'hubot'], dir, 'hubot> '));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const engine = fs.existsSync('/var/run/docker.sock');
  return {
    summoner: median(runs.summoner),
    noEngine: median(runs.noEngine),
    hubot: median(runs.hubot),
    early: { summoner: median(early.summoner), noEngine: median(early.noEngine), hubot: median(early.hubot) },
    runs,
    engine,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** BENCH_NODE_ENV's "NAME=value NAME2=value" as an object; anything else is refused, naming the entry. */
export function parseNodeEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split(/\s+/).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(entry);
    if (!m) throw new Error(`BENCH_NODE_ENV takes NAME=value entries separated by spaces, not "${entry}"`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, SHIPPED_ENTRY))) throw new Error('build first: npm run build');
  const nodeFlags = benchNodeFlags();
  const nodeEnv = parseNodeEnv(process.env.BENCH_NODE_ENV ?? '');
  const rounds = Number(process.env.BENCH_IDLE_ROUNDS ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_IDLE_ROUNDS must be a whole number of at least 1, not ${process.env.BENCH_IDLE_ROUNDS}`);
  const loadAtStart = os.loadavg()[0]!;
  const mem = await idleMemory(nodeFlags, rounds, nodeEnv);
  const r = (x: number) => Number(x.toFixed(1));
  console.log(
    `idle RSS: summoner ${r(mem.summoner)} MB (${mem.engine ? 'engine connected' : 'no engine here'}; runs ${mem.runs.summoner.map(r).join(', ')}), ` +
      `without an engine ${r(mem.noEngine)} MB, hubot ${r(mem.hubot)} MB (runs ${mem.runs.hubot.map(r).join(', ')}); median of ${rounds}, ` +
      `${SETTLED_S} s after the prompt (at ${EARLY_S} s: summoner ${r(mem.early.summoner)}, hubot ${r(mem.early.hubot)})`,
  );
  console.log(
    JSON.stringify({
      idle_rss_mb: r(mem.summoner),
      idle_rss_no_engine_mb: r(mem.noEngine),
      hubot_idle_rss_mb: r(mem.hubot),
      idle_rss_at_3s_mb: r(mem.early.summoner),
      hubot_idle_rss_at_3s_mb: r(mem.early.hubot),
      rounds,
      engine: mem.engine,
      node_flags: nodeFlags.join(' '),
      node_env: process.env.BENCH_NODE_ENV?.trim() ?? '',
      loadavg: [r(loadAtStart), r(os.loadavg()[0]!)],
    }),
  );
}

// run on its own (`npm run bench:idle`); bench:commands imports idleMemory
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`[bench:idle] failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
