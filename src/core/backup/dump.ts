// One hot dump: the database's own tool runs inside its container (Engine API exec, argv, credentials in
// the environment); its stdout streams through the raw tap (size, completion marker), the compressor and
// the sha256 tap into `<file>.partial`. Only after every end check passed is it renamed and its manifest
// written beside it: exit code 0, nothing fatal on stderr, the completion marker (or `pg_restore --list`
// reading the archive), and the compressed file decompressing. Anything else: no file, no manifest, and
// the tool's own error in a `backup.dump_failed`.
// (the `pg_restore --list` of the issue reads only the table of contents from a pipe: the check reads it all.)
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SummonerError } from '../../robot/errors.js';
import { execStream, type Engine } from '../engine/index.js';
import { compressor, DEFAULT_LEVEL, EXT, HashTap, openDecompressed, TailTap, testDecompress, type Codec } from './compress.js';
import { dumperFor, parseCounts, pgList, type DbTarget, type Dumper, type ToolCall } from './dumpers.js';
import { manifestPath, stamp, writeManifest, type Manifest } from './manifest.js';

export interface DumpOptions {
  /** `<backupRoot>/<app>` */
  dir: string;
  codec: Codec;
  level?: number;
  now?: Date;
  reason: string;
  /** Size (raw bytes) of the previous dump, to flag a suspiciously small one. */
  previousRawBytes?: number;
  onProgress?: (rawBytes: number) => void;
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

/** Read a compressed pg custom archive back, whole, with pg_restore inside the container. */
async function pgListCheck(engine: Engine, container: string, file: string, codec: Codec): Promise<void> {
  const src = openDecompressed(file, codec);
  const c = pgList();
  let r;
  try {
    r = await execStream(engine, container, c.argv, { env: c.env, stdin: src.stream });
    await src.done;
  } catch (err) {
    src.kill();
    throw new SummonerError('backup.dump_incomplete', `the dump does not read back: ${(err as Error).message}`, { cause: err });
  }
  if (r.exitCode !== 0) {
    throw new SummonerError('backup.dump_incomplete', `pg_restore cannot read the dump back: ${firstLine(r.stderr) || `exit ${r.exitCode}`}`);
  }
}

export async function dumpDatabase(engine: Engine, t: DbTarget, o: DumpOptions): Promise<Manifest> {
  const d = dumperFor(t.type);
  const level = o.level ?? DEFAULT_LEVEL[o.codec];
  const now = o.now ?? new Date();
  await fs.mkdir(o.dir, { recursive: true, mode: 0o700 });
  const base = `${t.app}-${stamp(now)}`;
  let name = `${base}-dump.${d.ext}.${EXT[o.codec]}`;
  for (let i = 1; await exists(path.join(o.dir, name)); i++) name = `${base}-${i}-dump.${d.ext}.${EXT[o.codec]}`;
  const file = path.join(o.dir, name);
  const partial = `${file}.partial`;
  const t0 = Date.now();

  // versions and counts first: wrong credentials fail here, before any file exists
  const toolVersion = firstLine(await runTool(engine, t.container, d.toolVersion(t), `${d.tool} --version`));
  const serverVersion = firstLine(await runTool(engine, t.container, d.serverVersion(t), 'reading the server version'));
  const tables = await countTables(engine, t.container, d, t);

  const raw = new TailTap(512, o.onProgress);
  const comp = compressor(o.codec, level);
  const hash = new HashTap();
  const out = createWriteStream(partial, { mode: 0o600 });
  const call = d.dump(t);
  let exitCode: number;
  let stderr: string;
  try {
    const r = await execStream(engine, t.container, call.argv, {
      env: call.env,
      ...(call.stdinText !== undefined ? { stdin: Readable.from([Buffer.from(call.stdinText)]) } : {}),
      // stdout → raw tap → compressor → sha256 → file, one pipeline so backpressure reaches the engine socket
      through: [raw, comp.stream, hash],
      stdout: out,
      ...(o.onExecStart ? { onStart: o.onExecStart } : {}),
    });
    await comp.done;
    exitCode = r.exitCode;
    stderr = r.stderr;
  } catch (err) {
    comp.kill();
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
    const rawBack = await testDecompress(partial, o.codec);
    if (rawBack !== raw.bytes) throw new SummonerError('backup.dump_incomplete', `the dump decompresses to ${rawBack} bytes, ${raw.bytes} were written`);
    if (t.type === 'postgres') await pgListCheck(engine, t.container, partial, o.codec);
  } catch (err) {
    await fs.rm(partial, { force: true });
    if (err instanceof SummonerError && err.code.startsWith('backup.')) throw err;
    throw new SummonerError('backup.dump_failed', `the dump of ${t.app} failed its checks: ${(err as Error).message}`, { cause: err });
  }
  const durationMs = Date.now() - t0;
  const flags: string[] = [];
  if (!Object.keys(tables).length) flags.push('empty: no tables');
  if (o.previousRawBytes && raw.bytes < o.previousRawBytes / 2) flags.push(`small: ${raw.bytes} bytes, the previous dump had ${o.previousRawBytes}`);
  const manifest: Manifest = {
    version: 1,
    app: t.app,
    kind: 'dump',
    type: t.type,
    file: name,
    createdAt: now.toISOString(),
    reason: o.reason,
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
    mbPerS: Math.round((raw.bytes / 1e6 / Math.max(0.001, durationMs / 1000)) * 10) / 10,
    tables,
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
