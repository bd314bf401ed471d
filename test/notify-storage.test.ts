// Issue 16, storage events: the filesystems of Summoner's roots announced once per crossing of their threshold
// and once on recovery (src/notify/disk-watch.ts, its state in the real store), off-site copy done/failed and
// dead letters as events of their own; each gives one post to ops through the real notification center (real
// store, outbox and bus; the chat records what it is sent). The threshold logic is driven by a probe port; the
// real probe is checked against df. Off-site events from a real SFTP copy: test/services-backup-offsite.test.ts.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus, describeEvent, type SummonerEvent } from '../src/core/events.js';
import { createNotifyCenter, type NotifyCenter } from '../src/notify/center.js';
import { notifySchema } from '../src/notify/config.js';
import { createDiskWatch, probeDisk, type DiskUsage } from '../src/notify/disk-watch.js';
import type { Store } from '../src/robot/store.js';
import type { Outbound } from '../src/robot/types.js';
import { openTestStore, tmpDir } from './helpers/robot.js';

const opened: { store: Store; center?: NotifyCenter }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.center?.stop();
    o.store.close();
  }
});

function world(recipes: unknown[] = []) {
  const store = openTestStore(tmpDir('summoner-storage-'));
  const events = createEventBus();
  const sent: { channel: string; out: Outbound }[] = [];
  const chat = { name: 'recording', start: async () => undefined, reply: async () => ({ id: 'r' }), send: async (channel: string, out: Outbound) => (sent.push({ channel, out }), { id: `p${sent.length}` }) };
  const center = createNotifyCenter({
    config: notifySchema.parse({ recipes, coalesce: 1 }), // one post per event, however fast they come
    hookSecrets: {},
    opsChannel: 'ops',
    store,
    chat: chat as never,
    robot: { invokeAsSystem: async () => ({}) as never, seen: () => true },
    log: pino({ level: 'silent' }),
    events,
  });
  center.start();
  opened.push({ store, center });
  return { store, events, sent, center };
}

describe('disk thresholds', () => {
  it('says a crossing once, a recovery once below the clear mark, one event per filesystem, and remembers across a restart', async () => {
    const w = world();
    const usage = new Map<string, DiskUsage>([
      ['/srv/data', { device: 'a', usedPercent: 50, availBytes: 50e9 }],
      ['/srv/db', { device: 'a', usedPercent: 50, availBytes: 50e9 }],
      ['/srv/backups', { device: 'b', usedPercent: 40, availBytes: 600e9 }],
    ]);
    const set = (dev: string, usedPercent: number, availBytes: number) => {
      for (const [p, u] of usage) if (u.device === dev) usage.set(p, { device: dev, usedPercent, availBytes });
    };
    const probe = async (p: string) => {
      const u = usage.get(p);
      if (!u) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return u;
    };
    const roots = [
      { name: 'data', path: '/srv/data' },
      { name: 'databases', path: '/srv/db' },
      { name: 'backups', path: '/srv/backups' },
      { name: 'docker', path: '/var/lib/docker-nowhere', optional: true },
    ];
    const watch = () => createDiskWatch({ roots, warnPercent: 90, clearPercent: 85, events: w.events, state: w.store.kv, probe });
    const disk = watch();
    expect(await disk.check()).toBe('data+databases 50 %, backups 40 %');
    set('a', 91.24, 8.8e9);
    await disk.check();
    set('a', 97, 3e9);
    await disk.check(); // still low: not said again
    set('a', 88, 12e9);
    await disk.check(); // under the threshold but over the clear mark: not yet recovered
    await vi.waitFor(() => expect(w.sent.length).toBe(1), { timeout: 5000 });
    expect(w.sent[0]).toMatchObject({ channel: 'ops', out: { text: ':warning: Disk low: data, databases (/srv/data) is 91 % full, 8.8 GB left (threshold 90 %)', color: 'danger' } });

    // a restart (a new watch on the same store) neither repeats the alarm nor forgets it
    const again = watch();
    await again.check();
    set('a', 60, 40e9);
    await again.check();
    await again.check();
    await vi.waitFor(() => expect(w.sent.length).toBe(2), { timeout: 5000 });
    expect(w.sent[1]).toMatchObject({ channel: 'ops', out: { text: 'Disk recovered: data, databases (/srv/data) is 60 % full, 40.0 GB left', color: 'good' } });

    // a root that cannot be read is said in the job's result; an optional one that is missing is left out
    usage.delete('/srv/backups');
    expect(await again.check()).toBe('data+databases 60 %; cannot read backups (/srv/backups): ENOENT');
    expect(w.sent).toHaveLength(2);
  });

  it('the real probe reads a filesystem as df does', async () => {
    const dir = os.tmpdir();
    const u = await probeDisk(dir);
    const [pcent, avail] = execFileSync('df', ['--output=pcent,avail', '-B1', dir], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/);
    // df rounds its percentage up; both are read a moment apart on a shared disk
    expect(Math.abs(u.usedPercent - Number(pcent!.replace('%', '')))).toBeLessThanOrEqual(1.5);
    expect(Math.abs(u.availBytes - Number(avail)) / Number(avail)).toBeLessThan(0.05);
    expect(u.device).toMatch(/^\d+$/);
  });

  it('refuses a clear mark at or over the threshold, naming both', () => {
    const r = notifySchema.safeParse({ disk: { warnPercent: 80, clearPercent: 80 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('disk.clearPercent must be below disk.warnPercent');
  });
});

describe('off-site copies and dead letters are events of their own', () => {
  it('are described with their colour; by default ops hears them once, in the backup\'s own post', async () => {
    const w = world();
    const evs: SummonerEvent[] = [
      { type: 'offsite.done', app: 'wiki', target: 'sftp://backup@nas:22', bytes: 12_300_000 },
      { type: 'offsite.failed', app: 'wiki', target: 'sftp://backup@nas:22', error: 'sftp://backup@nas:22 is unreachable: ECONNREFUSED' },
    ];
    expect(evs.map((e) => [describeEvent(e).text, describeEvent(e).color])).toEqual([
      ["Off-site copy of wiki's backup done: 12.3 MB to sftp://backup@nas:22", 'good'],
      [":x: Off-site copy of wiki's backup to sftp://backup@nas:22 failed: sftp://backup@nas:22 is unreachable: ECONNREFUSED (the local backup stands)", 'danger'],
    ]);
    for (const e of evs) w.events.emit(e);
    // the run's own outcome, which carries the off-site result, comes after them: the only post
    w.events.emit({ type: 'backup.done', app: 'wiki', kind: 'dump', bytes: 12_300_000, sha256: 'a'.repeat(64), durationMs: 1, file: '/b/wiki.sql.zst', offsite: 'failed: unreachable' });
    await vi.waitFor(() => expect(w.sent.length).toBeGreaterThan(0), { timeout: 5000 });
    expect(w.sent.map((s) => [s.channel, s.out.color])).toEqual([['ops', 'warning']]);
    expect(w.sent[0]!.out.text).toContain("wiki (dump) done here");
  });

  it('a recipe routes storage events and the dead-letter event like any other', async () => {
    const w = world([
      { name: 'storage', when: { source: 'summoner', event: ['disk.low', 'offsite.failed', 'notify.dead_letter'] }, then: [{ post: { channel: 'storage', template: '{{type}}: {{app}}{{lane}}{{#roots}}{{.}} {{/roots}}' } }] },
    ]);
    w.events.emit({ type: 'disk.low', roots: ['backups'], path: '/srv/b', usedPercent: 95, availBytes: 1e9, thresholdPercent: 90 });
    w.events.emit({ type: 'notify.dead_letter', lane: 'gone', recipe: 'builtin:push', error: 'channel not found (404)' });
    await vi.waitFor(() => expect(w.sent.length).toBe(2), { timeout: 5000 });
    expect(w.sent.map((s) => [s.channel, s.out.text, s.out.color])).toEqual([
      ['storage', 'disk.low: backups ', 'danger'],
      ['storage', 'notify.dead_letter: gone', 'danger'],
    ]);
  });
});
