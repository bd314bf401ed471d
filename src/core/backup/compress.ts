// Compression of dumps: zstd (Debian's `zstd` binary, spawned with argv; Node 20's zlib has no zstd) where
// it is installed, gzip (zlib) otherwise; the level is configurable. Plus the taps a dump stream needs in
// the same pass: sha256 of what is written, and the raw byte count with the last bytes (completion marker).
import { execFile, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { Duplex, Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { SummonerError } from '../../errors.js';

export type Codec = 'zstd' | 'gzip';
export const EXT: Record<Codec, string> = { zstd: 'zst', gzip: 'gz' };
// zstd 1: half the CPU of level 3 for a dump's text (0.49 s against 0.99 s for 94 MB of INSERTs, and no
// larger a file there), so the compressor keeps up with the dump on two cores; `backup.level` sets another
export const DEFAULT_LEVEL: Record<Codec, number> = { zstd: 1, gzip: 6 };

let zstdPresent: Promise<boolean> | undefined;
export function zstdAvailable(): Promise<boolean> {
  zstdPresent ??= new Promise((resolve) => execFile('zstd', ['--version'], (err) => resolve(!err)));
  return zstdPresent;
}

export async function pickCodec(pref: 'auto' | Codec): Promise<Codec> {
  if (pref === 'gzip') return 'gzip';
  const has = await zstdAvailable();
  if (pref === 'zstd' && !has) throw new SummonerError('backup.no_zstd', 'backup.compression is zstd but the zstd program is not installed', { hint: 'apt-get install zstd, or set backup.compression: auto' });
  return has ? 'zstd' : 'gzip';
}

export function codecOfFile(file: string): Codec {
  if (file.endsWith('.zst')) return 'zstd';
  if (file.endsWith('.gz')) return 'gzip';
  throw new SummonerError('backup.unknown_format', `not a compressed backup: ${file}`);
}

export interface CodecStream {
  stream: Duplex;
  /** Settles when the compressor is done (rejects on a non-zero zstd exit). */
  done: Promise<void>;
  kill(): void;
}

/**
 * A compression tool run by argv (never a shell), its stdio as asked. `done` settles when it exits: a non-zero exit
 * or a signal rejects with its first line of stderr. `yieldCpu`: a lower CPU priority (nice 10) for work that runs
 * beside the work that matters (best effort: a failure changes nothing).
 */
export function spawnTool(argv: string[], what: string, o: { stdio: StdioOptions; yieldCpu?: boolean }): { child: ChildProcess; done: Promise<void>; kill(): void } {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: o.stdio });
  if (o.yieldCpu && child.pid) {
    try {
      os.setPriority(child.pid, 10);
    } catch {
      // not allowed or already gone: it runs at normal priority
    }
  }
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 4096) stderr += c.toString('utf8');
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SummonerError('backup.compress_failed', `${what} failed (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
    });
  });
  done.catch(() => undefined);
  return { child, done, kill: () => void child.kill('SIGKILL') };
}

/** A tool between a pipe in and a pipe out, as a Duplex. */
function spawnFilter(argv: string[], what: string, yieldCpu = false): CodecStream {
  const { child, done, kill } = spawnTool(argv, what, { stdio: ['pipe', 'pipe', 'pipe'], yieldCpu });
  const stream = Duplex.from({ writable: child.stdin!, readable: child.stdout! });
  return { stream, done, kill };
}

/** `yieldCpu`: a safety copy gives the CPU to the running apps first (after a restore, the one just swapped in). */
export function compressor(codec: Codec, level: number, yieldCpu = false): CodecStream {
  if (codec === 'zstd') return spawnFilter(['zstd', `-${level}`, '-q', '-c', '-'], 'zstd', yieldCpu);
  const z = zlib.createGzip({ level });
  return { stream: z, done: Promise.resolve(), kill: () => z.destroy() };
}

export function decompressor(codec: Codec, yieldCpu = false): CodecStream {
  if (codec === 'zstd') return spawnFilter(['zstd', '-d', '-q', '-c', '-'], 'zstd -d', yieldCpu);
  const z = zlib.createGunzip();
  return { stream: z, done: Promise.resolve(), kill: () => z.destroy() };
}

/** A file's content, decompressed, as a Readable (errors of either side surface on it). */
export function openDecompressed(file: string, codec: Codec = codecOfFile(file)): { stream: Readable; done: Promise<void>; kill(): void } {
  const d = decompressor(codec);
  const src = createReadStream(file);
  src.on('error', (e) => d.stream.destroy(e));
  src.pipe(d.stream);
  return d;
}

/** sha256 and byte count of what passes. */
export class HashTap extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Raw byte count, the last `tailBytes` bytes (for the completion marker) and a progress callback. */
export class TailTap extends Transform {
  bytes = 0;
  private last = Buffer.alloc(0);
  constructor(private readonly tailBytes = 512, private readonly onBytes?: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.last = chunk.length >= this.tailBytes ? Buffer.from(chunk.subarray(chunk.length - this.tailBytes)) : Buffer.concat([this.last, chunk]).subarray(-this.tailBytes);
    this.onBytes?.(this.bytes);
    cb(null, chunk);
  }
  tail(): string {
    return this.last.toString('utf8');
  }
}

/** sha256 of a file (streamed). */
export async function sha256File(file: string): Promise<string> {
  const tap = new HashTap();
  await pipeline(createReadStream(file), tap, new Writable({ write: (_c, _e, cb) => cb() }));
  return tap.digest();
}

/** Decompress the whole file to nowhere: true when it reads back; else the reason. Returns the raw size. */
export async function testDecompress(file: string, codec?: Codec): Promise<number> {
  const d = openDecompressed(file, codec);
  let n = 0;
  try {
    await pipeline(d.stream, new Writable({ write: (c: Buffer, _e, cb) => ((n += c.length), cb()) }));
    await d.done;
  } catch (err) {
    d.kill();
    throw new SummonerError('backup.corrupt', `${file.split('/').pop()} does not decompress: ${(err as Error).message}`, { cause: err });
  }
  return n;
}

/**
 * Passes every chunk on, and writes it into `side` too, waiting while the side is full (one pass, checks
 * in parallel with the dump). A side that fails or closes is let go and its error kept in `failed`: it
 * never breaks the main stream, the caller reports it.
 */
export class Tee extends Transform {
  failed?: Error;
  constructor(private readonly side: Writable) {
    super();
    side.on('error', (e: Error) => {
      this.failed ??= e;
    });
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    if (this.failed || this.side.destroyed || this.side.writableEnded) return cb(null, chunk);
    if (this.side.write(chunk)) return cb(null, chunk);
    const go = () => {
      this.side.off('drain', go);
      this.side.off('close', go);
      cb(null, chunk);
    };
    this.side.once('drain', go);
    this.side.once('close', go);
  }
  override _flush(cb: TransformCallback): void {
    if (!this.failed && !this.side.destroyed && !this.side.writableEnded) this.side.end();
    cb();
  }
}

/** A decompressor fed by a Tee: resolves with the decompressed size, rejects when it does not decompress. */
export function decompressCounter(codec: Codec, yieldCpu = false): { input: Writable; size: Promise<number>; kill(): void } {
  const d = decompressor(codec, yieldCpu);
  let n = 0;
  const size = pipeline(d.stream, new Writable({ write: (c: Buffer, _e, cb) => ((n += c.length), cb()) }))
    .then(() => d.done)
    .then(() => n);
  size.catch(() => undefined);
  return { input: d.stream, size, kill: d.kill };
}

/**
 * Gathers the small frames a dump tool's stdout arrives in (a few KB each) into chunks of `size` bytes, so
 * that the compressor pipe, the hash and the file get few large writes instead of many small ones.
 */
export class Rechunk extends Transform {
  private parts: Buffer[] = [];
  private n = 0;
  constructor(private readonly size = 256 * 1024) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.parts.push(chunk);
    this.n += chunk.length;
    if (this.n >= this.size) {
      const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.n);
      this.parts = [];
      this.n = 0;
      cb(null, out);
    } else cb();
  }
  override _flush(cb: TransformCallback): void {
    if (this.n) cb(null, this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.n));
    else cb();
  }
}
