// Issue 16, done-when 4: one metrics registry. /metrics (the internal listener of the real composition root)
// serves exactly the metrics the README lists, the notification center's counters included; on the old code
// they came from a second, hand-written renderer and were missing from the README, which listed two counters
// never updated.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { createShellAdapter } from '../adapters/shell/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { startTestServer, type TestServer } from './mattermost-server/index.js';
import { sampleTypes, tmpDir } from './helpers/robot.js';
import { fixture, githubHeaders, post } from './helpers/webhooks.js';

let server: TestServer;
let app: App;

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const ops = server.createChannel(team.id, 'ops');
  server.addToChannel(ops.id, bot.id);
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-metrics-'),
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops'] },
    notify: { hooks: { github: { source: 'github', secretEnv: 'X_GH' } } },
  });
  app = await createApp({ config, secrets: { mattermostToken: bot.token, hooks: { github: 'metrics-secret-0123' } }, log: pino({ level: 'silent' }), types: sampleTypes() });
  await app.start();
});

afterAll(async () => {
  await app?.stop('tests done');
  await server?.close();
});

/** The metric names the README's Metrics paragraph lists (patterns such as summoner_process_* apart). */
function readmeMetrics(): { names: Set<string>; patterns: string[] } {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const start = readme.indexOf('**Metrics.**');
  const para = readme.slice(start, readme.indexOf('\n\n', start));
  const names = new Set<string>();
  const patterns: string[] = [];
  for (const m of para.matchAll(/`(summoner_[a-z0-9_]+)(\*)?/g)) (m[2] ? patterns.push(m[1]!) : names.add(m[1]!));
  return { names, patterns };
}

describe('one registry: /metrics and the README list agree', () => {
  it('serves exactly the metrics the README lists, webhook counters counted in the same registry', async () => {
    const body = fixture('github', 'release');
    expect((await post(`${app.http!.url}/hooks/github`, body, githubHeaders('metrics-secret-0123', 'release', body))).status).toBe(202);
    const res = await fetch(`${app.internalHttp!.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const served = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!);
    // one renderer: each metric declared once
    expect(served.length).toBe(new Set(served).size);
    const { names, patterns } = readmeMetrics();
    expect(patterns.sort()).toEqual(['summoner_nodejs_', 'summoner_process_']);
    const own = served.filter((n) => !patterns.some((p) => n.startsWith(p))).sort();
    expect(own).toEqual([...names].sort());
    expect(served.some((n) => n.startsWith('summoner_process_'))).toBe(true);
    expect(text).toMatch(/^summoner_webhook_requests_total\{hook="github",outcome="accepted"\} 1$/m);
    expect(text).toMatch(/^summoner_notify_builtin_total\{hook="github",outcome="posted"\} 1$/m);
    expect((await fetch(`${app.internalHttp!.url}/healthz`)).status).toBe(200);
  });

  it('in the shell with a hook configured: /healthz and /metrics are served too, the same list', async () => {
    const config = configSchema.parse({
      stateDir: tmpDir('summoner-metrics-shell-'),
      http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
      notify: { hooks: { github: { source: 'github', secretEnv: 'X_GH' } } },
    });
    const shell = createShellAdapter({ input: new PassThrough(), output: new PassThrough(), login: 'tester' });
    const inShell = await createApp({ config, secrets: { hooks: { github: 'metrics-secret-0123' } }, log: pino({ level: 'silent' }), chat: shell, types: sampleTypes() });
    try {
      await inShell.start();
      const health = await fetch(`${inShell.internalHttp!.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const res = await fetch(`${inShell.internalHttp!.url}/metrics`);
      expect(res.status).toBe(200);
      const served = [...(await res.text()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!);
      const { names, patterns } = readmeMetrics();
      expect(served.filter((n) => !patterns.some((p) => n.startsWith(p))).sort()).toEqual([...names].sort());
    } finally {
      await inShell.stop('tests done');
    }
  });
});
