// One hot dump: the database's own tool runs inside its container (Engine API exec, argv, credentials in
// the environment); its stdout streams through the raw tap (size, completion marker), the compressor and
// the sha256 tap into `<file>.partial`. Only after every end check passed is it renamed and its manifest
// written beside it: exit code 0, nothing fatal on stderr, the completion marker (or `pg_restore --list`
// reading the archive), and the compressed file decompressing. Anything else: no file, no manifest, and
// the tool's own error in a `backup.dump_failed`.
// (`pg_restore --list` reads only the table of contents of an archive on a pipe, so by default pg_restore
// reads it all: backup.pgReadBack.)
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { SummonerError } from '../../errors.js';
import { execPid, execStream, type Engine, type StreamExecResult } from '../engine/index.js';
import { compressor, decompressCounter, DEFAULT_LEVEL, EXT, HashTap, Rechunk, TailTap, Tee, type Codec } from './compress.js';
import { dumperFor, parseCounts, pgFingerprintSql, pgList, PG_RECORD_HASHED_SQL, PG_TABLES_SQL, PG_VERSION_NUM_SQL, RECORD_HASH_MIN_VERSION, type DbTarget, type Dumper, type ToolCall } from './dumpers.js';
import { parseFingerprint, SqlDumpFingerprint, type Fingerprint } from './fingerprint.js';
import { PgSession } from './pg-session.js';
import { manifestPath, stamp, writeManifest, type Manifest } from './manifest.js';

export interface DumpOptions {
  /** `<backupRoot>/<app>` */
  dir: string;
  codec: Codec;
  level?: number;
  now?: Date;
  reason: string;
  /** A safety copy (before a restore, update, rollback or purge): kept apart, see manifest.ts. */
  safety?: boolean;
  /** Size (raw bytes) of the previous dump, to flag a suspiciously small one. */
  previousRawBytes?: number;
  onProgress?: (rawBytes: number) => void;
  /** Count the rows of every table beside the dump (default; verify compares against them). The bench turns it off to show its cost. */
  countRows?: boolean;
  /** PostgreSQL: read back every data block (default) or only the table of contents. */
  pgReadBack?: 'toc' | 'full';
  /** The backup run (manifest.run): the dumps of a minion's databases taken together. */
  run?: string;
  /** Called with the dump's exec id once it runs (tests use it to kill the tool mid-way). */
  onExecStart?: (execId: string) => void;
}

/** Run a small tool call (a query, a version) and return its stdout; a failure carries the tool's stderr. */
export async function runTool(engine: Engine, container: string, c: ToolCall, what: string): Promise<string> {
  const r = await execStream(engine, container, c.argv, { env: c.env, ...(c.stdinText !== undefined ? { stdin: Readable.from([Buffer.from(c.stdinText)]) } : {}) });
  if (r.exitCode !== 0) {
    throw new SummonerError('backup.tool_failed', `${what} failed in ${container} (exit ${r.exitCode}): ${firstLine(r.stderr) || firstLine(r.stdout) || 'no message'}`);
  }
  return r.stdout;
}

export const firstLine = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? '';

/** Tables and their row counts, read inside the database container. */
export async function countTables(engine: Engine, container: string, d: Dumper, t: DbTarget): Promise<Record<string, number>> {
  const tables = (await runTool(engine, container, d.listTables(t), 'listing the tables')).split('\n').map((l) => l.trim()).filter(Boolean);
  return parseCounts(await runTool(engine, container, d.countRows(t, tables), 'counting rows'));
}

/**
 * A safety dump runs beside the apps it is not for (after a restore, the app just swapped in): its tool in the
 * container gets a lower CPU priority (nice 10, by its PID when this machine sees the tool's own process, which
 * `execPid` proves; Summoner in a container or on a remote engine does not: then, as when not allowed, it runs as is).
 */
function yieldExec(engine: Engine, execId: string): void {
  void execPid(engine, execId)
    .then((pid) => pid && os.setPriority(pid, 10))
    .catch(() => undefined);
}

export async function dumpDatabase(engine: Engine, t: DbTarget, o: DumpOptions): Promise<Manifest> {
  const d = dumperFor(t.type);
  const level = o.level ?? DEFAULT_LEVEL[o.codec];
  const now = o.now ?? new Date();
  await fs.mkdir(o.dir, { recursive: true, mode: 0o700 });
  const base = `${t.app}${t.service ? `-${t.service}` : ''}-${stamp(now)}`;
  let name = `${base}-dump.${d.ext}.${EXT[o.codec]}`;
  for (let i = 1; await exists(path.join(o.dir, name)); i++) name = `${base}-${i}-dump.${d.ext}.${EXT[o.codec]}`;
  const file = path.join(o.dir, name);
  const partial = `${file}.partial`;
  const t0 = Date.now();

  // versions first: wrong credentials fail here, before any file exists
  const [toolVersion, serverVersion] = await Promise.all([
    runTool(engine, t.container, d.toolVersion(t), `${d.tool} --version`).then(firstLine),
    runTool(engine, t.container, d.serverVersion(t), 'reading the server version').then(firstLine),
  ]);
  // the reference fingerprint (rows and a checksum per table) is taken inside the dump's own snapshot:
  // PostgreSQL: the session that exports the snapshot pg_dump uses counts in it, while the dump runs;
  // MariaDB/MySQL: read from the dump stream itself as it passes
  const tCount = Date.now();
  let countMs = 0;
  const lossy = d.lossyColumns ? lossyOf(await runTool(engine, t.container, d.lossyColumns(t), 'listing FLOAT columns')) : [];
  let session: PgSession | undefined;
  let snapshot: string | undefined;
  let sqlFp: SqlDumpFingerprint | undefined;
  let counting: Promise<Fingerprint>;
  if (o.countRows === false) counting = Promise.resolve({});
  else if (d.fingerprint === 'snapshot') {
    session = new PgSession(engine, t.container, t);
    try {
      snapshot = (await session.ask('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();'))[0]?.trim();
      if (!snapshot) throw new SummonerError('backup.tool_failed', 'PostgreSQL exported no snapshot');
    } catch (err) {
      await session.close();
      throw new SummonerError('backup.dump_failed', `the dump of ${t.app} could not start: ${(err as Error).message}`, { cause: err });
    }
    counting = fingerprintInSession(session);
  } else if (d.fingerprint === 'dump-stream') {
    sqlFp = new SqlDumpFingerprint();
    counting = Promise.resolve({});
  } else counting = countTables(engine, t.container, d, t).then((c) => Object.fromEntries(Object.entries(c).map(([k, n]) => [k, { rows: n, sum: '' }])));
  counting = counting.then((c) => ((countMs = Date.now() - tCount), c));
  counting.catch(() => undefined);

  const raw = new TailTap(512, o.onProgress);
  const comp = compressor(o.codec, level, o.safety === true);
  const hash = new HashTap();
  const out = createWriteStream(partial, { mode: 0o600 });
  // the end checks run in the same pass: the compressed bytes are decompressed as they are written, and a
  // pg archive is read back whole by pg_restore (in the container) as it is dumped
  const back = decompressCounter(o.codec, o.safety === true);
  const backTee = new Tee(back.input);
  let readBack: { tee: Tee; input: PassThrough; run: Promise<StreamExecResult> } | undefined;
  if (t.type === 'postgres') {
    const pgIn = new PassThrough();
    const c = pgList(o.pgReadBack ?? 'full');
    const run = execStream(engine, t.container, c.argv, { env: c.env, stdin: pgIn, keepBytes: 4096, ...(o.safety ? { onStart: (id: string) => yieldExec(engine, id) } : {}) });
    run.catch(() => undefined);
    readBack = { tee: new Tee(pgIn), input: pgIn, run };
  }
  const call0 = d.dump(t);
  const call = snapshot ? { ...call0, argv: [...call0.argv, `--snapshot=${snapshot}`] } : call0;
  let exitCode: number;
  let stderr: string;
  let fp: Fingerprint;
  try {
    const r = await execStream(engine, t.container, call.argv, {
      env: call.env,
      ...(call.stdinText !== undefined ? { stdin: Readable.from([Buffer.from(call.stdinText)]) } : {}),
      // stdout → raw tap → compressor → sha256 → file, one pipeline so backpressure reaches the engine socket
      through: [new Rechunk(), raw, ...(sqlFp ? [sqlFp] : []), ...(readBack ? [readBack.tee] : []), comp.stream, hash, backTee],
      stdout: out,
      onStart: (id: string) => {
        o.onExecStart?.(id);
        if (o.safety) yieldExec(engine, id);
      },
    });
    await comp.done;
    // on disk before it counts: a backup is not one until the kernel says it is written
    const fh = await fs.open(partial, 'r');
    await fh.sync().finally(() => fh.close());
    exitCode = r.exitCode;
    stderr = r.stderr;
    fp = sqlFp ? sqlFp.fingerprint() : await counting;
    if (sqlFp) countMs = 0; // read in the same pass: no time of its own
  } catch (err) {
    await session?.close();
    comp.kill();
    back.kill();
    readBack?.input.destroy();
    await fs.rm(partial, { force: true });
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'the backup disk is full' : e.message;
    throw new SummonerError('backup.dump_failed', `the dump of ${t.app} failed: ${why}`, {
      cause: err,
      ...(e.code === 'ENOSPC' ? { hint: `free space under ${o.dir}` } : {}),
    });
  }
  try {
    const fatal = d.fatal(stderr);
    if (exitCode !== 0) throw new SummonerError('backup.dump_failed', `${d.tool} exited with ${exitCode}${fatal || firstLine(stderr) ? `: ${fatal ?? firstLine(stderr)}` : ''}`);
    if (fatal) throw new SummonerError('backup.dump_failed', `${d.tool} reported: ${fatal}`);
    if (d.completed && !d.completed(raw.tail())) throw new SummonerError('backup.dump_incomplete', `the dump of ${t.app} has no completion marker: it was cut short`);
    const rawBack = await back.size.catch((e: Error) => {
      throw new SummonerError('backup.dump_incomplete', `the compressed dump does not decompress: ${backTee.failed?.message ?? e.message}`);
    });
    if (rawBack !== raw.bytes) throw new SummonerError('backup.dump_incomplete', `the dump decompresses to ${rawBack} bytes, ${raw.bytes} were written`);
    if (readBack) {
      const r = await readBack.run.catch((e: Error) => ({ exitCode: -1, stderr: e.message, stdout: '', stdinClosedEarly: false }));
      // pg_restore may exit before the last bytes it does not need arrive: its exit code is what tells
      if (r.exitCode !== 0) {
        throw new SummonerError('backup.dump_incomplete', `pg_restore cannot read the dump back: ${firstLine(r.stderr) || `exit ${r.exitCode}`}`);
      }
    }
  } catch (err) {
    await session?.close();
    await fs.rm(partial, { force: true });
    if (err instanceof SummonerError && err.code.startsWith('backup.')) throw err;
    throw new SummonerError('backup.dump_failed', `the dump of ${t.app} failed its checks: ${(err as Error).message}`, { cause: err });
  }
  await session?.close();
  const durationMs = Date.now() - t0;
  const tables = Object.fromEntries(Object.entries(fp).map(([k, v]) => [k, v.rows]));
  const checksums = Object.fromEntries(Object.entries(fp).filter(([, v]) => v.sum).map(([k, v]) => [k, v.sum]));
  const flags: string[] = [];
  if (lossy.length) flags.push(lossyFlag(lossy));
  if (!Object.keys(tables).length && o.countRows !== false) flags.push('empty: no tables');
  if (o.previousRawBytes && raw.bytes < o.previousRawBytes / 2) flags.push(`small: ${raw.bytes} bytes, the previous dump had ${o.previousRawBytes}`);
  const manifest: Manifest = {
    version: 1,
    app: t.app,
    kind: 'dump',
    type: t.type,
    ...(t.service ? { service: t.service } : {}),
    ...(o.run ? { run: o.run } : {}),
    file: name,
    createdAt: now.toISOString(),
    reason: o.reason,
    ...(o.safety ? { safety: true } : {}),
    tool: d.tool,
    toolVersion,
    serverVersion,
    database: t.database,
    codec: o.codec,
    level,
    bytes: hash.bytes,
    rawBytes: raw.bytes,
    sha256: hash.digest(),
    durationMs,
    countMs,
    mbPerS: Math.round((raw.bytes / 1e6 / Math.max(0.001, durationMs / 1000)) * 10) / 10,
    tables,
    ...(Object.keys(checksums).length ? { checksums, fingerprint: d.fingerprint } : {}),
    ...(lossy.length ? { lossy } : {}),
    flags,
  };
  // the manifest goes first as a partial too: a dump file never stands without its manifest
  await writeManifest(`${manifestPath(file)}.partial`, manifest);
  await fs.rename(partial, file);
  await fs.rename(`${manifestPath(file)}.partial`, manifestPath(file));
  return manifest;
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/** `table.column<TAB>type` lines → `table.column (type)`. */
function lossyOf(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [col, type] = l.split('\t');
      return `${col} (${type ?? 'float'})`;
    });
}

export function lossyFlag(lossy: string[]): string {
  return `lossy: FLOAT column${lossy.length > 1 ? 's' : ''} ${lossy.slice(0, 5).join(', ')}${lossy.length > 5 ? ` (+${lossy.length - 5} more)` : ''}: a logical dump keeps 6 significant digits of a FLOAT, values may change on restore (DOUBLE or DECIMAL keep them)`;
}

/**
 * PostgreSQL, in an open session's snapshot: every table's row count and checksum. `byRecord`: the tables to
 * hash by their binary values, as a manifest took them (recordHashed); left out, the server says which can be
 * (PG_RECORD_HASHED_SQL), as at dump time.
 */
async function fingerprintInSession(s: PgSession, byRecord?: ReadonlySet<string>): Promise<Fingerprint> {
  const tables = (await s.ask(PG_TABLES_SQL)).filter(Boolean);
  let chosen = byRecord;
  if (!chosen) {
    const version = Number((await s.ask(PG_VERSION_NUM_SQL))[0]);
    chosen = new Set(version >= RECORD_HASH_MIN_VERSION ? (await s.ask(PG_RECORD_HASHED_SQL)).filter(Boolean) : []);
  }
  return parseFingerprint((await s.ask(pgFingerprintSql(tables, chosen))).join('\n'));
}

/**
 * The fingerprint of a database as it is now, taken the way its dumps are (for verify and a restore's check):
 * PostgreSQL: the same query in one snapshot; MariaDB/MySQL: a re-dump read by the same parser as the dump.
 */
export async function fingerprintDatabase(engine: Engine, container: string, d: Dumper, t: DbTarget, byRecord?: ReadonlySet<string>): Promise<Fingerprint> {
  if (d.fingerprint === 'snapshot') {
    const s = new PgSession(engine, container, t);
    try {
      await s.ask('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;');
      return await fingerprintInSession(s, byRecord);
    } finally {
      await s.close();
    }
  }
  if (d.fingerprint === 'dump-stream') {
    const fp = new SqlDumpFingerprint();
    const c = d.dump(t);
    const r = await execStream(engine, container, c.argv, { env: c.env, through: [fp], stdout: new Writable({ write: (_c, _e, cb) => cb() }) });
    if (r.exitCode !== 0) throw new SummonerError('backup.tool_failed', `${d.tool} could not read the restored database back (exit ${r.exitCode}): ${d.fatal(r.stderr) ?? firstLine(r.stderr)}`);
    return fp.fingerprint();
  }
  const counts = await countTables(engine, container, d, t);
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, { rows: n, sum: '' }]));
}
