// bench:restore's cold-copy measure, in a process of its own: a folder holding one large file of real
// (text-like, compressible) data is copied cold, and this process's peak RSS is sampled while the copy runs,
// as the bot would run it, without the bench's own modules and earlier phases (restores, engine clients) in
// the figure. Prints one JSON line: { mb, base_mb, peak_mb, s, bytes }.
//   argv: <root> <file MB>   (the root is created and removed)
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { coldCopy } from '../src/core/coldcopy.js';
import { rssSampler } from './rss.js';

async function main(): Promise<void> {
  const [root, mbArg] = process.argv.slice(2);
  const MB = Number(mbArg);
  if (!root || !(MB > 0)) throw new Error('usage: cold-rss.ts <root> <file MB>');
  const dir = path.join(root, 'data', 'coldbench', 'files');
  await fs.mkdir(dir, { recursive: true });
  // real bytes, not a sparse file: every block is read, compressed and read back
  const line = Buffer.from(Array.from({ length: 1024 }, (_, i) => `line ${i} of a large file that a team keeps beside its app\n`).join(''));
  const out = createWriteStream(path.join(dir, 'big.bin'));
  for (let n = 0; n < MB * 1e6; n += line.length) if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  global.gc?.();
  const base = process.memoryUsage().rss;
  const rss = rssSampler();
  rss.start();
  const t0 = Date.now();
  try {
    const c = await coldCopy('coldbench', { dataRoot: path.join(root, 'data'), dbRoot: path.join(root, 'db'), backupRoot: path.join(root, 'backups') });
    const s = (Date.now() - t0) / 1000;
    rss.stop();
    process.stdout.write(`${JSON.stringify({ mb: MB, base_mb: Math.round(base / 1e6), peak_mb: Math.round(rss.peakBytes / 1e6), s: +s.toFixed(1), bytes: c.bytes })}\n`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[cold-rss] failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
