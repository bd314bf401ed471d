// Done-when 1 and 3: real-shaped GitLab, GitHub and Nextcloud payloads, signed right and wrong, sent to the
// real composition root (robot + Mattermost adapter + HTTP listener) against our Mattermost test server.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { defineCommand } from '../src/robot/command.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { sampleTypes, tmpDir } from './helpers/robot.js';
import { bearerHeaders, fixture, githubHeaders, gitlabHeaders, post } from './helpers/webhooks.js';

const GH = 'gh-secret-0123456789abcdef';
const GL = 'gl-token-0123456789';
const NC = 'nc-token-0123456789';
let server: TestServer;
let app: App;
let hooks: string;
const ran: string[] = [];
let ch: { ops: string; dev: string; ci: string; files: string; bot: string; admin: string };
let sink: http.Server;
const forwarded: { body: string; type: string | undefined }[] = [];
let sinkFailures = 2; // the forward target answers 500 twice first: the outbox retries

const shown = (p: Post): string =>
  [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
const colorOf = (p: Post): string | undefined => ((p.props as any)?.attachments?.[0]?.color as string | undefined) ?? undefined;
const botPosts = (channel: string) => server.posts(channel).filter((p) => p.user_id === ch.bot);
/** Lines the bot posted in a channel: posts owed to one channel while a backlog builds go out as one post. */
const botLines = (channel: string) => botPosts(channel).flatMap((p) => shown(p).split('\n'));
const count = (hook: string, outcome: string) => app.notify.counters.get('webhook_requests_total', { hook, outcome });

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const channels = Object.fromEntries(['ops', 'dev', 'ci', 'files'].map((n) => [n, server.createChannel(team.id, n)]));
  for (const c of Object.values(channels)) for (const u of [bot, admin]) server.addToChannel(c.id, u.id);
  ch = { ops: channels.ops!.id, dev: channels.dev!.id, ci: channels.ci!.id, files: channels.files!.id, bot: bot.id, admin: admin.id };
  sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (sinkFailures-- > 0) {
        res.writeHead(500).end();
        return;
      }
      forwarded.push({ body, type: req.headers['content-type'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/in`;

  const config = configSchema.parse({
    stateDir: tmpDir('summoner-hooks-'),
    admins: [admin.id],
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops', 'dev'], reconnectMinMs: 50, reconnectMaxMs: 400 },
    notify: {
      maxBodyBytes: 64 * 1024,
      hooks: {
        // built-ins off: this file is about the recipes written (test/notify-builtins.test.ts: the built-ins)
        github: { source: 'github', secretEnv: 'X_GH', ratePerSecond: 1000, burst: 1000, builtins: false },
        gitlab: { source: 'gitlab', secretEnv: 'X_GL', builtins: false },
        nextcloud: { source: 'nextcloud', secretEnv: 'X_NC', builtins: false },
        limited: { source: 'github', secretEnv: 'X_GH', ratePerSecond: 1, burst: 2, builtins: false },
        backup: { source: 'generic', secretEnv: 'X_GEN' },
      },
      recipes: [
        {
          name: 'gl-failed-main',
          when: { source: 'gitlab', event: 'pipeline', filter: { 'object_attributes.status': 'failed', 'object_attributes.ref': ['main', 'master'] } },
          then: [{ post: { channel: 'dev', template: ':x: Pipeline [#{{object_attributes.id}}]({{object_attributes.url}}) of {{project.path_with_namespace}} failed on {{object_attributes.ref}} ({{commit.title}}, by @{{user.username}})' } }],
        },
        {
          name: 'gl-tag-update',
          when: { source: 'gitlab', event: 'tag_push' },
          then: [{ command: { run: 'update wekan {{tag}}', channel: 'ops', destructive: true } }],
        },
        { name: 'gl-jobs', when: { source: 'gitlab', event: ['job', 'deployment', 'merge_request', 'push'] }, then: [{ post: { channel: 'ci', template: 'GitLab {{event}} on {{project.path_with_namespace}}{{project_name}}' } }] },
        {
          name: 'gh-runs',
          when: { source: 'github', hook: 'github', event: 'workflow_run', filter: { action: 'completed' } },
          then: [{ post: { channel: 'ci', template: '{{workflow_run.name}} #{{workflow_run.run_number}} on {{workflow_run.head_branch}}: {{workflow_run.conclusion}} {{workflow_run.html_url}}' } }],
        },
        { name: 'gh-other', when: { source: 'github', hook: 'github', event: ['check_suite', 'push', 'pull_request', 'release'] }, then: [{ post: { channel: 'ci', template: 'GitHub {{event}} {{repository.full_name}} {{action}}' } }] },
        { name: 'nas-backup', when: { source: 'generic', event: 'backup.finished', filter: { ok: false } }, then: [{ post: { channel: 'ops', template: 'NAS backup {{job}} failed: {{error}}' } }] },
        { name: 'gh-release-forward', when: { source: 'github', hook: 'github', event: 'release' }, then: [{ forward: { url: sinkUrl } }] },
        { name: 'nc-files', when: { source: 'nextcloud', event: ['file.created', 'share.created'] }, then: [{ post: { channel: 'files', template: '{{user.displayName}}: {{summoner.event}} {{event.node.path}}' } }] },
      ],
    },
  });
  app = await createApp({
    config,
    secrets: { mattermostToken: bot.token, hooks: { github: GH, gitlab: GL, nextcloud: NC, limited: GH, backup: 'generic-secret-42' } },
    log: pino({ level: 'silent' }),
    types: sampleTypes(),
    commands: [
      defineCommand({
        name: 'update',
        summary: 'update an app (test stand-in)',
        description: 'records the call',
        examples: ['update wekan 1.0'],
        args: [{ name: 'app', type: 'minion', required: true }, { name: 'version', type: 'word' }] as const,
        sideEffects: true,
        destructive: true,
        async run(_ctx, a) {
          ran.push(`update ${a.app} ${a.version}`);
          return `updated ${a.app} to ${a.version}`;
        },
      }),
    ],
  });
  await app.start();
  hooks = `${app.http!.url}/hooks`;
});

afterAll(async () => {
  await app?.stop('tests done');
  sink?.close();
  await server?.close();
});

describe('webhooks → recipes → Mattermost', () => {
  it('posts a failed GitLab pipeline on main into #dev, red, with sender text escaped', async () => {
    const body = fixture('gitlab', 'pipeline.failed');
    const r = await post(`${hooks}/gitlab`, body, gitlabHeaders(GL, body));
    expect(r.status).toBe(202);
    const p = await server.waitFor(() => botPosts(ch.dev).find((x) => shown(x).includes('Pipeline')));
    expect(shown(p)).toBe(
      ':x: Pipeline [#31](http://example.com/gitlab-org/gitlab-test/-/pipelines/31) of gitlab-org/gitlab-test failed on main (test, by @root)',
    );
    expect(colorOf(p)).toBe('danger');
  });

  it('ignores a successful pipeline on another branch (no recipe matches), and counts it', async () => {
    const body = fixture('gitlab', 'pipeline.success');
    const r = await post(`${hooks}/gitlab`, body, gitlabHeaders(GL, body));
    expect(r.status).toBe(200);
    // the sender is told why (GitLab shows the answer beside the delivery)
    expect(JSON.parse(r.text)).toEqual({
      status: 'ignored',
      why: 'no recipe or built-in acts on gitlab event pipeline: counted (notify_unhandled_total) and dropped; otherwise: generic on the hook posts such events',
    });
    expect(count('gitlab', 'ignored')).toBe(1);
  });

  it('routes every documented GitLab, GitHub and Nextcloud event to its channel', async () => {
    for (const name of ['job', 'deployment', 'merge_request', 'push']) {
      const body = fixture('gitlab', name);
      expect((await post(`${hooks}/gitlab`, body, gitlabHeaders(GL, body))).status).toBe(202);
    }
    const gh: [string, string][] = [
      ['workflow_run', 'workflow_run.failure'],
      ['workflow_run', 'workflow_run.success'],
      ['check_suite', 'check_suite'],
      ['push', 'push'],
      ['pull_request', 'pull_request'],
      ['release', 'release'],
    ];
    for (const [event, file] of gh) {
      const body = fixture('github', file);
      expect((await post(`${hooks}/github`, body, githubHeaders(GH, event, body))).status).toBe(202);
    }
    for (const name of ['file.created', 'share.created']) {
      const body = fixture('nextcloud', name);
      expect((await post(`${hooks}/nextcloud`, body, bearerHeaders(NC))).status).toBe(202);
    }
    const ci = await server.waitFor(() => {
      const l = botLines(ch.ci);
      return l.length >= 10 ? l : undefined;
    });
    // Order per channel is the order of acceptance.
    expect(ci).toEqual([
      'GitLab job on gitlab-org/gitlab-test',
      'GitLab deployment on root/test-deployment-webhooks',
      'GitLab merge_request on gitlabhq/gitlab-test',
      'GitLab push on mike/diaspora',
      'Build #562 on main: failure https://github.com/octo-org/octo-repo/actions/runs/30433642',
      'Build #562 on main: success https://github.com/octo-org/octo-repo/actions/runs/30433643',
      'GitHub check\\_suite Codertocat/Hello-World completed'.replace('\\_', '_'),
      'GitHub push Codertocat/Hello-World ',
      'GitHub pull\\_request Codertocat/Hello-World opened'.replace('\\_', '_'),
      'GitHub release Codertocat/Hello-World published',
    ]);
    // colour by status: a post holding the failed run is red
    const failedRun = botPosts(ch.ci).find((p) => shown(p).includes('failure https://github.com/octo-org/octo-repo/actions/runs/30433642'))!;
    expect(colorOf(failedRun)).toBe('danger');
    const files = await server.waitFor(() => {
      const l = botLines(ch.files);
      return l.length >= 1 ? l : undefined;
    });
    expect(files[0]).toBe('admin: file.created /admin/files/Reports/2026-11.pdf');
  });

  it('drops a re-delivered GitHub event (same X-GitHub-Delivery) and a re-sent identical Nextcloud body', async () => {
    // another release than the one sent above (the same body under a new delivery id is a replay too)
    const body = Buffer.from(fixture('github', 'release').toString().replace('"tag_name": "0.0.1"', '"tag_name": "0.0.2"'));
    const h = githubHeaders(GH, 'release', body, { delivery: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    expect((await post(`${hooks}/github`, body, h)).status).toBe(202);
    const again = await post(`${hooks}/github`, body, h);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toEqual({ status: 'duplicate' });
    const nc = fixture('nextcloud', 'file.written'); // no recipe: ignored, but a second identical body is the same event
    expect((await post(`${hooks}/nextcloud`, nc, bearerHeaders(NC))).status).toBe(200);
    const created = fixture('nextcloud', 'file.created');
    expect(JSON.parse((await post(`${hooks}/nextcloud`, created, bearerHeaders(NC))).text)).toEqual({ status: 'duplicate' });
  });

  it('refuses wrong signatures, malformed JSON, oversize bodies, unknown hooks and wrong methods, and counts each', async () => {
    const body = fixture('github', 'workflow_run.failure');
    const before = botLines(ch.ci).length;
    expect((await post(`${hooks}/github`, body, githubHeaders('not-the-secret', 'workflow_run', body))).status).toBe(401);
    const h = githubHeaders(GH, 'workflow_run', body);
    expect((await post(`${hooks}/github`, Buffer.concat([body, Buffer.from(' ')]), h)).status).toBe(401); // body changed after signing
    const { 'x-hub-signature-256': _, ...unsigned } = h;
    expect((await post(`${hooks}/github`, body, unsigned)).status).toBe(401);
    const gl = fixture('gitlab', 'push');
    expect((await post(`${hooks}/gitlab`, gl, gitlabHeaders('wrong-token', gl))).status).toBe(401);
    expect((await post(`${hooks}/nextcloud`, '{}', bearerHeaders('wrong'))).status).toBe(401);
    const bad = Buffer.from('{"action": "completed", ');
    expect((await post(`${hooks}/github`, bad, githubHeaders(GH, 'workflow_run', bad))).status).toBe(400);
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(70 * 1024) }));
    expect((await post(`${hooks}/github`, big, githubHeaders(GH, 'push', big))).status).toBe(413);
    expect((await post(`${hooks}/nope`, body, h)).status).toBe(404);
    expect((await fetch(`${hooks}/github`)).status).toBe(405);

    expect(count('github', 'bad_signature')).toBe(3);
    expect(count('gitlab', 'bad_signature')).toBe(1);
    expect(count('nextcloud', 'bad_signature')).toBe(1);
    expect(count('github', 'bad_json')).toBe(1);
    expect(count('github', 'too_large')).toBe(1);
    expect(count('(unknown)', 'unknown_hook')).toBe(1);
    expect(count('github', 'bad_method')).toBe(1);
    // a later, accepted event as the marker: the ci lane is ordered, so anything refused but posted would come first
    const marker = Buffer.from(fixture('github', 'workflow_run.failure').toString().replaceAll('/runs/30433642', '/runs/99999999'));
    expect((await post(`${hooks}/github`, marker, githubHeaders(GH, 'workflow_run', marker))).status).toBe(202);
    await server.waitFor(() => botLines(ch.ci).find((l) => l.endsWith('/runs/99999999')));
    expect(botLines(ch.ci).slice(before)).toEqual(['Build #562 on main: failure https://github.com/octo-org/octo-repo/actions/runs/99999999']); // nothing refused was posted
  });

  it('rate-limits a hook per its token bucket (429 with Retry-After), and counts it', async () => {
    const body = fixture('github', 'pull_request');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${hooks}/limited`, { method: 'POST', headers: githubHeaders(GH, 'pull_request', body), body: new Uint8Array(body) });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 2).every((s) => s === 200 || s === 202)).toBe(true);
    expect(statuses.slice(2)).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(count('limited', 'rate_limited')).toBeGreaterThanOrEqual(1);
  });

  it('runs a recipe command (a pushed tag runs `update wekan <tag>`) with the recipe as the audited requester', async () => {
    const body = fixture('gitlab', 'tag_push');
    expect((await post(`${hooks}/gitlab`, body, gitlabHeaders(GL, body))).status).toBe(202);
    const answer = await server.waitFor(() => botPosts(ch.ops).find((p) => shown(p) === 'updated wekan to v1.0.0'));
    expect(answer.root_id).toBe('');
    expect(ran).toEqual(['update wekan v1.0.0']);
    const row = app.store.history(20).find((h) => h.command === 'update');
    expect(row).toMatchObject({ userId: 'recipe:gl-tag-update', userName: 'recipe:gl-tag-update', source: 'recipe', outcome: 'ok', text: 'update wekan "v1.0.0"' });
  });

  it('takes generic JSON signed with the shared secret (HMAC header) or a bearer token', async () => {
    const body = Buffer.from(JSON.stringify({ job: 'nas-nightly', ok: false, error: 'disk full' }));
    const sig = `sha256=${createHmac('sha256', 'generic-secret-42').update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-summoner-event': 'backup.finished', 'x-summoner-delivery': 'nas-1' };
    expect((await post(`${hooks}/backup`, body, { ...headers, 'x-summoner-signature': sig })).status).toBe(202);
    expect((await post(`${hooks}/backup`, body, { ...headers, 'x-summoner-signature': 'sha256=00' })).status).toBe(401);
    const ok = Buffer.from(JSON.stringify({ job: 'nas-nightly', ok: true }));
    expect((await post(`${hooks}/backup`, ok, { ...headers, 'x-summoner-delivery': 'nas-2', authorization: 'Bearer generic-secret-42' })).status).toBe(200); // filtered out
    const p = await server.waitFor(() => botPosts(ch.ops).find((x) => shown(x).startsWith('NAS backup')));
    expect(shown(p)).toBe('NAS backup nas-nightly failed: disk full');
  });

  it('runs a job added from Mattermost on its schedule, answering in its channel, audited as the job', async () => {
    const add = server.post(ch.admin, ch.ops, '@summoner schedule add tick "*/1 * * * * *" ping');
    const r = await server.waitFor(() => botPosts(ch.ops).find((x) => x.root_id === add.id));
    expect(shown(r)).toMatch(/^Scheduled \*\*tick\*\*: `ping` at `\*\/1 \* \* \* \* \*`/);
    const pong = await server.waitFor(() => botPosts(ch.ops).find((x) => x.root_id === '' && x.message === 'pong'), 5000);
    expect(pong.channel_id).toBe(ch.ops);
    const rm = server.post(ch.admin, ch.ops, '@summoner schedule remove tick');
    await server.waitFor(() => botPosts(ch.ops).find((x) => x.root_id === rm.id && shown(x) === 'Removed **tick**.'));
    const audit = app.store.history(50).find((h) => h.userId === 'schedule:tick');
    expect(audit).toMatchObject({ command: 'ping', source: 'schedule', outcome: 'ok', channelId: ch.ops });
  });

  it('forwards the raw payload to another URL, retrying until it takes it', async () => {
    const sent = fixture('github', 'release');
    const body = await server.waitFor(() => forwarded[0], 10_000);
    expect(body.body).toBe(sent.toString()); // byte for byte, as GitHub sent it
    expect(body.type).toBe('application/json');
    expect(sinkFailures).toBeLessThan(0); // it failed twice before
  });

  it('`recipes` lists the recipes; `recipes try` renders a payload file without posting', async () => {
    const before = botPosts(ch.dev).length;
    const dm = server.directChannel(ch.admin, ch.bot);
    const p = server.post(ch.admin, dm.id, 'recipes try gl-failed-main test/fixtures/webhooks/gitlab/pipeline.failed.json');
    const r = await server.waitFor(() => server.posts(dm.id).find((x) => x.user_id === ch.bot && x.root_id === p.id));
    expect(shown(r)).toContain('Recipe **gl-failed-main** on pipeline.failed.json (event pipeline), nothing sent:\n1. post to ~dev (danger):\n> :x: Pipeline [#31]');
    const l = server.post(ch.admin, dm.id, 'recipes');
    const list = await server.waitFor(() => server.posts(dm.id).find((x) => x.user_id === ch.bot && x.root_id === l.id));
    expect(shown(list)).toContain('- **gl-tag-update**: gitlab tag_push → run `update wekan {{tag}}`');
    expect(shown(list)).toMatch(/Outbox: \d+ delivered/);
    expect(botPosts(ch.dev).length).toBe(before);
  });

  it('routes Summoner events through the default recipe into the ops channel', async () => {
    // The core is not part of this test: emit on the center's path the way core.events would.
    await app.notify.accept({ source: 'summoner', hook: 'summoner', event: 'minion.summoned', deliveryId: 'e1', payload: { type: 'minion.summoned', app: 'wekan', url: 'https://wekan.acme.example.org', version: '7.10' } });
    const p = await server.waitFor(() => botPosts(ch.ops).find((x) => shown(x).includes('wekan is up')));
    expect(shown(p)).toBe(':sparkles: wekan is up (7.10): https://wekan.acme.example.org');
    expect(colorOf(p)).toBe('good');
  });
});
