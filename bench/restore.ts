// bench:restore: a MariaDB backup of ~1 GB (raw dump) and a PostgreSQL one of ~400 MB restored by Summoner
// (BackupService.restore: checksum, the backup loaded into a fresh database beside the live one, the check
// against the manifest, the swap, the app healthy again; then the safety dump of the replaced data from its
// kept folders), next to the raw loader fed the same uncompressed dump into a fresh server of the same image
// and settings (`docker exec -i … mariadb` / `pg_restore`), in the same run. Ratios are raw time / Summoner's
// time, Summoner counted from the call to the app healthy on the restored data (its step says so); the whole
// call, safety copy included, is `*_summoner_total_s`; each phase's seconds (`*_phases_s`). The raw loader and
// Summoner run in alternated pairs (three for PostgreSQL), and the figures are the pair of median ratio's, with
// every pair's ratio beside them (`*_restore_ratios`). Also the peak RSS of a cold copy (and its read-back) of
// a folder holding one 2 GB file, in a process of its own (bench/cold-rss.ts). Last line: one JSON object (with the load average: the machine is shared).
//   BENCH_MARIADB_ROWS (default 6.6 M ≈ 1.05 GB of dump), BENCH_PG_ROWS (default 2.5 M ≈ 0.4 GB), BENCH_COLD_MB (2048),
//   BENCH_MARIADB_PAIRS (1), BENCH_PG_PAIRS (3)
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { openDecompressed } from '../src/core/backup/compress.js';
import { dumperFor, type DbTarget } from '../src/core/backup/dumpers.js';
import { runTool } from '../src/core/backup/dump.js';
import { listBackups } from '../src/core/backup/manifest.js';
import { removeContainer, startScratchContainer } from '../src/core/engine/index.js';
import { generatePassword } from '../src/core/secrets.js';
import type { Minion } from '../src/core/types.js';
import { hotDbMinion, hotPgMinion, sql, wire } from '../test/helpers/backup.js';
import { makeTestEnv, RecordingReporter, type TestEnv } from '../test/helpers/docker.js';
import { rssSampler } from './rss.js';

const MARIADB_ROWS = Number(process.env.BENCH_MARIADB_ROWS ?? 6_600_000);
const PG_ROWS = Number(process.env.BENCH_PG_ROWS ?? 2_500_000);
const COLD_MB = Number(process.env.BENCH_COLD_MB ?? 2048);
/** Raw-then-Summoner pairs per database: PostgreSQL's ~7 s restores are the noisy ones, MariaDB's ~45 s much less so. */
const PAIRS = { mariadb: Number(process.env.BENCH_MARIADB_PAIRS ?? 1), postgres: Number(process.env.BENCH_PG_PAIRS ?? 3) };
const MARIADB_FLAGS = ['mariadbd', '--innodb-buffer-pool-size=512M', '--innodb-log-file-size=512M', '--innodb-flush-log-at-trx-commit=0'];
const say = (s: string) => process.stderr.write(`[bench:restore] ${s}\n`);
const mb = (b: number) => b / 1e6;

const rss = rssSampler();

const FILL = {
  mariadb: (from: number, to: number) =>
    `INSERT INTO events SELECT seq, MD5(seq), CONCAT('user ', seq % 9973, ' did ', ELT(1 + seq % 5, 'login', 'upload', 'comment', 'logout', 'share'), ' on item ', SHA1(seq % 100000), ' from ', CONCAT_WS('.', seq % 256, (seq >> 8) % 256, 1, 7)), seq % 1000, '2026-01-01' + INTERVAL seq SECOND FROM seq_${from}_to_${to};`,
  postgres: (from: number, to: number) =>
    `INSERT INTO events SELECT g, md5(g::text), 'user ' || g % 9973 || ' did ' || (ARRAY['login','upload','comment','logout','share'])[1 + g % 5] || ' on item ' || md5((g % 100000)::text) || ' from ' || (g % 256) || '.' || ((g >> 8) % 256) || '.1.7', g % 1000, '2026-01-01'::timestamp + g * interval '1 second' FROM generate_series(${from}, ${to}) g;`,
};

async function fill(env: TestEnv, app: string, type: 'mariadb' | 'postgres', rows: number): Promise<void> {
  const t0 = Date.now();
  await sql(env, app, type, type === 'mariadb' ? 'CREATE TABLE events (id INT PRIMARY KEY, ref CHAR(32), body VARCHAR(255), n INT, at DATETIME);' : 'CREATE TABLE events (id INT PRIMARY KEY, ref CHAR(32), body TEXT, n INT, at TIMESTAMP);');
  for (let from = 1; from <= rows; from += 500_000) await sql(env, app, type, FILL[type](from, Math.min(rows, from + 499_999)));
  say(`${type}: ${rows} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** The raw loader: `docker exec -i -e PW <fresh server> <loader>` fed the uncompressed dump from a file, no shell. */
async function rawLoad(env: TestEnv, image: string, type: 'mariadb' | 'postgres', rawFile: string): Promise<number> {
  const d = dumperFor(type);
  const t: DbTarget = { app: 'bench', type, container: `summoner-benchraw-${env.id}-${type}`, database: type === 'mariadb' ? 'app' : 'appdb', user: 'app', password: generatePassword(20) };
  await startScratchContainer(env.engine, { name: t.container, image, env: d.serverEnv(t, generatePassword(20)), labels: { 'summoner.domain': env.domain }, ...(type === 'mariadb' ? { cmd: MARIADB_FLAGS } : {}) });
  try {
    for (let i = 0; ; i++) {
      try {
        await runTool(env.engine, t.container, d.ready(t), 'probe');
        break;
      } catch (err) {
        if (i > 1200) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // the loader as a user types it, fixed here so that the baseline does not move with Summoner's own flags
    const call =
      type === 'mariadb'
        ? { argv: ['mariadb', '-h', '127.0.0.1', '-P', '3306', '-u', t.user, '--binary-mode', '--default-character-set=utf8mb4'], env: [`MYSQL_PWD=${t.password}`] }
        : { argv: ['pg_restore', '-h', '127.0.0.1', '-p', '5432', '-U', t.user, '-d', t.database, '--clean', '--if-exists', '--no-owner', '--exit-on-error', '--no-password'], env: [`PGPASSWORD=${t.password}`] };
    const kv = call.env[0]!;
    const [name, value] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
    const t0 = Date.now();
    const child = spawn('docker', ['exec', '-i', '-e', name, t.container, ...call.argv], { env: { ...process.env, [name]: value }, stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
    await pipeline(createReadStream(rawFile), child.stdin);
    if ((await exited) !== 0) throw new Error(`raw ${type} load failed`);
    return Date.now() - t0;
  } finally {
    await removeContainer(env.engine, t.container);
  }
}

/** One restore by Summoner, timed from the call to its step "… is healthy on the restored data". */
async function summonerRestore(w: ReturnType<typeof wire>, app: string, type: 'mariadb' | 'postgres', file: string) {
  rss.start();
  const t0 = Date.now();
  // where the time goes: each step with the seconds since the call (stderr)
  const marks: { at: number; s: string }[] = [];
  const r = {
    step: (s: string) => {
      marks.push({ at: Date.now() - t0, s });
      say(`${type} +${((Date.now() - t0) / 1000).toFixed(1)} s: ${s}`);
    },
  };
  const res = await w.backups.restore(app, file, r);
  const totalMs = Date.now() - t0;
  rss.stop();
  // the phases, from the steps' times: up to the twin's start, its start-up, the load, the checks (and the
  // twin's clean shutdown and sync), the swap to the app healthy, then the safety dump from the kept folders
  const at = (re: RegExp) => (marks.find((m) => re.test(m.s))?.at ?? NaN) / 1000;
  const twin = at(/^starting a fresh/);
  const load = at(/^loading .* into it/);
  const check = at(/^comparing its tables/);
  const swap = at(/for the swap$|^starting .* on the restored data$/);
  const healthy = at(/is healthy on the restored data/);
  if (!(healthy > 0)) throw new Error(`no "healthy on the restored data" step in: ${marks.map((m) => m.s).join(' | ')}`);
  const phases = { before_twin: twin, twin_start: load - twin, load: check - load, check_sync: swap - check, swap_to_healthy: healthy - swap, safety_after: totalMs / 1000 - healthy };
  const phasesS = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, +v.toFixed(1)]));
  say(`${type}: Summoner ${healthy.toFixed(1)} s to healthy, ${(totalMs / 1000).toFixed(1)} s with the safety copy (app down ${((res.downtimeMs ?? 0) / 1000).toFixed(1)} s; ${res.checked}; safety ${res.safety ?? 'none'})`);
  say(`${type}: phases ${JSON.stringify(phasesS)}`);
  if (!res.safety) throw new Error(`${type}: the restore took no safety copy (${res.notes.join('; ')})`);
  // PostgreSQL: whether the twin started on the spare the backup (or the restore before) made (src/core/backup/spare.ts)
  const spare = marks.some((m) => /^on an empty server folder made ahead/.test(m.s));
  return { ms: healthy * 1000, totalMs, downMs: res.downtimeMs ?? 0, phases: phasesS, spare };
}

/**
 * `pairs` rounds of the raw loader then Summoner, back to back on the same backup: a pair shares the
 * machine's state of the moment (this shared machine's raw PostgreSQL load alone moved from 5.7 to 10.2 s
 * between runs), and the pair of median ratio is the one reported, every pair's ratio beside it.
 */
async function benchOne(env: TestEnv, w: ReturnType<typeof wire>, app: string, type: 'mariadb' | 'postgres', rows: number, pairs: number) {
  await fill(env, app, type, rows);
  const [b] = await w.backups.backup(app, new RecordingReporter());
  if (!b?.ok) throw new Error(`backup failed: ${b?.error}`);
  const entry = (await listBackups(env.config.backupRoot, app)).find((e) => e.path === b.file)!;
  const rawFile = path.join(env.root, `raw-${type}`);
  const src = openDecompressed(entry.path);
  await pipeline(src.stream, createWriteStream(rawFile));
  say(`${type}: backup ${mb(entry.manifest.rawBytes!).toFixed(0)} MB raw, ${mb(entry.manifest.bytes).toFixed(0)} MB compressed`);
  const image = type === 'mariadb' ? 'summoner-test/mariadb:10.11' : 'summoner-test/postgres:15';
  const runs: (Awaited<ReturnType<typeof summonerRestore>> & { rawMs: number; ratio: number })[] = [];
  for (let i = 0; i < pairs; i++) {
    const rawMs = await rawLoad(env, image, type, rawFile);
    say(`${type}: raw loader ${(rawMs / 1000).toFixed(1)} s (pair ${i + 1} of ${pairs})`);
    const s = await summonerRestore(w, app, type, entry.manifest.file);
    runs.push({ ...s, rawMs, ratio: rawMs / s.ms });
  }
  await fs.rm(rawFile);
  const median = [...runs].sort((a, b) => a.ratio - b.ratio)[(runs.length - 1) >> 1]!;
  return { rawMb: Math.round(mb(entry.manifest.rawBytes!)), ...median, ratios: runs.map((r) => +r.ratio.toFixed(3)), rawS: runs.map((r) => +(r.rawMs / 1000).toFixed(1)), summonerS: runs.map((r) => +(r.ms / 1000).toFixed(1)) };
}

/**
 * The cold copy's peak RSS, in a process of its own (bench/cold-rss.ts, run by tsx as this bench is): the
 * bot's copy without this bench's modules and its restores' leftovers (the allocator keeps what a phase used).
 */
async function coldPeak(env: TestEnv): Promise<{ mb: number; baseMb: number; ms: number }> {
  const root = path.join(env.root, 'coldbench');
  const child = spawn(process.execPath, [...process.execArgv, path.join(path.dirname(fileURLToPath(import.meta.url)), 'cold-rss.ts'), root, String(COLD_MB)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  if (code !== 0) throw new Error(`the cold copy measure failed (exit ${code})`);
  const r = JSON.parse(out.trim().split('\n').pop()!) as { peak_mb: number; base_mb: number; s: number };
  say(`cold copy of ${COLD_MB} MB: ${r.s} s, peak RSS ${r.peak_mb} MB (${r.base_mb} MB before it)`);
  return { mb: r.peak_mb, baseMb: r.base_mb, ms: r.s * 1000 };
}

async function main(): Promise<void> {
  const env = makeTestEnv('benchrs');
  const started = Date.now();
  const load0 = os.loadavg();
  try {
    // the minion's own server flags (a bulk-friendly MariaDB): Summoner's fresh database runs with them, and so does the raw loader's
    // health gates with room for a loaded shared machine (start-ups of minutes seen): the gates' waits are
    // measured, never cut short into a failure
    const roomy = (m: Minion): Minion => ({ ...m, ...(m.web ? { web: { ...m.web, health: { ...m.web.health!, timeoutS: 900 } } } : {}), database: { ...m.database!, health: { ...m.database!.health!, timeoutS: 900 } } });
    const my = roomy(hotDbMinion('benchmy'));
    const w = wire(env, [{ ...my, database: { ...my.database!, command: MARIADB_FLAGS } }, roomy(hotPgMinion('benchpg'))]);
    await w.core.summon('benchmy', undefined, new RecordingReporter());
    await w.core.summon('benchpg', undefined, new RecordingReporter());
    rss.reset();
    const m = await benchOne(env, w, 'benchmy', 'mariadb', MARIADB_ROWS, PAIRS.mariadb);
    const p = await benchOne(env, w, 'benchpg', 'postgres', PG_ROWS, PAIRS.postgres);
    const restorePeak = rss.peakBytes;
    // last: the allocator keeps what a phase used, so an earlier phase's peak would show in the later ones
    const cold = await coldPeak(env);
    const out = {
      bench: 'restore',
      mariadb_dump_mb: m.rawMb,
      mariadb_raw_load_s: +(m.rawMs / 1000).toFixed(1),
      mariadb_summoner_restore_s: +(m.ms / 1000).toFixed(1),
      mariadb_summoner_total_s: +(m.totalMs / 1000).toFixed(1),
      mariadb_app_down_s: +(m.downMs / 1000).toFixed(1),
      mariadb_restore_ratio: +m.ratio.toFixed(3),
      mariadb_phases_s: m.phases,
      mariadb_restore_ratios: m.ratios,
      postgres_dump_mb: p.rawMb,
      postgres_raw_load_s: +(p.rawMs / 1000).toFixed(1),
      postgres_summoner_restore_s: +(p.ms / 1000).toFixed(1),
      postgres_summoner_total_s: +(p.totalMs / 1000).toFixed(1),
      postgres_app_down_s: +(p.downMs / 1000).toFixed(1),
      postgres_restore_ratio: +p.ratio.toFixed(3),
      postgres_phases_s: p.phases,
      // every pair, in order (raw loader s, Summoner s to healthy, ratio): the keys above are the median pair's
      postgres_raw_load_samples_s: p.rawS,
      postgres_summoner_samples_s: p.summonerS,
      postgres_restore_ratios: p.ratios,
      // the median pair's twin started on a spare made ahead (no initdb during the restore)
      postgres_twin_from_spare: p.spare,
      restore_peak_rss_mb: Math.round(mb(restorePeak)),
      cold_copy_file_mb: COLD_MB,
      cold_copy_s: +(cold.ms / 1000).toFixed(1),
      peak_rss_mb: Math.round(cold.mb),
      // what the process held before the copy (this bench's own modules): the copy's share is the difference
      cold_copy_base_rss_mb: Math.round(cold.baseMb),
      loadavg_start: load0.map((x) => +x.toFixed(2)),
      loadavg_end: os.loadavg().map((x) => +x.toFixed(2)),
      cpus: os.cpus().length,
      total_s: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await env.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[bench:restore] failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
