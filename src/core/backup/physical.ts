// Physical backups (x-summoner `backup: { method: physical }`), MariaDB: `mariadb-backup --backup
// --stream=xbstream` inside the database container copies the server's files while it runs (InnoDB pages
// plus the redo written meanwhile), exactly: FLOAT and every other type come back bit for bit, which a
// logical dump cannot promise. It streams through the same taps as a dump (raw size, compressor, sha256,
// read-back decompression) into `<app>-<stamp>-physical.xbstream.<zst|gz>`. It needs the server's root
// (RELOAD, PROCESS, LOCK TABLES…): the app's user cannot take one.
// Restore: a helper twin (same image, no network) unpacks the stream into fresh folders (`mbstream -x`)
// and prepares it (`mariadb-backup --prepare`, the crash recovery to the copy's end); then a twin server
// starts on them and is checked (every recorded table there, CHECKSUM TABLE reads every row) before the
// usual swap. The copy is the whole server (every database and its users), as it was.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { execStream, removeContainer, startTwinContainer, type Engine } from '../engine/index.js';
import { compressor, decompressCounter, DEFAULT_LEVEL, EXT, HashTap, openDecompressed, Rechunk, TailTap, Tee } from './compress.js';
import { firstLine, runTool, type DumpOptions } from './dump.js';
import { dumperFor, type DbTarget } from './dumpers.js';
import { manifestPath, stamp, writeManifest, type Manifest } from './manifest.js';
import { waitReady } from './verify.js';

export const PHYSICAL_TOOL = 'mariadb-backup';

const mysqlStr = (s: string) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
const mysqlId = (s: string) => '`' + s.replace(/`/g, '``') + '`';

/** Does the server's copy tool exist in the database's image? (the official MariaDB images have it) */
async function toolVersion(engine: Engine, container: string): Promise<string> {
  const r = await execStream(engine, container, [PHYSICAL_TOOL, '--version']).catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: e.message }));
  const v = firstLine(r.stdout) || firstLine(r.stderr);
  if (r.exitCode !== 0) {
    throw new SummonerError('backup.physical_unavailable', `${container} has no ${PHYSICAL_TOOL} (${v || `exit ${r.exitCode}`}), so no physical backup can be taken`, {
      hint: `use an image that ships ${PHYSICAL_TOOL} (the official mariadb images do), or back up logically (remove method: physical)`,
    });
  }
  return v;
}

/** A physical copy of the server in `root.container`. `root`: the server's root account (the app's user lacks RELOAD/PROCESS). */
export async function physicalBackup(engine: Engine, root: DbTarget, o: DumpOptions): Promise<Manifest> {
  if (root.type !== 'mariadb') throw new SummonerError('backup.unsupported', `physical backups are made for MariaDB; ${root.type} is backed up logically`);
  const level = o.level ?? DEFAULT_LEVEL[o.codec];
  const now = o.now ?? new Date();
  await fs.mkdir(o.dir, { recursive: true, mode: 0o700 });
  const base = `${root.app}${root.service ? `-${root.service}` : ''}-${stamp(now)}`;
  const ext = `xbstream.${EXT[o.codec]}`;
  let name = `${base}-physical.${ext}`;
  for (let i = 1; await fs.stat(path.join(o.dir, name)).then(() => true, () => false); i++) name = `${base}-${i}-physical.${ext}`;
  const file = path.join(o.dir, name);
  const partial = `${file}.partial`;
  const t0 = Date.now();
  const version = await toolVersion(engine, root.container);
  const q = (sql: string) => runTool(engine, root.container, { argv: ['mariadb', '-h', '127.0.0.1', '-P', '3306', '-u', root.user, '-N', '-B', '-e', sql], env: [`MYSQL_PWD=${root.password}`] }, 'reading the server');
  const [serverVersion, datadir, tables] = await Promise.all([
    q('SELECT VERSION()').then(firstLine),
    q('SELECT @@datadir').then(firstLine),
    q(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${mysqlStr(root.database)} AND table_type = 'BASE TABLE' ORDER BY table_name`).then((s) => s.split('\n').map((l) => l.trim()).filter(Boolean)),
  ]);
  const raw = new TailTap(512, o.onProgress);
  const comp = compressor(o.codec, level, o.safety === true);
  const hash = new HashTap();
  const back = decompressCounter(o.codec);
  const backTee = new Tee(back.input);
  let r;
  try {
    r = await execStream(engine, root.container, [PHYSICAL_TOOL, '--backup', '--stream=xbstream', '--target-dir=/tmp', '-h', '127.0.0.1', '-P', '3306', '-u', root.user], {
      env: [`MYSQL_PWD=${root.password}`],
      through: [new Rechunk(), raw, comp.stream, hash, backTee],
      stdout: createWriteStream(partial, { mode: 0o600 }),
      keepBytes: 64 * 1024,
      ...(o.onExecStart ? { onStart: o.onExecStart } : {}),
    });
    await comp.done;
    const fh = await fs.open(partial, 'r');
    await fh.sync().finally(() => fh.close());
    // its last words: "completed OK!"; anything else is a copy not to be trusted whatever the exit code
    const last = r.stderr.trim().split('\n').pop() ?? '';
    if (r.exitCode !== 0 || !/completed OK!\s*$/.test(last)) {
      const why = r.stderr.split('\n').map((l) => l.trim()).find((l) => /error|denied|failed|can't|cannot/i.test(l)) ?? last;
      throw new SummonerError('backup.dump_failed', `${PHYSICAL_TOOL} exited with ${r.exitCode}: ${why || 'no message'}`);
    }
    const rawBack = await back.size.catch((e: Error) => {
      throw new SummonerError('backup.dump_incomplete', `the compressed copy does not decompress: ${backTee.failed?.message ?? e.message}`);
    });
    if (rawBack !== raw.bytes) throw new SummonerError('backup.dump_incomplete', `the copy decompresses to ${rawBack} bytes, ${raw.bytes} were written`);
  } catch (err) {
    comp.kill();
    back.kill();
    await fs.rm(partial, { force: true });
    if (err instanceof SummonerError && err.code.startsWith('backup.')) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new SummonerError('backup.dump_failed', `the physical backup of ${root.app} failed: ${e.code === 'ENOSPC' ? 'the backup disk is full' : e.message}`, { cause: err });
  }
  const durationMs = Date.now() - t0;
  const manifest: Manifest = {
    version: 1,
    app: root.app,
    kind: 'dump',
    method: 'physical',
    type: root.type,
    ...(root.service ? { service: root.service } : {}),
    ...(o.run ? { run: o.run } : {}),
    file: name,
    createdAt: now.toISOString(),
    reason: o.reason,
    ...(o.safety ? { safety: true } : {}),
    tool: PHYSICAL_TOOL,
    toolVersion: version,
    serverVersion,
    database: root.database,
    datadir,
    codec: o.codec,
    level,
    bytes: hash.bytes,
    rawBytes: raw.bytes,
    sha256: hash.digest(),
    durationMs,
    mbPerS: Math.round((raw.bytes / 1e6 / Math.max(0.001, durationMs / 1000)) * 10) / 10,
    tableNames: tables,
    flags: tables.length ? [] : ['empty: no tables'],
  };
  await writeManifest(`${manifestPath(file)}.partial`, manifest);
  await fs.rename(partial, file);
  await fs.rename(`${manifestPath(file)}.partial`, manifestPath(file));
  return manifest;
}

/**
 * A server twin of `live` on `binds` (fresh folders) holding the physical copy `backupFile`, prepared and
 * running, checked against the manifest. Resolves with what was checked; the caller stops or removes `name`.
 */
export async function physicalTwin(
  engine: Engine,
  o: { live: string; name: string; binds: Map<string, string>; labels: Record<string, string>; backupFile: string; manifest: Manifest; app: DbTarget; step: (s: string) => void; startLimitS: number },
): Promise<string> {
  const m = o.manifest;
  const datadir = (m.datadir ?? '/var/lib/mysql/').replace(/\/+$/, '') || '/';
  const helper = `${o.name}-unpack`;
  try {
    await startTwinContainer(engine, { live: o.live, name: helper, binds: o.binds, labels: o.labels, run: ['sleep', 'infinity'] });
    o.step(`unpacking ${m.file} into fresh folders (${m.rawBytes ? `${(m.rawBytes / 1e6).toFixed(0)} MB` : 'size unknown'})`);
    const src = openDecompressed(o.backupFile);
    let r;
    try {
      r = await execStream(engine, helper, ['mbstream', '-x', '-C', datadir], { stdin: src.stream });
      await src.done;
    } catch (err) {
      src.kill();
      throw new SummonerError('backup.restore_failed', `unpacking ${m.file} failed: ${(err as Error).message}`, { cause: err });
    }
    if (r.exitCode !== 0) throw new SummonerError('backup.restore_failed', `mbstream could not unpack ${m.file} (exit ${r.exitCode}): ${firstLine(r.stderr) || 'no message'}`);
    o.step('preparing it (mariadb-backup --prepare: recovery to the end of the copy)');
    const p = await execStream(engine, helper, [PHYSICAL_TOOL, '--prepare', `--target-dir=${datadir}`], { keepBytes: 64 * 1024 });
    const last = p.stderr.trim().split('\n').pop() ?? '';
    if (p.exitCode !== 0 || !/completed OK!\s*$/.test(last)) {
      throw new SummonerError('backup.restore_failed', `${PHYSICAL_TOOL} --prepare failed on ${m.file} (exit ${p.exitCode}): ${p.stderr.split('\n').find((l) => /error/i.test(l))?.trim() ?? last}`);
    }
    // owned like the folder the live server uses (freshFolders gave the new folder that owner)
    const c = await execStream(engine, helper, ['chown', '-R', `--reference=${datadir}`, datadir]);
    if (c.exitCode !== 0) throw new SummonerError('backup.restore_failed', `could not hand the unpacked files to the server's user: ${firstLine(c.stderr)}`);
  } finally {
    await removeContainer(engine, helper).catch(() => undefined);
  }
  o.step(`starting a ${m.type} beside ${o.live} on the copy, with its settings (${o.name})`);
  await startTwinContainer(engine, { live: o.live, name: o.name, binds: o.binds, labels: o.labels });
  const t = { ...o.app, container: o.name };
  await waitReady(engine, t, o.startLimitS);
  o.step('checking its tables: every recorded one there, CHECKSUM TABLE reading every row');
  const have = (await runTool(engine, o.name, dumperFor(t.type).listTables(t), 'listing the tables')).split('\n').map((l) => l.trim()).filter(Boolean);
  const want = m.tableNames ?? [];
  const missing = want.filter((x) => !have.includes(x));
  if (missing.length) throw new SummonerError('backup.restore_failed', `the copy ${m.file} lacks table${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}`);
  if (have.length) {
    const out = await runTool(engine, o.name, { argv: ['mariadb', '-h', '127.0.0.1', '-P', '3306', '-u', t.user, '-N', '-B', '-e', `CHECKSUM TABLE ${have.map((x) => `${mysqlId(t.database)}.${mysqlId(x)}`).join(', ')} EXTENDED`], env: [`MYSQL_PWD=${t.password}`] }, 'CHECKSUM TABLE');
    const bad = out.split('\n').filter((l) => /\tNULL$/.test(l)).map((l) => l.split('\t')[0]);
    if (bad.length) throw new SummonerError('backup.restore_failed', `the copy ${m.file} cannot read table${bad.length > 1 ? 's' : ''} ${bad.slice(0, 5).join(', ')}`);
  }
  return `${have.length} tables as recorded, every row read back (CHECKSUM TABLE), a physical copy`;
}
