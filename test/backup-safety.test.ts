// Safety copies kept apart (pure parts and the retention of the real service over a simulated month), and
// the fingerprint a MariaDB dump stream gives of its tables.
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import { compareFingerprints, parseFingerprint, SqlDumpFingerprint } from '../src/core/backup/fingerprint.js';
import { choose, describeBackup, isSafety, listBackups, stamp, writeManifest, type BackupEntry, type Manifest } from '../src/core/backup/manifest.js';
import { createBackupService } from '../src/core/backup/service.js';
import { configSchema } from '../src/config/schema.js';
import { JobQueue } from '../src/core/jobs.js';
import type { Engine } from '../src/core/engine/index.js';
import { testBot, tmpDir } from './helpers/robot.js';
import { builtinCommands } from '../commands/index.js';
import pruneCommand from '../commands/prune.js';

const entry = (at: string, o: Partial<Manifest> = {}): BackupEntry => {
  const file = `a-${stamp(new Date(at))}-${o.safety ? 'safety-' : ''}dump.sql.zst`;
  return { path: `/b/a/${file}`, manifest: { version: 1, app: 'a', kind: 'dump', type: 'mariadb', file, createdAt: new Date(at).toISOString(), reason: 'manual', bytes: 2_500_000, sha256: 'x'.repeat(64), durationMs: 1, flags: [], ...o } };
};

/** The real backup service with no engine: listing, retention and prune read manifests only. */
const manifestsOnly = (config: ReturnType<typeof configSchema.parse>, dir: string, now: () => Date) =>
  createBackupService({
    config,
    engine: {} as Engine,
    catalog: { get: () => undefined, names: () => [] },
    secretsDir: path.join(dir, 'secrets'),
    jobs: new JobQueue(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
    now,
  });

describe('picking a backup never takes a safety copy by date or default', () => {
  const manual = entry('2026-12-02T09:00:00Z');
  const safety = entry('2026-12-02T11:00:00Z', { reason: 'pre-restore', safety: true });
  const oldSafety = entry('2026-12-02T12:00:00Z', { reason: 'pre-restore' }); // before the flag: the reason says it
  const list = [manual, safety, oldSafety];

  it('a date matching a safety copy and a manual backup picks the manual one; latest too', () => {
    expect(isSafety(oldSafety.manifest)).toBe(true);
    expect(choose(list, '2026-12-02').pick).toBe(manual);
    expect(choose(list, undefined).pick).toBe(manual);
    expect(choose(list, 'latest').pick).toBe(manual);
    expect(choose(list, '2026-12-02T11').pick).toBeUndefined();
  });

  it('a safety copy is picked by its file name only', () => {
    expect(choose(list, safety.manifest.file).pick).toBe(safety);
  });

  it('a date matching several backups, none or several manual, is a question listing them', () => {
    const sched1 = entry('2026-12-02T01:00:00Z', { reason: 'schedule' });
    const sched2 = entry('2026-12-02T13:00:00Z', { reason: 'schedule' });
    expect(choose([sched1, sched2, safety], '2026-12-02').ambiguous).toEqual([sched2, sched1]);
    expect(choose([sched1, manual, sched2], '2026-12-02').pick).toBe(manual);
    expect(choose([sched1, sched2], '2026-12-02T13').pick).toBe(sched2);
  });

  it('the words for a confirmation name the file, its time, kind and size', () => {
    expect(describeBackup(manual)).toBe('a-20261202T090000Z-dump.sql.zst (manual dump, mariadb, taken 2026-12-02 09:00:00 UTC, 2.5 MB)');
    expect(describeBackup(safety)).toContain('safety copy before a restore');
  });
});

describe('retention: safety copies go by their own rule, never in place of a backup', () => {
  it('over a simulated month (a manual backup a day, five safety dumps a day), every manual backup retention keeps stays', async () => {
    const dir = tmpDir('summoner-retention-');
    const config = configSchema.parse({ domain: 'example.test', backupRoot: dir, dataRoot: path.join(dir, 'data'), dbRoot: path.join(dir, 'db'), backup: { retention: { keepLast: 3, daily: 7, weekly: 4, monthly: 6, safetyDays: 7 } } });
    let now = new Date('2026-11-01T00:00:00Z');
    const backups = manifestsOnly(config, dir, () => now);
    const appDir = path.join(dir, 'a');
    fs.mkdirSync(appDir, { recursive: true });
    const put = async (at: Date, o: Partial<Manifest>) => {
      const file = `a-${stamp(at)}-${o.safety ? 's' : 'm'}-dump.sql.gz`;
      fs.writeFileSync(path.join(appDir, file), 'x');
      await writeManifest(path.join(appDir, `${file}.json`), { version: 1, app: 'a', kind: 'dump', type: 'mariadb', file, createdAt: at.toISOString(), reason: 'manual', bytes: 1, sha256: 'x', durationMs: 1, flags: [], ...o });
    };
    const manualDays: string[] = [];
    for (let day = 1; day <= 30; day++) {
      const d = (h: number) => new Date(Date.UTC(2026, 10, day, h));
      await put(d(9), { reason: 'manual' });
      manualDays.push(d(9).toISOString());
      for (let i = 0; i < 5; i++) await put(d(10 + i), { reason: i % 2 ? 'update' : 'pre-restore', safety: true });
      now = d(20);
      await backups.prune('a', { confirmed: true });
      const left = await listBackups(dir, 'a');
      const manual = left.filter((b) => !isSafety(b.manifest)).map((b) => b.manifest.createdAt);
      // the newest seven days of manual backups are all there, whatever the number of safety dumps
      for (const at of manualDays.slice(-7)) expect(manual).toContain(at);
      // safety copies: only those of the last 7 days
      const safety = left.filter((b) => isSafety(b.manifest));
      expect(safety.every((b) => now.getTime() - new Date(b.manifest.createdAt).getTime() <= 7 * 86_400_000)).toBe(true);
      expect(safety.length).toBe(Math.min(day, 7) * 5);
    }
    const plan = await backups.prunePlan('a');
    expect(plan.keep.filter((k) => isSafety(k.item.manifest)).every((k) => k.reasons[0] === 'safety copy, kept 7 days')).toBe(true);
  });
});

describe('prune says what it would delete before the yes', () => {
  it('names the files and their size, and with nothing to delete answers at once, asking nothing', async () => {
    const dir = tmpDir('summoner-prune-');
    const config = configSchema.parse({ domain: 'example.test', backupRoot: dir, dataRoot: path.join(dir, 'data'), dbRoot: path.join(dir, 'db'), backup: { retention: { keepLast: 2, daily: 0, weekly: 0, monthly: 0, maxPruneShare: 1 } } });
    const backups = manifestsOnly(config, dir, () => new Date('2026-12-02T12:00:00Z'));
    const appDir = path.join(dir, 'wekan');
    fs.mkdirSync(appDir, { recursive: true });
    const put = async (day: number) => {
      const at = new Date(Date.UTC(2026, 10, day, 9));
      const file = `wekan-${stamp(at)}-dump.sql.gz`;
      fs.writeFileSync(path.join(appDir, file), 'x');
      await writeManifest(path.join(appDir, `${file}.json`), { version: 1, app: 'wekan', kind: 'dump', type: 'mariadb', file, createdAt: at.toISOString(), reason: 'manual', bytes: 1_500_000, sha256: 'x', durationMs: 1, flags: [] });
      return file;
    };
    const bot = await testBot({ commands: [...builtinCommands, pruneCommand], services: { backups } as never });
    try {
      await bot.chat.say('prune wekan', { userId: 'u-admin' });
      expect(bot.chat.texts().at(-1)).toBe('wekan has no backup yet. `backup wekan` takes one.');
      await put(29);
      await put(30);
      await bot.chat.say('prune wekan', { userId: 'u-admin' });
      expect(bot.chat.texts().at(-1)).toBe('Nothing to delete: every backup of wekan is kept by the policy.');
      expect(bot.robot.info().history(1)[0]).toMatchObject({ command: 'prune', outcome: 'ok' });
      const oldest = [await put(1), await put(2), await put(3)];
      await bot.chat.say('prune wekan', { userId: 'u-admin' });
      const proposal = bot.chat.texts().at(-1)!;
      expect(proposal).toContain('delete 3 backup(s) of wekan (4.5 MB) that the retention policy does not keep; 2 stay:');
      for (const f of oldest) expect(proposal).toContain(`- ${f} (manual dump, mariadb, taken`);
      // nothing is deleted before the yes
      expect(fs.readdirSync(appDir).filter((f) => f.endsWith('.gz'))).toHaveLength(5);
      await bot.chat.say('yes', { userId: 'u-admin' });
      await vi.waitFor(() => expect(bot.chat.texts().at(-1)).toContain('Deleted 3 backup(s) of wekan'), { timeout: 5_000, interval: 10 });
      expect(fs.readdirSync(appDir).filter((f) => f.endsWith('.gz'))).toHaveLength(2);
    } finally {
      await bot.robot.stop(100);
      bot.store.close();
    }
  });
});

async function fingerprint(text: string, chunk = 0): Promise<ReturnType<SqlDumpFingerprint['fingerprint']>> {
  const fp = new SqlDumpFingerprint();
  const buf = Buffer.from(text);
  const parts = chunk ? Array.from({ length: Math.ceil(buf.length / chunk) }, (_, i) => buf.subarray(i * chunk, (i + 1) * chunk)) : [buf];
  await pipeline(Readable.from(parts), fp, new Writable({ write: (_c, _e, cb) => cb() }));
  return fp.fingerprint();
}

describe('fingerprint of a MariaDB dump stream', () => {
  const dump = [
    '-- MariaDB dump 10.19',
    'CREATE TABLE `items` (',
    '  `id` int(11) NOT NULL,',
    '  `name` varchar(100) DEFAULT NULL',
    ') ENGINE=InnoDB;',
    "INSERT INTO `items` VALUES (1,'a (b), c'),(2,'it\\'s'),(3,'back\\\\'),(4,NULL);",
    "INSERT INTO `items` VALUES (5,'🎉'),(6,'x');",
    'CREATE TABLE `we``ird` (`x` int);',
    'CREATE TABLE `empty` (`x` int);',
    // MariaDB 10.11's dump: one tuple per line
    'INSERT INTO `we``ird` VALUES',
    '(1),',
    '(2);',
    '/*!50001 CREATE VIEW `v` AS SELECT 1 */;',
    '-- Dump completed on 2026-12-02',
    '',
  ].join('\n');

  it('counts rows per table, with quotes, escapes and parentheses inside strings', async () => {
    const fp = await fingerprint(dump);
    expect(Object.fromEntries(Object.entries(fp).map(([k, v]) => [k, v.rows]))).toEqual({ items: 6, 'we`ird': 2, empty: 0 });
    expect(fp.items!.sum).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same whatever the chunking, and whatever the row order', async () => {
    const whole = await fingerprint(dump);
    for (const n of [1, 3, 7, 64]) expect(await fingerprint(dump, n)).toEqual(whole);
    const reordered = dump.replace("(1,'a (b), c'),(2,'it\\'s')", "(2,'it\\'s'),(1,'a (b), c')");
    expect(await fingerprint(reordered)).toEqual(whole);
  });

  it('gives the sums the byte-at-a-time scan before it gave (manifests written before stay comparable), at every chunk size', async () => {
    // values printed by the earlier scan (one byte per step) for this dump: the faster scan (runs between
    // quotes, backslashes and parentheses found by indexOf) must hash exactly the same bytes
    const before = { items: { rows: 6, sum: 'fd3d8ccd365003f0' }, 'we`ird': { rows: 2, sum: '6b1952f16d195617' }, empty: { rows: 0, sum: '0000000000000000' } };
    for (const n of [0, 1, 2, 5, 11, 29]) expect(await fingerprint(dump, n)).toEqual(before);
  });

  it('one changed value changes that table only, and the comparison names it', async () => {
    const whole = await fingerprint(dump);
    const altered = await fingerprint(dump.replace("(6,'x')", "(6,'y')"));
    expect(altered['we`ird']).toEqual(whole['we`ird']);
    expect(compareFingerprints(whole, altered)).toEqual([expect.stringMatching(/^table items has the same 6 rows in number but not in content/)]);
    const lost = await fingerprint(dump.replace(",(6,'x')", ''));
    expect(compareFingerprints(whole, lost)).toEqual(['table items has 5 rows, the dump had 6']);
  });
});

describe('fingerprint of a PostgreSQL snapshot', () => {
  it('reads the same whatever order PostgreSQL returns the tables in (a UNION ALL under load)', () => {
    const a = parseFingerprint('public.bulk\t200000\t-37\npublic.ticks\t106900\t35\nsales.orders\t2001\t12\n');
    const b = parseFingerprint('sales.orders\t2001\t12\npublic.ticks\t106900\t35\npublic.bulk\t200000\t-37\n');
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(Object.keys(a)).toEqual(['public.bulk', 'public.ticks', 'sales.orders']);
  });
});
