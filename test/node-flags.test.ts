// Summoner's Node flags (README, "Where the idle memory goes"): every start route carries the same ones, and
// this Node accepts them and holds the young generation at 4 MB per semi-space through an allocation burst (the
// idle trim gives it back: test/idle-trim.test.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHIPPED_ENTRY, shippedNodeFlags } from '../bench/node-flags.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

describe('shipped Node flags', () => {
  const flags = shippedNodeFlags();

  it('npm start, the image CMD, its summoner wrapper and the bin shebang carry the same flags', () => {
    expect(flags).toContain('--max-semi-space-size=4');
    const dockerfile = read('Dockerfile');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd, 'the Dockerfile has an exec-form CMD').not.toBeNull();
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...flags, SHIPPED_ENTRY]);
    expect(dockerfile).toContain(`exec node ${flags.join(' ')} /app/${SHIPPED_ENTRY} "$@"`);
    expect(read('src/main.ts').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags.join(' ')}`);
    // the bin is the bundle, whose first line is main.ts's (scripts/bundle.ts keeps it; test/bundle.test.ts)
    expect((JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin.summoner).toBe(SHIPPED_ENTRY);
  });

  it('this Node accepts them, and its young generation stays within 4 MB per semi-space through an allocation burst', () => {
    // what the start does to the heap: many objects, a share of them kept
    const script = `
      let keep = [];
      for (let i = 0; i < 3000000; i++) { keep.push({ i, s: 'x' + i, a: [i, i + 1] }); if (keep.length > 200000) keep = keep.slice(100000); }
      const ns = require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stdout.write(JSON.stringify({ size: ns.space_size, kept: keep.length }));`;
    const withFlags = JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as { size: number };
    const without = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { size: number };
    expect(withFlags.size).toBeLessThanOrEqual(2 * 4 * 1024 * 1024);
    expect(without.size).toBeGreaterThan(withFlags.size); // the default grows: the flag is what holds it
  });
});
