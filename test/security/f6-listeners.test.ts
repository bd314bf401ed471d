// Finding 6, listeners: the public listener serves only the webhook, slash and button routes; /healthz and
// /metrics are on the internal listener (loopback by default), /metrics behind a bearer token when
// SUMMONER_METRICS_TOKEN is set; and an app container reaches the public listener but not the metrics.
// On the old code (one listener for everything) the public /metrics answers 200 and there is no internal one.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { engineAvailable, freePort } from '../helpers/docker.js';
import { bridgeGateway, docker } from '../helpers/image.js';
import { tmpDir } from '../helpers/robot.js';
import { HOOK_SECRET, hookApps } from './helpers.js';

const started = hookApps();

describe('two listeners', () => {
  it('defaults: public 127.0.0.1:8080, internal 127.0.0.1:9090', () => {
    const c = configSchema.parse({});
    expect(c.http.listen).toBe('127.0.0.1:8080');
    expect(c.http.internalListen).toBe('127.0.0.1:9090');
  });

  it('the public listener serves the webhook but not /healthz nor /metrics; the internal one the reverse', async () => {
    const app = await started();
    const pub = app.http!.url;
    const internal = app.internalHttp!.url;
    expect(pub).not.toBe(internal);
    expect((await fetch(`${pub}/metrics`)).status).toBe(404);
    expect((await fetch(`${pub}/healthz`)).status).toBe(404);
    const body = JSON.stringify({ action: 'completed', workflow_run: { id: 1 } });
    const signed = await fetch(`${pub}/hooks/gh`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': 'd-1',
        'x-hub-signature-256': `sha256=${createHmac('sha256', HOOK_SECRET).update(body).digest('hex')}`,
      },
    });
    expect([200, 202]).toContain(signed.status);

    const h = await fetch(`${internal}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'ok' });
    const m = await fetch(`${internal}/metrics`);
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('summoner_build_info');
    expect((await fetch(`${internal}/hooks/gh`, { method: 'POST', body })).status).toBe(404);
  });

  it('/metrics wants the bearer token when one is set', async () => {
    const token = 'metrics-token-abcdef0123456789';
    const app = await started({}, { metricsToken: token });
    const url = `${app.internalHttp!.url}/metrics`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('summoner_');
    // health stays open: a container's HEALTHCHECK has no token
    expect((await fetch(`${app.internalHttp!.url}/healthz`)).status).toBe(200);
  });
});

describe('in the shell', () => {
  it('serves /healthz and /metrics on the internal listener whenever the webhook listener runs', async () => {
    const dir = tmpDir('summoner-shell-listen-');
    const [pub, internal] = [await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(dir, 'summoner.yml'),
      [`stateDir: ${dir}/state`, `http: { listen: "127.0.0.1:${pub}", internalListen: "127.0.0.1:${internal}" }`, 'notify:', '  hooks: { gh: { source: github, secretEnv: HOOK } }', ''].join('\n'),
    );
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const main = path.resolve(import.meta.dirname, '../../src/main.ts');
    // the interactive shell (no command on the line), its stdin kept open
    const child = spawn(process.execPath, ['--import', tsx, main, '--config', path.join(dir, 'summoner.yml')], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HOOK: HOOK_SECRET },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${internal}/healthz`)).status).toBe(200), { timeout: 30_000, interval: 200 });
      expect((await fetch(`http://127.0.0.1:${internal}/metrics`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${pub}/healthz`)).status).toBe(404);
    } finally {
      child.stdin!.end('exit\n');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});

const engine = engineAvailable() ? describe : describe.skip;
engine('from an app container (real engine)', () => {
  const name = `sec-listen-${Date.now().toString(36)}`;
  afterAll(async () => {
    await docker(['rm', '-f', name]);
  });

  it('reaches the public listener (404 for /metrics) but not the internal one', async () => {
    const [pubPort, intPort] = [await freePort(), await freePort()];
    // the public listener on every interface, as a container deployment would; the internal one on loopback
    const app = await started({ listen: `0.0.0.0:${pubPort}`, internalListen: `127.0.0.1:${intPort}` });
    expect(app.internalHttp!.url).toBe(`http://127.0.0.1:${intPort}`);
    const gw = await bridgeGateway();
    // an app-like container (the test web image's busybox) on Docker's bridge
    const r = await docker(['run', '--name', name, '--entrypoint', '/bin/busybox', 'summoner-test/web:1.0', 'sh', '-c',
      `timeout 5 wget -q -O - http://${gw}:${pubPort}/metrics; echo "public=$?"; timeout 5 wget -q -O - http://${gw}:${intPort}/metrics; echo "internal=$?"`]);
    const out = r.stdout + r.stderr;
    // it got an HTTP answer from the public listener: a 404, no metrics
    expect(out).toMatch(/404/);
    expect(out).not.toContain('summoner_build_info');
    expect(out).toMatch(/public=1/);
    // and no connection at all to the internal one
    expect(out).toMatch(/internal=1/);
    expect(out).toMatch(/refused|timed out|Connection/i);
  });
});
