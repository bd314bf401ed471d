// Loading a dump back: the checksum is checked first (a file that does not match its manifest is refused),
// then the decompressed dump is streamed into the database's own client on the exec's stdin (`mariadb`,
// `pg_restore --clean --if-exists`, `mongorestore --drop`). Nothing is held in memory.
import { Readable, type Transform } from 'node:stream';
import { SummonerError } from '../../errors.js';
import { execStream, type Engine } from '../engine/index.js';
import { openDecompressed, sha256File } from './compress.js';
import { dumperFor, MONGO_CONFIG_PATH, mongoConfig, type DbTarget } from './dumpers.js';
import { firstLine } from './dump.js';
import type { BackupEntry } from './manifest.js';
import { loadSqlParallel } from './parallel-load.js';
import { isMysqlFamily } from '../types.js';

/** Refuse a backup whose bytes are not the ones its manifest recorded (truncated, altered, bit rot). */
export async function checkChecksum(b: BackupEntry): Promise<void> {
  const have = await sha256File(b.path);
  if (have !== b.manifest.sha256) {
    throw new SummonerError('backup.checksum_mismatch', `${b.manifest.file} does not match its manifest (sha256 ${have.slice(0, 12)}…, recorded ${b.manifest.sha256.slice(0, 12)}…): it was altered or truncated`, {
      hint: 'pick another backup (`backups <app>` lists them)',
    });
  }
}

/**
 * Stream the dump into the database in `t.container`. The caller has checked the checksum. `through`:
 * transforms the decompressed dump passes on its way, in order (a fingerprint of what is loaded, the
 * DEFINER rewrite of definers.ts). `workers`: a MariaDB/MySQL dump's rows go over that many more connections
 * (parallel-load.ts); only for a fresh server, thrown away if the load fails. `staged`: a PostgreSQL dump
 * already decompressed to this path inside the container (staged-load.ts), read there by pg_restore.
 */
export async function loadDump(engine: Engine, t: DbTarget, b: BackupEntry, through: Transform[] = [], workers = 0, staged?: string): Promise<void> {
  const d = dumperFor(t.type);
  if (b.manifest.kind !== 'dump' || b.manifest.type !== t.type) {
    throw new SummonerError('backup.wrong_kind', `${b.manifest.file} is a ${b.manifest.type ?? b.manifest.kind} backup, not a ${t.type} dump`);
  }
  if (t.type === 'mongo') {
    // mongorestore reads the archive on stdin, so its password goes into a 0600 file for the time of the restore
    const w = await execStream(engine, t.container, ['install', '-m', '600', '/dev/stdin', MONGO_CONFIG_PATH], { stdin: Readable.from([Buffer.from(mongoConfig(t))]) });
    if (w.exitCode !== 0) throw new SummonerError('backup.restore_failed', `could not hand mongorestore its credentials: ${firstLine(w.stderr)}`);
  }
  const call = d.restore(t);
  const loadFailed = (r: { exitCode: number; stderr: string }) => new SummonerError('backup.restore_failed', `${call.argv[0]} could not load ${b.manifest.file} (exit ${r.exitCode}): ${d.fatal(r.stderr) ?? (firstLine(r.stderr) || 'no message')}`);
  if (staged) {
    if (t.type !== 'postgres' || through.length) throw new SummonerError('backup.restore_failed', `internal error: a staged load is for a PostgreSQL dump as it is`);
    const r = await execStream(engine, t.container, [...call.argv, staged], { env: call.env });
    if (r.exitCode !== 0) throw loadFailed(r);
    return;
  }
  const src = openDecompressed(b.path);
  let r;
  try {
    const stdin = through.reduce<Readable>((from, to) => from.pipe(to), src.stream);
    r = workers > 0 && isMysqlFamily(t.type) ? await loadSqlParallel(engine, t.container, call, stdin, workers) : await execStream(engine, t.container, call.argv, { env: call.env, stdin });
    await src.done;
  } catch (err) {
    src.kill();
    throw new SummonerError('backup.restore_failed', `loading ${b.manifest.file} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    if (t.type === 'mongo') await execStream(engine, t.container, ['rm', '-f', MONGO_CONFIG_PATH]).catch(() => undefined);
  }
  if (r.exitCode === 0 && r.stdinClosedEarly && isMysqlFamily(t.type)) {
    throw new SummonerError('backup.restore_failed', `${call.argv[0]} stopped reading ${b.manifest.file} before its end`);
  }
  if (r.exitCode !== 0) throw loadFailed(r);
}
