// Which edge a configuration gets, without an engine: external (nothing of ours in front of the minions),
// unavailable on a Swarm (said plainly at every summon), managed otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { certificatesView, createEdge } from '../src/core/edge.js';
import { createEngine } from '../src/core/engine/index.js';
import { createEventBus } from '../src/core/events.js';

const engine = createEngine({ socket: '/nonexistent/docker.sock' });
const catalog = { get: () => undefined, names: () => [] };
const log = { info() {}, warn() {}, error() {}, debug() {} };
const edgeFor = (over: object, engineMode: 'standalone' | 'swarm' = 'standalone') =>
  createEdge({ config: configSchema.parse({ stateDir: '/nonexistent/state', ...over }), engine, catalog, log, events: createEventBus(), engineMode });

describe('edge', () => {
  it('proxy: external — no hooks, no nginx, no certificates', async () => {
    const edge = edgeFor({ proxy: { mode: 'external' } });
    expect(edge.mode).toBe('external');
    expect(edge.hooks).toEqual({});
    expect(edge.proxy).toBeUndefined();
    expect(edgeFor({ proxy: { mode: 'external' } }).certs).toBeUndefined();
    await edge.start(); // nothing to start, nothing touched
    expect(certificatesView(edge).mode).toBe('external');
  });

  it('on a Swarm the managed proxy says it is not available, at every summon', async () => {
    const edge = edgeFor({}, 'swarm');
    expect(edge.mode).toBe('unavailable');
    const steps: string[] = [];
    await edge.hooks.afterReady!({ app: 'x' } as never, { step: (t) => void steps.push(t) });
    expect(steps).toEqual([expect.stringMatching(/^no proxy: the managed proxy runs beside standalone containers only: on a Swarm, set proxy.mode: external/)]);
    expect(certificatesView(edge).mode).toBe('unavailable');
  });

  it('managed, with or without certificates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-edge-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const on = edgeFor({ stateDir: dir });
    expect(on.mode).toBe('managed');
    expect(on.proxy?.container).toBe('proxy-summoner.localhost');
    expect(on.certs).toBeDefined();
    const off = edgeFor({ stateDir: dir, certificates: { enabled: false } });
    expect(off.certs).toBeUndefined();
    expect(certificatesView(off).mode).toBe('disabled');
  });
});
