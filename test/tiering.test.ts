// The bot starts without V8's optimizing compilers and turns them on once the start's work is done
// (src/tiering.ts): on this Node, started with the shipped flags, a hot function is not optimized before the
// switch and is after it; without the flags the switch changes nothing. The image's Node.js 24 is checked the
// same way in test/docker-image.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedNodeFlags } from '../bench/node-flags.js';
import { OFF_DURING_START, compilersOnceSettled, onByDefault } from '../src/tiering.js';
import { appTieringProbe, tieringProbe, type Seen } from './helpers/tiering-probe.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-tiering-'));
const probe = path.join(dir, 'probe.mjs');
fs.writeFileSync(probe, tieringProbe(pathToFileURL(path.join(root, 'src/tiering.ts')).href));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A probe run by this Node with `flags` (tsx loads the TypeScript modules). */
function run(flags: string[], file = probe): { before: Seen; after: Seen } {
  const out = execFileSync(process.execPath, [...flags, '--allow-natives-syntax', '--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as { before: Seen; after: Seen };
}

describe('optimizing compilers during and after the start', () => {
  it('the shipped flags start without them, and compilersFromNow turns on those this Node has by default', () => {
    for (const c of OFF_DURING_START) expect(shippedNodeFlags()).toContain(`--no-${c}`);
    const r = run(shippedNodeFlags());
    console.log(JSON.stringify({ node: process.versions.node, v8: process.versions.v8, shipped: r }));
    expect(r.before).toEqual({ maglev: -1, turbofan: -1 });
    expect(r.after.turbofan).toBeGreaterThan(0);
    // Node.js 20 (V8 11): Maglev is not on by default and stays off; from V8 12 on it comes back
    if (onByDefault('maglev')) expect(r.after.maglev).toBeGreaterThan(0);
    else expect(r.after.maglev).toBe(-1);
  });

  it('the app turns them on once its start has settled (what main.ts and the benches run)', () => {
    const file = path.join(dir, 'app-probe.mjs');
    fs.writeFileSync(file, appTieringProbe(root, path.join(dir, 'state')));
    const r = run(shippedNodeFlags(), file);
    expect(r.before).toEqual({ maglev: -1, turbofan: -1 });
    expect(r.after.turbofan).toBeGreaterThan(0);
  });

  it('a process started without the flags is left as it is: optimized before and after', () => {
    const r = run([]);
    expect(r.before.turbofan).toBeGreaterThan(0);
    expect(r.after.turbofan).toBeGreaterThan(0);
  });

  it('Maglev is on by default from V8 12 (Node.js 22) on', () => {
    expect(onByDefault('maglev', '11.3.244.8-node.33')).toBe(false);
    expect(onByDefault('maglev', '13.6.233.17-node.36')).toBe(true);
    expect(onByDefault('turbofan', '11.3.244.8-node.33')).toBe(true);
  });

  it('waits for the start’s work, failed or not, and no longer than its limit', async () => {
    // a piece of work that never settles (a stuck engine call): the limit ends the wait
    const t0 = Date.now();
    await compilersOnceSettled([Promise.reject(new Error('reconcile failed')), new Promise<void>(() => undefined)], 200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    // all settled, one of them failed: no wait for the limit
    const t1 = Date.now();
    await compilersOnceSettled([Promise.resolve(), Promise.reject(new Error('x'))], 60_000);
    expect(Date.now() - t1).toBeLessThan(5_000);
  });
});
