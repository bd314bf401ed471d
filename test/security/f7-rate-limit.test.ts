// Finding 7, limits before the signature check on the public listener: a per-client token bucket (429 with
// Retry-After, and the signature is never looked at), a cap on open connections, and short header/body
// deadlines so a slow client cannot hold a slot. On the old code none of these exist: the 4th unsigned
// request gets 401 (its signature was checked), the extra connection is served, a trickling body is waited
// for 30 s and trickled headers for as long as Node's default check interval allows.
import { describe, expect, it, vi } from 'vitest';
import { createClientLimiter } from '../../src/http/limits.js';
import { hookApps, rawSocket } from './helpers.js';

const started = hookApps();

const badPost = (url: string) =>
  fetch(`${url}/hooks/gh`, {
    method: 'POST',
    body: '{"action":"completed"}',
    headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-hub-signature-256': 'sha256=00' },
  });

describe('per-client rate limit', () => {
  it('answers 429 with Retry-After once a client spent its burst, before the signature is checked', async () => {
    const app = await started({ rateLimit: { perSecond: 0.5, burst: 3 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await badPost(app.http!.url);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // the refused ones never reached the verifier: 3 bad signatures counted, 2 client rate limits
    const text = (await (await fetch(`${app.internalHttp!.url}/metrics`)).text()).split('\n');
    expect(text.find((l) => l.includes('hook="gh"') && l.includes('client_rate_limited'))).toMatch(/ 2$/);
    expect(text.find((l) => l.includes('hook="gh"') && l.includes('bad_signature'))).toMatch(/ 3$/);
  });

  it('the bucket refills with time, per client, and forgets idle clients past its bound', () => {
    let t = 0;
    const l = createClientLimiter({ perSecond: 2, burst: 2 }, () => t, 3);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([undefined, undefined, 1]);
    expect(l.take('b')).toBeUndefined(); // another client has its own bucket
    t += 500;
    expect(l.take('a')).toBeUndefined();
    for (const c of ['c', 'd', 'e', 'f']) l.take(c);
    expect(l.size).toBeLessThanOrEqual(3);
    expect(createClientLimiter({ perSecond: 0, burst: 1 }).take('x')).toBeUndefined(); // 0 = off
  });
});

describe('connection cap and deadlines', () => {
  it('closes connections over the cap at once, and serves again once one is freed', async () => {
    const app = await started({ maxConnections: 2, rateLimit: { perSecond: 0, burst: 1 } });
    const a = await rawSocket(app.http!.url);
    const b = await rawSocket(app.http!.url);
    // wait until the server counts both (it accepts asynchronously)
    await vi.waitFor(async () => {
      const c = await rawSocket(app.http!.url);
      expect(await c.closed).toBe(''); // dropped without a byte
    }, { timeout: 5000, interval: 50 });
    a.sock.destroy();
    await a.closed;
    await vi.waitFor(async () => expect((await badPost(app.http!.url)).status).toBe(401), { timeout: 5000, interval: 50 });
    b.sock.destroy();
  });

  it('a body that does not arrive in time gets 408 and loses its connection', async () => {
    const app = await started({ bodyTimeoutMs: 300 });
    const c = await rawSocket(app.http!.url);
    const t0 = Date.now();
    c.sock.write('POST /hooks/gh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
    const said = await c.closed;
    expect(said).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('headers that trickle are cut off at the headers deadline', async () => {
    const app = await started({ headersTimeoutMs: 300, bodyTimeoutMs: 300 });
    const c = await rawSocket(app.http!.url);
    const t0 = Date.now();
    c.sock.write('POST /hooks/gh HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => c.sock.write('X-Slow: 1\r\n'), 100);
    await c.closed;
    clearInterval(timer);
    // Node checks once a second: well under its 30 s default interval
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});
