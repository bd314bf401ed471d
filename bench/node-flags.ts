// The Node flags Summoner is shipped with, read from `npm start` (package.json), so that the benches run the
// bot as users do. The Dockerfile's CMD, its `summoner` wrapper and main.ts's shebang carry the same flags
// (test/node-flags.test.ts checks they agree).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shipped entry point (the bundle, scripts/bundle.ts), relative to the repository. */
export const SHIPPED_ENTRY = 'dist/bundle/main.js';

/** The flags between `node` and the entry point in package.json's start script. */
export function shippedNodeFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node((?:\s+--\S+)*)\s+(\S+)$/.exec(start.trim());
  if (!m || m[2] !== SHIPPED_ENTRY) throw new Error(`package.json's start script is not "node [--flags] ${SHIPPED_ENTRY}": ${start}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

/** The flags a bench runs Summoner with: BENCH_NODE_FLAGS when set ("" for none, or others to compare), else the shipped ones. */
export function benchNodeFlags(): string[] {
  const asked = process.env.BENCH_NODE_FLAGS;
  return asked !== undefined ? asked.split(/\s+/).filter(Boolean) : shippedNodeFlags();
}
