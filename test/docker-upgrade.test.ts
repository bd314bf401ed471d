// Upgrading Summoner as a team does: a new image on the same state volume. The newer build (one more schema
// migration, a higher version) keeps the audit written by the older one and records the new schema version;
// the older build, started again on that volume, refuses with a clear message and changes nothing.
//
// Later state joins the same path (issue 6): before the swap, queue an outbox event while the chat is failing
// and create a schedule from chat (see `beforeSwap`), then check after the swap that the event is delivered
// and the schedule is listed (see the todo tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/robot/migrations.js';
import { engineAvailable } from './helpers/docker.js';
import { docker, dockerOk, ensureNextImage, ensureSummonerImage, schemaInVolume, waitHealth } from './helpers/image.js';
import { startRig, type Rig } from './helpers/summoner-container.js';

const run = engineAvailable() ? describe : describe.skip;

run('upgrading Summoner: a newer build on the same volume', () => {
  let rig: Rig;
  let current: string;
  let next: string;
  const names = { old: '', next: '', downgrade: '' };

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
    await rig.run(names.old, current);
    await waitHealth(names.old, 'healthy', 60_000);
    await rig.ask('ping', /pong/);
    await rig.ask('whoami', /alice/);
    expect((await schemaInVolume(current, rig.volume)).version).toBe(MIGRATIONS.length);
  }, 90_000);

  it('a newer build on the same volume keeps the audit and records the new schema version', async () => {
    await beforeSwap(rig);
    await dockerOk(['stop', names.old]);
    await dockerOk(['rm', names.old]);
    await rig.run(names.next, next);
    await waitHealth(names.next, 'healthy', 60_000);

    const h = await docker(['exec', names.next, 'node', 'dist/src/main.js', 'history', '10']);
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

  it.todo('keeps a pending outbox event and delivers it after the restart (issue 6: the outbox)');
  it.todo('keeps a schedule created from chat (issue 6: schedules)');

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
    const h = await dockerOk(['exec', names.next, 'node', 'dist/src/main.js', 'history', '10']);
    expect(h).toMatch(/whoami/);
  }, 120_000);
});

/** Where state that must survive the upgrade is made (issue 6 adds: an outbox event pending, a schedule). */
async function beforeSwap(_rig: Rig): Promise<void> {
  // nothing yet beyond the audit written by the first test
}

async function waitExit(name: string, ms: number): Promise<{ ExitCode: number; Running: boolean }> {
  const end = Date.now() + ms;
  for (;;) {
    const s = JSON.parse(await dockerOk(['inspect', '-f', '{{json .State}}', name])) as { ExitCode: number; Running: boolean; Restarting: boolean };
    if (!s.Running && !s.Restarting) return s;
    if (Date.now() > end) throw new Error(`${name} still runs after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
