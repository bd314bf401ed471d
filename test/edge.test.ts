// Which edge a configuration gets, without an engine: external (nothing of ours in front of the minions),
// managed otherwise: one nginx container on one host, a global nginx service on a Swarm.
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

  it('on a Swarm the managed proxy is a global service named for the domain, its challenges in its configuration', async () => {
    const edge = edgeFor({}, 'swarm');
    expect(edge.mode).toBe('managed');
    expect(edge.proxy?.name).toBe('proxy-summoner-localhost');
    expect(edge.certs).toBeDefined();
    expect(certificatesView(edge).mode).toBe('managed');
    // before the proxy runs, an answer cannot be served: it says so instead of pretending
    await expect(edge.proxy!.challenges.put('tok_1', 'tok_1.thumb')).rejects.toMatchObject({ code: 'proxy.not_started' });
    // tokens and answers are data, never configuration syntax
    await expect(edge.proxy!.challenges.put('a;b', 'x')).rejects.toThrow(/malformed challenge token/);
    await expect(edge.proxy!.challenges.put('ok', 'x" ; return 200 "y')).rejects.toThrow(/malformed challenge answer/);
  });

  it('managed, with or without certificates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-edge-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const on = edgeFor({ stateDir: dir });
    expect(on.mode).toBe('managed');
    expect(on.proxy?.name).toBe('proxy-summoner.localhost');
    expect(on.certs).toBeDefined();
    const off = edgeFor({ stateDir: dir, certificates: { enabled: false } });
    expect(off.certs).toBeUndefined();
    expect(certificatesView(off).mode).toBe('disabled');
  });
});
