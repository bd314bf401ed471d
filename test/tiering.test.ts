// The bot starts without TurboFan and turns it on once the start's work is done (src/tiering.ts): on this Node,
// started with the shipped flags, a hot function is not optimized before the switch and is after it; without the
// flag the switch changes nothing. The image's Node.js 24 is checked the same way in test/docker-image.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedNodeFlags } from '../bench/node-flags.js';
import { START_WITHOUT_TURBOFAN, turbofanOnceSettled } from '../src/tiering.js';
import { appTieringProbe, tieringProbe } from './helpers/tiering-probe.js';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-tiering-'));
const probe = path.join(dir, 'probe.mjs');
fs.writeFileSync(probe, tieringProbe(pathToFileURL(path.join(root, 'src/tiering.ts')).href));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A probe run by this Node with `flags` (tsx loads the TypeScript modules). */
function run(flags: string[], file = probe): { before: number; after: number } {
  const out = execFileSync(process.execPath, [...flags, '--allow-natives-syntax', '--import', 'tsx', file], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as { before: number; after: number };
}

describe('TurboFan during and after the start', () => {
  it('the shipped flags start without it, and turbofanFromNow turns it on', () => {
    expect(shippedNodeFlags()).toContain(START_WITHOUT_TURBOFAN);
    const r = run(shippedNodeFlags());
    console.log(JSON.stringify({ node: process.versions.node, shipped: r }));
    expect(r.before).toBe(-1);
    expect(r.after).toBeGreaterThan(0);
  });

  it('the app turns it on once its start has settled (what main.ts and the benches run)', () => {
    const file = path.join(dir, 'app-probe.mjs');
    fs.writeFileSync(file, appTieringProbe(root, path.join(dir, 'state')));
    const r = run(shippedNodeFlags(), file);
    expect(r.before).toBe(-1);
    expect(r.after).toBeGreaterThan(0);
  });

  it('a process started without the flag is left as it is: optimized before and after', () => {
    const r = run([]);
    expect(r.before).toBeGreaterThan(0);
    expect(r.after).toBeGreaterThan(0);
  });

  it('waits for the start’s work, failed or not, and no longer than its limit', async () => {
    // a piece of work that never settles (a stuck engine call): the limit ends the wait
    const t0 = Date.now();
    await turbofanOnceSettled([Promise.reject(new Error('reconcile failed')), new Promise<void>(() => undefined)], 200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    // all settled, one of them failed: no wait for the limit
    const t1 = Date.now();
    await turbofanOnceSettled([Promise.resolve(), Promise.reject(new Error('x'))], 60_000);
    expect(Date.now() - t1).toBeLessThan(5_000);
  });
});
