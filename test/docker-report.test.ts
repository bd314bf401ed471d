// Done-when 5 (and the core's events): the status report shows real state from the engine (a summoned test
// minion, then the same minion stopped by hand), the backup catalog's files, disk use and failed jobs; a
// summon and a dismiss announce minion.summoned / minion.dismissed on the event bus.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type SummonerEvent } from '../src/core/events.js';
import { createStatusReport } from '../src/notify/report.js';
import { createHealthWatch } from '../src/notify/health-watch.js';
import { createCoreServices, type CoreServices } from '../src/core/services.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, makeTestEnv, silentLog, webMinion, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

run('status report against the real engine', () => {
  let env: TestEnv;
  let services: CoreServices;
  const events: SummonerEvent[] = [];
  const kv = new Map<string, string>();
  let clock = Date.parse('2026-11-30T09:00:00Z');
  const failures: { job: string; at: number; error: string }[] = [];

  beforeAll(async () => {
    env = makeTestEnv('rep');
    const bus = createEventBus();
    bus.on((e) => void events.push(e));
    services = createCoreServices({ config: env.config, engine: env.engine, catalog: catalogOf(webMinion('web')), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog(), events: bus });
    const r = await services.summon('web', undefined, new RecordingReporter());
    expect(r.status).toBe('summoned');
  }, 120_000);

  afterAll(async () => {
    await env?.cleanup();
  });

  const report = () =>
    createStatusReport({
      status: () => services.status(),
      dataRoot: env.config.dataRoot,
      backupRoot: env.config.backupRoot,
      certificates: async () => [
        { name: `web.${env.domain}`, notAfter: '2026-12-05', daysLeft: 5 },
        { name: `old.${env.domain}`, notAfter: '2027-02-01', daysLeft: 63 },
      ],
      failuresSince: (at) => failures.filter((f) => f.at > at),
      kv: { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) },
      now: () => clock,
    });

  it('announced the summon on the event bus', () => {
    expect(events).toEqual([{ type: 'minion.summoned', app: 'web', url: `https://web.${env.domain}`, version: '1.0', at: expect.any(Number) }]);
  });

  it('shows health, version and URL from the engine, disks, backups, certificates and failed jobs', async () => {
    // the backup catalog: a manifest for web, and an app folder with nothing in it yet
    fs.mkdirSync(path.join(env.config.backupRoot, 'web'), { recursive: true });
    fs.mkdirSync(path.join(env.config.backupRoot, 'ghost'), { recursive: true });
    fs.writeFileSync(
      path.join(env.config.backupRoot, 'web', '2026-11-29T030000Z.json'),
      JSON.stringify({ app: 'web', kind: 'cold', status: 'ok', finishedAt: '2026-11-29T03:00:12Z', bytes: 5_300_000 }),
    );
    failures.push({ job: 'nightly', at: clock - 3600_000, error: 'error (engine.unreachable)' });
    const text = await report().render();
    const lines = text.split('\n');
    expect(lines[0]).toBe('#### Status report, 2026-11-30 09:00 UTC');
    expect(lines).toContain(`- :white_check_mark: **web** 1.0: running, healthy, https://web.${env.domain}`);
    expect(text).toMatch(new RegExp(`- data \`${env.config.dataRoot}\`: [\\d.]+ [KMGT]?B used of [\\d.]+ [KMGT]?B \\(\\d+%\\), [\\d.]+ [KMGT]?B free`));
    expect(text).toMatch(/- backups `.*`: [\d.]+ [KMGT]?B used of/);
    expect(lines).toContain('- ghost: no backup yet');
    expect(lines).toContain('- web: cold 2026-11-29 03:00 UTC, ok, 5.1 MB');
    expect(lines).toContain(`- :warning: web.${env.domain} expires in 5 day(s) (2026-12-05)`);
    expect(text).not.toContain('old.');
    expect(lines).toContain('**Failed jobs** so far');
    expect(lines).toContain('- :x: nightly at 2026-11-30 08:00 UTC: error (engine.unreachable)');
  });

  it('shows a minion stopped by hand as down, and only the failures since the last report', async () => {
    const bus = createEventBus();
    const seen: SummonerEvent[] = [];
    bus.on((e) => void seen.push(e));
    const watch = createHealthWatch({ status: () => services.status(), events: bus });
    expect(await watch.check()).toBe('1 app(s), 0 down');
    await env.engine.docker.getContainer(`web-${env.domain}`).stop({ t: 1 });
    // the health watch (a built-in job) announces it once, not at every check while it stays down
    expect(await watch.check()).toBe('1 app(s), 1 down');
    expect(await watch.check()).toBe('1 app(s), 1 down');
    expect(seen).toMatchObject([{ type: 'minion.unhealthy', app: 'web', detail: expect.stringMatching(/^it is (exited|stopped)/) }]);
    clock += 24 * 3600_000;
    const text = await report().render();
    expect(text).toMatch(new RegExp(`- :x: \\*\\*web\\*\\* 1\\.0: (exited|stopped)`));
    expect(text).toContain('**Failed jobs** since the last report (2026-11-30 09:00 UTC)\n- none');
    expect(text).toContain('- web: cold 2026-11-29 03:00 UTC (2 days ago), ok, 5.1 MB');
  });

  it('announces a dismiss', async () => {
    await services.dismiss('web', { purge: false }, new RecordingReporter());
    expect(events.map((e) => e.type)).toEqual(['minion.summoned', 'minion.dismissed']);
    expect(events[1]).toMatchObject({ app: 'web', purged: false });
  });
});
