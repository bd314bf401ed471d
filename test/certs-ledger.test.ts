// The certificate module without a CA: the rate-limit budget (pure), and the manager's refusals, each with
// a message that says what is wrong — a budget spent (queued, the CA never contacted), a name that does
// not resolve to this host, a proxy that does not answer the HTTP-01 self-probe.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certificatesSchema } from '../src/config/schema.js';
import { budget, registeredDomain, type LedgerEntry } from '../src/core/certs/ledger.js';
import { CertificateManager } from '../src/core/certs/manager.js';
import { createEventBus, type SummonerEvent } from '../src/core/events.js';
import { fileBoard } from '../src/core/challenges.js';

const limits = certificatesSchema.parse({}).limits;
const HOUR = 3600_000;
const now = Date.parse('2026-11-20T12:00:00Z');
const e = (minutesAgo: number, kind: LedgerEntry['kind'], name = 'a.example.org', directory: LedgerEntry['directory'] = 'production'): LedgerEntry => ({
  at: now - minutesAgo * 60_000,
  name,
  kind,
  directory,
});

describe('rate-limit budget (Let\'s Encrypt defaults)', () => {
  it('has Let\'s Encrypt\'s published limits as defaults', () => {
    expect(limits).toEqual({ certsPerDomainPerWeek: 50, duplicateCertsPerWeek: 5, failedValidationsPerHour: 5, ordersPer3Hours: 300 });
  });
  it('5 failed validations for a name in an hour: wait until the oldest leaves the hour', () => {
    const entries = [50, 40, 30, 20, 10].map((m) => e(m, 'failed'));
    const b = budget(entries, 'a.example.org', 'production', now, limits);
    expect(b).toEqual({ ok: false, reason: expect.stringContaining('5 failed validations for a.example.org in the last hour'), retryAt: now - 50 * 60_000 + HOUR });
    // another name, the staging directory, or an hour later: fine
    expect(budget(entries, 'b.example.org', 'production', now, limits).ok).toBe(true);
    expect(budget(entries, 'a.example.org', 'staging', now, limits).ok).toBe(true);
    expect(budget(entries, 'a.example.org', 'production', now + HOUR, limits).ok).toBe(true);
  });
  it('5 duplicate certificates in a week; 50 per registered domain in a week', () => {
    const dups = [1, 2, 3, 4, 5].map((d) => e(d * 24 * 60, 'issued'));
    expect(budget(dups, 'a.example.org', 'production', now, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('5 certificates for exactly a.example.org this week') });
    const many = Array.from({ length: 50 }, (_, i) => e(i * 60, 'issued', `n${i}.example.org`));
    expect(budget(many, 'new.example.org', 'production', now, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('50 certificates under example.org this week') });
    expect(budget(many, 'new.example.net', 'production', now, limits).ok).toBe(true);
    expect(registeredDomain('x.y.example.org')).toBe('example.org');
  });
  it('300 new orders in 3 hours', () => {
    const orders = Array.from({ length: 300 }, (_, i) => e(i % 170, 'order', `n${i}.example.org`));
    expect(budget(orders, 'z.example.org', 'production', now, limits)).toMatchObject({ ok: false, reason: expect.stringContaining('300 new orders in the last 3 hours') });
  });
});

describe('certificate manager refusals', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const make = (o: { lookup?: (n: string) => Promise<string[]>; probePort?: number; ledger?: LedgerEntry[] } = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-certs-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'acme'), { recursive: true });
    if (o.ledger) fs.writeFileSync(path.join(dir, 'acme', 'ledger.json'), JSON.stringify(o.ledger));
    const events: SummonerEvent[] = [];
    const bus = createEventBus();
    bus.on((x) => void events.push(x));
    const mgr = new CertificateManager({
      // a CA that would refuse every connection: any contact with it would show in the message
      config: certificatesSchema.parse({ directoryUrl: 'https://127.0.0.1:1/dir', stagingUrl: '', publicIps: ['192.0.2.10'] }),
      dir: path.join(dir, 'acme'),
      challenges: fileBoard(dir),
      probe: { host: '127.0.0.1', port: o.probePort ?? 1 },
      events: bus,
      log: { info() {}, warn() {}, error() {}, debug() {} },
      onInstalled: async () => undefined,
      names: () => [],
      lookup: o.lookup ?? (async () => ['192.0.2.10']),
      now: () => now,
    });
    return { mgr, events };
  };

  it('a spent budget queues the order with the reason, without contacting the CA', async () => {
    const { mgr, events } = make({ ledger: [50, 40, 30, 20, 10].map((m) => e(m, 'failed')) });
    const err = (await mgr.ensure('a.example.org').catch((x: unknown) => x)) as { code: string; message: string; hint: string };
    expect(err.code).toBe('certs.rate_limited');
    expect(err.message).toContain('not ordering a certificate for a.example.org now: 5 failed validations');
    expect(err.message).not.toMatch(/could not be reached/);
    expect(events).toEqual([expect.objectContaining({ type: 'cert.failing', name: 'a.example.org', retryAt: new Date(now + 10 * 60_000).toISOString() })]);
  });

  it('pre-flight: a name that does not resolve, or resolves elsewhere', async () => {
    const { mgr } = make({ lookup: async () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })) });
    await expect(mgr.preflight('a.example.org')).rejects.toThrow('a.example.org does not resolve (ENOTFOUND)');
    const other = make({ lookup: async () => ['203.0.113.7'] }).mgr;
    await expect(other.preflight('a.example.org')).rejects.toThrow('a.example.org resolves to 203.0.113.7, not to this host (192.0.2.10)');
  });

  it('pre-flight: the proxy does not answer, or answers without the token', async () => {
    const closed = make({ probePort: 1 }).mgr;
    await expect(closed.preflight('a.example.org')).rejects.toThrow(/the proxy does not answer on 127\.0\.0\.1:1/);
    const srv = net.createServer((s) => s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const { mgr } = make({ probePort: (srv.address() as net.AddressInfo).port });
      await expect(mgr.preflight('a.example.org')).rejects.toThrow('the HTTP-01 self-probe for a.example.org got status 404 instead of the token');
    } finally {
      srv.close();
    }
  });
});
