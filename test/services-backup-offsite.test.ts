// `backup all` over several minions within the parallel limit (cold copies of busybox web apps: their
// containers are stopped, archived, started again behind the health check), and off-site copies to a real
// OpenSSH sshd (Debian's, started here on a free loopback port with its own host key and authorized_keys):
// same checksum after upload, encrypted copies that decrypt to the same bytes, an unreachable server and a
// wrong host key reported while the local backup stays good.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File, testDecompress } from '../src/core/backup/compress.js';
import { listBackups } from '../src/core/backup/manifest.js';
import { createBackupService, type BackupService } from '../src/core/backup/service.js';
import { createSftpTarget, decryptFile, loadKey } from '../src/core/backup/sftp.js';
import { createEventBus, describeEvent, type EventBus, type SummonerEvent } from '../src/core/events.js';
import { inspectContainer } from '../src/core/engine/index.js';
import { JobQueue } from '../src/core/jobs.js';
import { createCoreServices } from '../src/core/services.js';
import type { Minion } from '../src/core/types.js';
import { RecordingReporter, catalogOf, engineAvailable, freePort, handPlan, makeTestEnv, silentLog, webMinion, type TestEnv } from './helpers/docker.js';
import { startSshd } from './helpers/sshd.js';

const haveSshd = fs.existsSync('/usr/sbin/sshd');
if (!haveSshd && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error('no /usr/sbin/sshd: run scripts/backup/ensure-tools.sh');
// CI runs as root with an engine: there, a run that is not root fails instead of skipping (sshd needs root here)
if (process.getuid?.() !== 0 && process.env.SUMMONER_REQUIRE_ENGINE === '1') throw new Error('SUMMONER_REQUIRE_ENGINE=1: the off-site tests run as root (sshd)');
const run = engineAvailable() && haveSshd && process.getuid?.() === 0 ? describe : describe.skip;

run('backup all in parallel, and off-site copies over SFTP', () => {
  let env: TestEnv;
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  const names = ['cold1', 'cold2', 'cold3'];
  const minions: Minion[] = names.map((n) => webMinion(n));
  const jobs = new JobQueue();
  const remoteRoot = () => path.join(env.root, 'remote');
  // what the service told the notification center (issue 16: off-site copy done/failed are events of their own)
  const events = createEventBus();
  const seen: SummonerEvent[] = [];
  events.on((e) => void seen.push(e));

  const service = (over: { offsite?: ReturnType<typeof createSftpTarget>; parallel?: number; events?: EventBus } = {}): BackupService =>
    createBackupService({
      config: { ...env.config, backup: { ...env.config.backup, parallel: over.parallel ?? 2 } },
      engine: env.engine,
      catalog: catalogOf(...minions),
      secretsDir: env.secretsDir,
      jobs,
      log: silentLog(),
      events,
      ...(over.offsite ? { offsite: over.offsite } : {}),
      ...(over.events ? { events: over.events } : {}),
    });
  const sftp = (over: Partial<{ port: number; hostKey: string; encryptKeyFile: string }> = {}) =>
    createSftpTarget({
      host: '127.0.0.1',
      port: over.port ?? sshd.port,
      user: 'root',
      keyFile: sshd.clientKey,
      hostKey: over.hostKey ?? sshd.hostKey,
      path: remoteRoot(),
      timeoutMs: 5000,
      ...(over.encryptKeyFile ? { encryptKeyFile: over.encryptKeyFile } : {}),
    });

  beforeAll(async () => {
    env = makeTestEnv('bako');
    const core = createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(...minions), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog(), jobs });
    for (const n of names) await core.summon(n, undefined, new RecordingReporter());
    for (const n of names) fs.writeFileSync(path.join(env.config.dataRoot, n, 'files', 'note.txt'), `data of ${n}\n`);
    sshd = await startSshd(path.join(env.root, 'sshd'));
  }, 180_000);
  afterAll(async () => {
    sshd?.stop();
    await env?.cleanup();
  });

  it('backup all: every app, at most `parallel` at once, each result reported, the apps running again', async () => {
    const backups = service({ parallel: 2 });
    let max = 0;
    const seen = new Set<string>();
    const timer = setInterval(() => {
      const now = names.filter((n) => jobs.current(n)?.label === `backup ${n}`);
      now.forEach((n) => seen.add(n));
      max = Math.max(max, now.length);
    }, 5);
    const reported: string[] = [];
    let results;
    try {
      results = await backups.backupAll(new RecordingReporter(), { onResult: (r) => reported.push(r.app) });
    } finally {
      clearInterval(timer);
    }
    expect(results.map((r) => [r.app, r.kind, r.ok])).toEqual(names.map((n) => [n, 'cold', true]));
    expect(reported.sort()).toEqual(names);
    expect(max).toBe(2); // two ran at once, never three
    expect([...seen].sort()).toEqual(names);
    for (const r of results) {
      expect(r.downtimeMs).toBeGreaterThanOrEqual(0);
      expect(r.sha256).toBe(await sha256File(r.file!));
      expect((await inspectContainer(env.engine, `${r.app}-${env.domain}`))?.state).toBe('running');
    }
  }, 180_000);

  it('a copy on the SFTP server has the same checksum as the local backup', async () => {
    const backups = service({ offsite: sftp() });
    const [r] = await backups.backup('cold1', new RecordingReporter());
    expect(r).toMatchObject({ ok: true, offsite: 'ok' });
    const remote = path.join(remoteRoot(), 'cold1', path.basename(r!.file!));
    expect(await sha256File(remote)).toBe(r!.sha256);
    const m = (await listBackups(env.config.backupRoot, 'cold1')).find((b) => b.path === r!.file)!.manifest;
    expect(m.offsite).toMatchObject({ sha256: r!.sha256, encrypted: false });
    expect(seen.filter((e) => e.type === 'offsite.done' && e.app === r!.app)).toEqual([expect.objectContaining({ type: 'offsite.done', app: r!.app, bytes: r!.bytes, target: expect.stringMatching(/^sftp:\/\//) })]);
    expect(JSON.parse(fs.readFileSync(`${remote}.json`, 'utf8'))).toMatchObject({ sha256: r!.sha256, uploadedSha256: r!.sha256 });
  }, 120_000);

  it('encrypted before it leaves: the remote bytes are not the archive, and decrypt back to it', async () => {
    const keyFile = path.join(env.root, 'state', 'offsite.key');
    const backups = service({ offsite: sftp({ encryptKeyFile: keyFile }) });
    const [r] = await backups.backup('cold2', new RecordingReporter());
    expect(r).toMatchObject({ ok: true, offsite: 'ok' });
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const remote = path.join(remoteRoot(), 'cold2', `${path.basename(r!.file!)}.enc`);
    expect(await sha256File(remote)).not.toBe(r!.sha256);
    const out = path.join(env.root, 'decrypted.tar.gz');
    await decryptFile(await loadKey(keyFile), remote, out);
    expect(await sha256File(out)).toBe(r!.sha256);
    // one changed byte: the tag check refuses it
    const bytes = fs.readFileSync(remote);
    const at = bytes.length - 40;
    bytes[at] = bytes[at]! ^ 1;
    fs.writeFileSync(remote, bytes);
    await expect(decryptFile(await loadKey(keyFile), remote, out)).rejects.toMatchObject({ code: 'backup.decrypt_failed' });
  }, 120_000);

  it('an unreachable server, or one with another host key, is reported; the local backup is still good', async () => {
    const closed = await freePort();
    const bus = createEventBus();
    const events: SummonerEvent[] = [];
    bus.on((e) => void events.push(e));
    const [r1] = await service({ offsite: sftp({ port: closed }), events: bus }).backup('cold3', new RecordingReporter());
    expect(r1!.ok).toBe(true);
    expect(r1!.offsite).toMatch(/^failed: sftp:\/\/root@127\.0\.0\.1:\d+ is unreachable: .*ECONNREFUSED/);
    // one backup event for the run's one outcome: done here (after the off-site attempt, which it reports), never
    // a `backup.failed` beside it for the same backup; the copy's own `offsite.failed` comes before it
    expect(events.map((e) => e.type)).toEqual(['offsite.failed', 'backup.done']);
    expect(events[1]).toMatchObject({ type: 'backup.done', app: 'cold3', kind: 'cold', sha256: r1!.sha256, offsite: r1!.offsite });
    expect(describeEvent(events[1]!)).toMatchObject({ color: 'warning', text: expect.stringContaining('its off-site copy failed: sftp://') });
    expect(await sha256File(r1!.file!)).toBe(r1!.sha256);
    await testDecompress(r1!.file!);

    const [r2] = await service({ offsite: sftp({ hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }) }).backup('cold3', new RecordingReporter());
    expect(r2!.ok).toBe(true);
    expect(r2!.offsite).toMatch(/its host key SHA256:\S+ is not the configured one/);
    expect(fs.existsSync(path.join(remoteRoot(), 'cold3'))).toBe(false);
    // each failed copy is one offsite.failed event (for recipes; ops hears it in the backup's own post), never a failed backup
    const failed = [...events, ...seen].filter((e) => (e.type === 'offsite.failed' || e.type === 'backup.failed') && e.app === 'cold3');
    expect(failed.map((e) => e.type)).toEqual(['offsite.failed', 'offsite.failed']);
    expect(failed[0]).toMatchObject({ error: expect.stringMatching(/unreachable/), target: expect.stringMatching(/^sftp:\/\/root@127\.0\.0\.1:/) });
  }, 120_000);
});
