// Upgrading Summoner as a team does: a new image on the same state volume. The newer build (one more schema
// migration, a higher version) keeps the audit written by the older one and records the new schema version;
// the older build, started again on that volume, refuses with a clear message and changes nothing.
//
// Before the swap, a schedule is created from chat and a webhook event is accepted while Mattermost refuses
// posts (so it stays owed in the outbox); after the swap the schedule is listed and the event delivered once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS } from '../src/schema.js';
import { engineAvailable } from './helpers/docker.js';
import { docker, dockerOk, ensureNextImage, ensureSummonerImage, schemaInVolume, waitHealth } from './helpers/image.js';
import { HOOK_SECRET, startRig, type Rig } from './helpers/summoner-container.js';
import { fixture, githubHeaders, post } from './helpers/webhooks.js';

const run = engineAvailable() ? describe : describe.skip;

run('upgrading Summoner: a newer build on the same volume', () => {
  let rig: Rig;
  let current: string;
  let next: string;
  const names = { old: '', next: '', downgrade: '' };
  let oldPort = 0;
  let nextPort = 0;
  const delivery = `upgrade-${Date.now()}`;

  beforeAll(async () => {
    current = (await ensureSummonerImage()).tag;
    next = await ensureNextImage(current);
    rig = await startRig('upg');
    names.old = `summoner-old-${rig.env.id}`;
    names.next = `summoner-next-${rig.env.id}`;
    names.downgrade = `summoner-downgrade-${rig.env.id}`;
  }, 900_000);

  afterAll(async () => {
    await rig?.cleanup(Object.values(names).filter(Boolean));
  }, 120_000);

  it('the current build runs and audits commands from chat', async () => {
    oldPort = await rig.run(names.old, current);
    await waitHealth(names.old, 'healthy', 60_000);
    await rig.ask('ping', /pong/);
    await rig.ask('whoami', /alice/);
    expect((await schemaInVolume(current, rig.volume)).version).toBe(MIGRATIONS.length);
  }, 90_000);

  it('a newer build on the same volume keeps the audit and records the new schema version', async () => {
    await beforeSwap(rig, oldPort, delivery);
    await dockerOk(['stop', names.old]);
    rig.server.faults.random(null); // Mattermost is well again: the next build delivers what the old one owed
    await dockerOk(['rm', names.old]);
    nextPort = await rig.run(names.next, next);
    await waitHealth(names.next, 'healthy', 60_000);

    const h = await docker(['exec', names.next, 'summoner', 'history', '10']);
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toMatch(/ping/);
    expect(h.stdout).toMatch(/whoami/);
    const schema = await schemaInVolume(next, rig.volume);
    expect(schema.version).toBe(MIGRATIONS.length + 1);
    expect(schema.last).toEqual({ version: MIGRATIONS.length + 1, name: 'upgrade test: a table the next release adds', by_version: '99.0.0-next' });
    const logs = await dockerOk(['logs', names.next]);
    const migrated = logs.split('\n').filter((l) => l.includes('"state schema migrated"')).map((l) => JSON.parse(l));
    expect(migrated).toMatchObject([{ from: MIGRATIONS.length, to: MIGRATIONS.length + 1 }]);
    // and it still answers in chat
    await rig.ask('ping', /pong/);
  }, 120_000);

  it('keeps a pending outbox event and delivers it once after the restart', async () => {
    const text = `run delivery ${delivery}`;
    const got = await rig.server.waitFor(() => {
      const n = rig.server.posts().filter((p) => p.message.includes(text) || JSON.stringify(p.props ?? {}).includes(text));
      return n.length ? n : undefined;
    }, 30_000);
    // a later event as the marker: the outbox lane is ordered, so a twin would be posted before it. Its body differs
    // (a same body with a new delivery id is a replay: deduplicated by its hash, answered 200 as a duplicate)
    const marker = `marker-${Date.now()}`;
    const body = Buffer.from(JSON.stringify({ ...(JSON.parse(fixture('github', 'workflow_run.failure').toString('utf8')) as object), marker }));
    const r = await post(`http://127.0.0.1:${nextPort}/hooks/github`, body, githubHeaders(HOOK_SECRET, 'workflow_run', body, { delivery: marker }));
    expect(r.status).toBe(202);
    await rig.server.waitFor(() => rig.server.posts().some((p) => p.message.includes(`run delivery ${marker}`) || JSON.stringify(p.props ?? {}).includes(`run delivery ${marker}`)), 30_000);
    expect(rig.server.posts().filter((p) => p.message.includes(text) || JSON.stringify(p.props ?? {}).includes(text))).toHaveLength(got.length);
    expect(got).toHaveLength(1);
  }, 60_000);

  it('keeps a schedule created from chat', async () => {
    await rig.ask('schedules', /nightly-upgrade/);
  }, 30_000);

  it('an older build refuses the newer schema with a clear message and changes nothing', async () => {
    await dockerOk(['stop', names.next]);
    const before = await rig.sha256InVolume(current, 'summoner.db');
    await rig.run(names.downgrade, current);
    const state = await waitExit(names.downgrade, 30_000);
    expect(state.ExitCode).toBe(1);
    const logs = await docker(['logs', names.downgrade]);
    expect(logs.stderr).toContain(`is at schema version ${MIGRATIONS.length + 1}, but this Summoner (0.1.0) knows versions up to ${MIGRATIONS.length}`);
    expect(logs.stderr).toMatch(/restore a backup of the state made before the upgrade/);
    expect(await rig.sha256InVolume(current, 'summoner.db')).toBe(before);
    expect((await schemaInVolume(current, rig.volume)).version).toBe(MIGRATIONS.length + 1);

    // the newer build still runs on it, audit intact
    await dockerOk(['start', names.next]);
    await waitHealth(names.next, 'healthy', 60_000);
    const h = await dockerOk(['exec', names.next, 'summoner', 'history', '10']);
    expect(h).toMatch(/whoami/);
  }, 120_000);
});

/** State that must survive the upgrade, besides the audit: a schedule from chat, an event owed in the outbox. */
async function beforeSwap(rig: Rig, port: number, delivery: string): Promise<void> {
  await rig.ask('schedule add nightly-upgrade "0 3 * * *" status', /nightly-upgrade/);
  // Mattermost answers 500 to everything from now until the old bot is stopped: the accepted event stays owed
  rig.server.faults.random({ rate: 1, statuses: [500] });
  const body = fixture('github', 'workflow_run.failure');
  const seen = rig.server.exchanges.length;
  const r = await post(`http://127.0.0.1:${port}/hooks/github`, body, githubHeaders(HOOK_SECRET, 'workflow_run', body, { delivery }));
  expect(r.status).toBe(202);
  // the old bot tried to deliver it and Mattermost refused: the event is owed, not lost
  await rig.server.waitFor(() => rig.server.exchanges.slice(seen).some((e) => e.fault && e.method === 'POST' && e.path.endsWith('/posts')), 15_000);
}

async function waitExit(name: string, ms: number): Promise<{ ExitCode: number; Running: boolean }> {
  return vi.waitFor(
    async () => {
      const s = JSON.parse(await dockerOk(['inspect', '-f', '{{json .State}}', name])) as { ExitCode: number; Running: boolean; Restarting: boolean };
      if (s.Running || s.Restarting) throw new Error(`${name} still runs after ${ms} ms`);
      return s;
    },
    { timeout: ms, interval: 300 },
  );
}
