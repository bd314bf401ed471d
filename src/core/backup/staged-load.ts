// A PostgreSQL dump decompressed to a file beside the data folders while the restore's fresh server starts
// (initdb keeps one core busy, the other is free), then read by pg_restore inside that server's container from
// a read-only bind. Streamed instead, through Node, the engine and the container's shim, the same bytes cost
// as much CPU as the loading server itself on a two-core host, and the load waits for them. Only when the
// disk has room for the file beside what the restore writes anyway; the stream stays the fallback.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SummonerError } from '../../errors.js';
import { codecOfFile, openDecompressed, spawnTool } from './compress.js';
import type { BackupEntry } from './manifest.js';

/** Where the staged folder appears inside the fresh server's container (a fixed path: nothing from outside). */
export const STAGED_DIR_IN_CONTAINER = '/run/summoner-restore';
const STAGED_FILE = 'dump';

/** Free space kept beyond the staged file and the restored database (taken as large as the dump again). */
const MARGIN_BYTES = 1 << 30;

export interface StagedDump {
  /** The folder on the host (bound read-only into the fresh server's container). */
  dir: string;
  /** The file's path inside that container, once `ready` settled. */
  inContainer: string;
  /** Settles when the whole dump is on disk; rejects with the decompressor's or the disk's error. */
  ready: Promise<void>;
  /** Stops the decompression if still running and removes the folder (once loaded, or the load given up). */
  drop(): Promise<void>;
}

/** The owner a staged folder takes: the live data folder's it is staged beside (undefined if it cannot be read). */
export async function ownerOf(folder: string): Promise<{ uid: number; gid: number } | undefined> {
  return fs.stat(folder).then((st) => ({ uid: st.uid, gid: st.gid }), () => undefined);
}

/**
 * Starts decompressing `b` into `dir` (created here, owned like `owner`, 0700; the file 0600), or says why not
 * (undefined: not a PostgreSQL dump, its size unknown, not enough free space for it and the restored data, or
 * the folder cannot be handed to `owner`).
 */
export async function stageDump(b: BackupEntry, dir: string, owner: { uid: number; gid: number } | undefined): Promise<StagedDump | undefined> {
  if (b.manifest.kind !== 'dump' || b.manifest.type !== 'postgres' || !b.manifest.rawBytes) return undefined;
  const fsStat = await fs.statfs(path.dirname(dir)).catch(() => undefined);
  if (!fsStat || fsStat.bavail * fsStat.bsize < 2 * b.manifest.rawBytes + MARGIN_BYTES) return undefined;
  await fs.mkdir(dir, { mode: 0o700 });
  const file = path.join(dir, STAGED_FILE);
  const out = await fs.open(file, 'wx', 0o600);
  // the server's own user reads it inside the container (an image may exec as that user, not root): when it
  // cannot be handed over (Summoner not root), the dump streams as before rather than risk an unreadable file
  if (owner) {
    const handed = await Promise.all([fs.chown(dir, owner.uid, owner.gid), out.chown(owner.uid, owner.gid)]).then(() => true, () => false);
    if (!handed) {
      await out.close().catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
      return undefined;
    }
  }
  let cancel: () => void;
  let written: Promise<void>;
  if (codecOfFile(b.path) === 'zstd') {
    // zstd reads the backup and writes the file itself: no byte of it passes through this process
    const tool = spawnTool(['zstd', '-d', '-q', '-c', '--', b.path], 'zstd -d', { stdio: ['ignore', out.fd, 'pipe'] });
    written = tool.done;
    cancel = tool.kill;
  } else {
    const src = openDecompressed(b.path);
    const sink = out.createWriteStream({ autoClose: false });
    written = pipeline(src.stream, sink).then(() => src.done);
    cancel = () => src.kill();
  }
  const ready = (async () => {
    try {
      await written;
    } catch (err) {
      throw new SummonerError('backup.restore_failed', `could not decompress ${b.manifest.file} for the load: ${(err as Error).message}`, { cause: err });
    } finally {
      await out.close().catch(() => undefined);
    }
  })();
  ready.catch(() => undefined);
  const drop = async () => {
    cancel();
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { dir, inContainer: `${STAGED_DIR_IN_CONTAINER}/${STAGED_FILE}`, ready, drop };
}
