// The Node flags Summoner is shipped with, read from `npm start` (package.json), so that the benches run the
// bot as users do. The Dockerfile's CMD, its `summoner` wrapper and main.ts's shebang carry the same flags
// (test/node-flags.test.ts checks they agree).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The flags between `node` and `dist/src/main.js` in package.json's start script. */
export function shippedNodeFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`package.json's start script is not "node [--flags] dist/src/main.js": ${start}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
