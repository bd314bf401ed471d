// A real, minimal "final backup" until the backup issue: a cold copy (containers stopped by the caller)
// of the app's data and database folders into `<backupRoot>/<app>/<app>-<timestamp>-cold.tar.gz`,
// read back before it counts. Entries: `data/<app>/…` and `db/<app>/…`. Also puts data back on a failed
// update's rollback.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BackupHook } from './ports/deploy.js';
import { said } from './reporting.js';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { SummonerError } from '../errors.js';

export interface ColdCopyRoots {
  dataRoot: string;
  dbRoot: string;
  backupRoot: string;
}

export interface ColdCopy {
  file: string;
  bytes: number;
  entries: number;
  /** Which parts it holds. */
  parts: ('data' | 'db')[];
  createdAt: Date;
}

const MANIFEST = 'summoner-coldcopy.json';
/**
 * How much tar reads at once. Its default (16 MiB) is, on read-back, compressed bytes inflated in one go:
 * a 16 MiB piece of a well-compressing file became hundreds of MB in memory (575 MB peak for a folder
 * holding a 2 GB file); when archiving, a 16 MiB buffer per file. Small reads keep memory bounded.
 */
const READ_SIZE = 256 * 1024;

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'); // 20261122T101500Z

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/** Make the cold copy. Resolves only after the archive has been read back (gzip + tar intact, same entry count). */
export async function coldCopy(app: string, roots: ColdCopyRoots, now: Date = new Date()): Promise<ColdCopy> {
  const dir = path.resolve(roots.backupRoot, app);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  let file = path.join(dir, `${app}-${stamp(now)}-cold.tar.gz`);
  for (let i = 1; await exists(file); i++) file = path.join(dir, `${app}-${stamp(now)}-${i}-cold.tar.gz`);
  const tmpTar = `${file}.partial.tar`;
  const parts: ColdCopy['parts'] = [];
  let written = 0;
  const manifestDir = `${file}.manifest`;
  try {
    // a manifest first: names what the copy holds, and the archive is never empty
    const present: ColdCopy['parts'] = [];
    for (const [part, root] of [['data', roots.dataRoot], ['db', roots.dbRoot]] as const) {
      if (await exists(path.join(path.resolve(root), app))) present.push(part);
    }
    await fs.mkdir(manifestDir, { mode: 0o700 });
    await fs.writeFile(path.join(manifestDir, MANIFEST), `${JSON.stringify({ app, createdAt: now.toISOString(), parts: present, kind: 'cold' })}\n`);
    await (await loadTar()).c({ file: tmpTar, cwd: manifestDir, portable: true, maxReadSize: READ_SIZE, onWriteEntry: () => void written++ }, [MANIFEST]);
    for (const [part, root] of [['data', roots.dataRoot], ['db', roots.dbRoot]] as const) {
      if (!present.includes(part)) continue;
      await (await loadTar()).r(
        {
          file: tmpTar,
          cwd: path.resolve(root),
          prefix: part,
          portable: false, // keep owners: database files belong to the server's uid
          maxReadSize: READ_SIZE,
          onWriteEntry: () => void written++,
        },
        [app],
      );
      parts.push(part);
    }
    await pipeline(createReadStream(tmpTar), zlib.createGzip({ level: 6 }), createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await fs.rm(file, { force: true });
    throw new SummonerError('backup.failed', `the cold copy of ${app} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await fs.rm(tmpTar, { force: true });
    await fs.rm(manifestDir, { recursive: true, force: true });
  }
  const entries = await verifyColdCopy(file);
  if (entries !== written) {
    await fs.rm(file, { force: true });
    throw new SummonerError('backup.failed', `the cold copy of ${app} reads back ${entries} entries, ${written} were written`);
  }
  const { size } = await fs.stat(file);
  return { file, bytes: size, entries, parts, createdAt: now };
}

/** Read the whole archive (gunzip checks its CRC, tar its headers); resolves with the entry count. */
export async function verifyColdCopy(file: string): Promise<number> {
  let n = 0;
  try {
    await (await loadTar()).t({ file, onReadEntry: () => void n++, strict: true, maxReadSize: READ_SIZE });
  } catch (err) {
    throw new SummonerError('backup.corrupt', `the backup ${path.basename(file)} does not read back: ${(err as Error).message}`, { cause: err });
  }
  return n;
}

/** Entry paths in a cold copy (for tests and previews). */
export async function listColdCopy(file: string): Promise<string[]> {
  const out: string[] = [];
  await (await loadTar()).t({ file, onReadEntry: (e) => void out.push(e.path), maxReadSize: READ_SIZE });
  return out;
}

/**
 * Put the app's data back as it was in the cold copy: extract to a staging folder beside each root, then
 * swap folders (the current one is removed only after the swap). Parts absent from the copy are left alone.
 */
export async function restoreColdCopy(app: string, file: string, roots: Pick<ColdCopyRoots, 'dataRoot' | 'dbRoot'>): Promise<void> {
  await verifyColdCopy(file);
  const staging = path.resolve(roots.dataRoot, `.restore-${app}-${process.pid}-${Date.now()}`);
  await fs.mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    await (await loadTar()).x({ file, cwd: staging, preserveOwner: true, strict: true, maxReadSize: READ_SIZE });
    for (const [part, root] of [['data', roots.dataRoot], ['db', roots.dbRoot]] as const) {
      const from = path.join(staging, part, app);
      if (!(await exists(from))) continue;
      const target = path.join(path.resolve(root), app);
      const old = `${target}.before-restore-${Date.now()}`;
      await fs.mkdir(path.dirname(target), { recursive: true });
      const had = await exists(target);
      if (had) await fs.rename(target, old);
      try {
        await moveDir(from, target);
      } catch (err) {
        if (had) await fs.rename(old, target).catch(() => undefined);
        throw err;
      }
      if (had) await fs.rm(old, { recursive: true, force: true });
    }
  } catch (err) {
    throw new SummonerError('backup.restore_failed', `putting back the data of ${app} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function moveDir(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fs.cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    await fs.rm(from, { recursive: true, force: true });
  }
}

/** tar is loaded when a copy is made or read, not when the bot starts (~4 MB resident). */
function loadTar(): Promise<typeof import('tar')> {
  return import('tar');
}

/** The core's default BackupHook (before update, rollback and purge): a cold copy of the app's folders. */
export function coldCopyBackupHook(roots: ColdCopyRoots): BackupHook {
  return {
    async backup(app, _reason, reporter) {
      reporter.step(...said('coldCopy', [app]));
      const c = await coldCopy(app, roots);
      return { file: c.file, kind: 'cold' };
    },
    async restore(app, ref, reporter) {
      reporter.step(...said('puttingBackData', [app, path.basename(ref.file)]));
      await restoreColdCopy(app, ref.file, roots);
    },
  };
}
