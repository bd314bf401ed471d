// Real payloads the team's tools already send, for events the first fixtures did not have (GitHub's ping, create,
// delete, comments, stars, forks, packages, queued jobs, drafts and pre-releases; GitLab notes, wiki pages, feature
// flags, emoji, system hooks; Gitea and Forgejo with every header they send; Nextcloud's other listeners;
// Alertmanager, Grafana, Uptime Kuma, Sentry, Watchtower, Healthchecks, Docker Hub): each through the real route
// with its sender's headers and signature (GitHub's also in its default form content type), into the real
// composition root and our Mattermost test server, with only hooks configured. Each gets the answer and the post
// of the table: a clear post in the hook's channel, or an answer that says why nothing was posted.
// Before this round: ping, comments, every generic sender and Nextcloud's calendar and forms were dropped with
// a bare {"status":"ignored"}; a GitHub draft was posted as "published release" and one published release
// twice (created, published); Sentry's and Grafana's signatures were refused with a bare "bad signature".
import { createHmac, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { genericPost } from '../src/notify/builtins/index.js';
import { explainChain } from '../src/notify/chain.js';
import { notifySchema } from '../src/notify/config.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { sampleTypes, tmpDir } from './helpers/robot.js';
import { bearerHeaders, fixture, giteaHeaders, githubHeaders, gitlabHeaders, post } from './helpers/webhooks.js';

const S = { github: 'gh-secret-real-0123', gitlab: 'gl-token-real-0123', gitea: 'gitea-secret-real-0123', forgejo: 'forgejo-secret-real-0123', nextcloud: 'nc-token-real-0123', alerts: 'alerts-token-real-0123', sentry: 'sentry-client-secret-0123' };
/** The notification center's clock: moved by hand where a test needs hours to pass. */
const clock = { offset: 0, now: () => Date.now() + clock.offset, advance: (ms: number) => void (clock.offset += ms) };
let server: TestServer;
let app: App;
let hooks: string;
let bot: string;
const chans: Record<string, string> = {};
const logs: { msg: string; hook?: string; event?: string; level: number }[] = [];
const shown = (p: Post): string => [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
const colorOf = (p: Post): string | null => ((p.props as any)?.attachments?.[0]?.color as string | undefined) ?? null;
const botPosts = () => Object.entries(chans).flatMap(([name, id]) => server.posts(id).filter((p) => p.user_id === bot).map((p) => ({ name, p })));
/** The bot's posts (in any channel) that were not in `before`. */
const postsSince = (before: ReadonlySet<string>) => botPosts().filter((x) => !before.has(x.p.id));
const postIds = () => new Set(botPosts().map((x) => x.p.id));

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const b = server.createUser('summoner', { bot: true });
  bot = b.id;
  const admin = server.createUser('alice');
  for (const n of ['ops', 'ci', 'files', 'alerts']) {
    const c = server.createChannel(team.id, n);
    chans[n] = c.id;
    for (const u of [b, admin]) server.addToChannel(c.id, u.id);
  }
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-real-'),
    admins: [admin.id],
    // every sender from this one address: more than the per-client budget of a minute
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0', rateLimit: { perSecond: 10_000, burst: 10_000 } },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops'], reconnectMinMs: 50, reconnectMaxMs: 400 },
    notify: {
      coalesce: 1,
      // hooks only, as a team sets them up first: no recipe, no `otherwise`
      hooks: {
        github: { source: 'github', secretEnv: 'X_GH', channel: 'ci' },
        gitlab: { source: 'gitlab', secretEnv: 'X_GL', channel: 'ci' },
        gitea: { source: 'gitea', secretEnv: 'X_GT', channel: 'ci' },
        forgejo: { source: 'gitea', secretEnv: 'X_FJ', channel: 'ci' },
        nextcloud: { source: 'nextcloud', secretEnv: 'X_NC', channel: 'files' },
        alerts: { source: 'generic', secretEnv: 'X_AL', channel: 'alerts' },
        sentry: { source: 'generic', secretEnv: 'X_SE', channel: 'alerts' },
      },
    },
  });
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  app = await createApp({ config, secrets: { mattermostToken: b.token, hooks: S }, log, types: sampleTypes(), now: clock.now });
  await app.start();
  hooks = `${app.http!.url}/hooks`;
});
afterAll(async () => {
  await app?.stop('tests done');
  await server?.close();
});

type Case = { label: string; hook: string; body: Buffer; headers: Record<string, string> };
const gh = (name: string, event: string, form = false): Case => {
  const json = fixture('github', name);
  // GitHub's default content type: the JSON in a `payload` form field, signed over the form body
  const body = form ? Buffer.from(new URLSearchParams({ payload: json.toString('utf8') }).toString()) : json;
  return { label: `github ${name}${form ? ' (form)' : ''}`, hook: 'github', body, headers: { ...githubHeaders(S.github, event, body), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } };
};
const gl = (name: string): Case => {
  const body = fixture('gitlab', name);
  return { label: `gitlab ${name}`, hook: 'gitlab', body, headers: gitlabHeaders(S.gitlab, body) };
};
const gt = (name: string, event: string, forgejo = false): Case => {
  const body = fixture('gitea', name);
  return { label: `${forgejo ? 'forgejo' : 'gitea'} ${name}`, hook: forgejo ? 'forgejo' : 'gitea', body, headers: giteaHeaders(forgejo ? S.forgejo : S.gitea, event, body, { forgejo }) };
};
const nc = (name: string): Case => ({ label: `nextcloud ${name}`, hook: 'nextcloud', body: fixture('nextcloud', name), headers: bearerHeaders(S.nextcloud) });
const gen = (name: string, headers?: Record<string, string>): Case => {
  const body = fixture('generic', name);
  return { label: `generic ${name}`, hook: name.startsWith('sentry') ? 'sentry' : 'alerts', body, headers: headers ?? bearerHeaders(S.alerts) };
};
const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

const GITHUB: [string, string][] = [['ping', 'ping'], ['create', 'create'], ['delete', 'delete'], ['issue_comment', 'issue_comment'], ['star', 'star'], ['watch', 'watch'], ['fork', 'fork'], ['check_run.success', 'check_run'], ['workflow_job.queued', 'workflow_job'], ['workflow_job.in_progress', 'workflow_job'], ['release.created', 'release'], ['release.prereleased', 'release'], ['release.draft', 'release'], ['package.published', 'package'], ['registry_package.published', 'registry_package'], ['push.tag', 'push'], ['push.branch_deleted', 'push'], ['pull_request.closed', 'pull_request']];

function cases(): Case[] {
  const all: Case[] = GITHUB.map(([n, e]) => gh(n, e));
  for (const n of ['note', 'wiki_page', 'release.delete', 'merge_request.merge', 'pipeline.canceled', 'pipeline.running', 'job.running', 'feature_flag', 'system.project_create', 'system.user_add_to_team', 'emoji']) all.push(gl(n));
  all.push(gt('push', 'push'), gt('create', 'create'), gt('issue_comment', 'issue_comment'), gt('workflow_run', 'workflow_run'), gt('push', 'push', true), gt('create', 'create', true), gt('issue_comment', 'issue_comment', true));
  for (const n of ['file.deleted', 'file.renamed', 'calendar.object_created', 'form.submitted']) all.push(nc(n));
  for (const n of ['uptime-kuma.down', 'alertmanager.firing', 'alertmanager.resolved', 'grafana.firing', 'watchtower', 'healthchecks.down', 'registry.push']) all.push(gen(n));
  // Sentry's integrations sign with the client secret and name the resource; they cannot send other headers
  const sentry = fixture('generic', 'sentry.event_alert');
  all.push(gen('sentry.event_alert', { 'content-type': 'application/json', 'request-id': randomUUID(), 'sentry-hook-resource': 'event_alert', 'sentry-hook-timestamp': '1731339600', 'sentry-hook-signature': hmac(S.sentry, sentry) }));
  // Docker Hub's webhooks carry no secret at all
  all.push(gen('dockerhub.push', { 'content-type': 'application/json' }));
  // Grafana's contact point with its HMAC option (another body: the same one would be a duplicate)
  const grafana = Buffer.from(JSON.stringify({ ...(JSON.parse(fixture('generic', 'grafana.firing').toString()) as object), groupKey: 'signed' }));
  all.push({ label: 'generic grafana.firing (HMAC)', hook: 'alerts', body: grafana, headers: { 'content-type': 'application/json', 'x-grafana-alerting-signature': hmac(S.alerts, grafana) } });
  return all;
}

const dropped = (source: string, event: string) => `no recipe or built-in acts on ${source} event ${event}: counted (notify_unhandled_total) and dropped; otherwise: generic on the hook posts such events`;
const quiet = (source: string, event: string) => `the ${source} built-in for ${event} keeps this one quiet: it posts outcomes (a run finished, a release published), not every step (queued, running, drafts, edits)`;

/** [case, HTTP status, why nothing was posted (200) or the refusal (4xx), [channel, post, colour]] */
const EXPECTED: [string, number, string | null, [string, string, string | null] | null][] = [
  ["github ping", 202, null, ["ci", "webhook connected for [Codertocat/Hello-World](https://github.com/Codertocat/Hello-World) (events: push)", null]],
  ["github create", 200, dropped('github', 'create'), null],
  ["github delete", 200, dropped('github', 'delete'), null],
  ["github issue_comment", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): commented on issue [#1 Spelling error in the README file](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400) by Codertocat\n> You are totally right! I'll get this fixed right away. @\u200bchannel see &#91;here&#93;(javascript:alert(1))", null]],
  ["github star", 200, dropped('github', 'star'), null],
  ["github watch", 200, dropped('github', 'watch'), null],
  ["github fork", 200, dropped('github', 'fork'), null],
  ["github check_run.success", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): check [Octocoders-linter](https://github.com/Codertocat/Hello-World/runs/128620228) **success** on **changes** in 33s by Codertocat", "good"]],
  ["github workflow_job.queued", 200, quiet('github', 'workflow_job'), null],
  ["github workflow_job.in_progress", 200, quiet('github', 'workflow_job'), null],
  ["github release.created", 200, quiet('github', 'release'), null],
  ["github release.prereleased", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): published pre-release [0.1.0 release candidate 1](https://github.com/Codertocat/Hello-World/releases/tag/0.1.0-rc.1) (tag 0.1.0-rc.1) by Codertocat", null]],
  ["github release.draft", 200, quiet('github', 'release'), null],
  ["github package.published", 200, dropped('github', 'package'), null],
  ["github registry_package.published", 200, dropped('github', 'registry_package'), null],
  ["github push.tag", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): pushed tag [v1.2.0](https://github.com/Codertocat/Hello-World/compare/v1.2.0) by Codertocat", null]],
  ["github push.branch_deleted", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): deleted branch **feature/old** by Codertocat", null]],
  ["github pull_request.closed", 202, null, ["ci", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): closed pull request [#2 Update the README with new information.](https://github.com/Codertocat/Hello-World/pull/2) (changes → master) by Codertocat", "#8c8c8c"]],
  ["gitlab note", 202, null, ["ci", "[gitlabhq/gitlab-test](http://example.com/gitlabhq/gitlab-test): commented on issue [#17 test](http://example.com/gitlab-org/gitlab-test/issues/17#note_1241) by root\n> Hello world, &#42;&#42;bold&#42;&#42; and @\u200ball &#126;\u200btown", null]],
  ["gitlab wiki_page", 200, dropped('gitlab', 'wiki_page'), null],
  ["gitlab release.delete", 200, quiet('gitlab', 'release'), null],
  ["gitlab merge_request.merge", 202, null, ["ci", "[gitlabhq/gitlab-test](http://example.com/gitlabhq/gitlab-test): merged merge request [!1 MS-Viewport](http://example.com/diaspora/merge_requests/1) (ms-viewport → master) by root", "good"]],
  ["gitlab pipeline.canceled", 202, null, ["ci", "[gitlab-org/gitlab-test](http://192.168.64.1:3005/gitlab-org/gitlab-test): pipeline [#31](http://example.com/gitlab-org/gitlab-test/-/pipelines/31) **canceled** on branch **main** in 17s by root", "#8c8c8c"]],
  ["gitlab pipeline.running", 202, null, ["ci", "[gitlab-org/gitlab-test](http://192.168.64.1:3005/gitlab-org/gitlab-test): pipeline [#31](http://example.com/gitlab-org/gitlab-test/-/pipelines/31) **running** on branch **main** by root", null]],
  ["gitlab job.running", 200, quiet('gitlab', 'job'), null],
  ["gitlab feature_flag", 200, dropped('gitlab', 'feature_flag'), null],
  ["gitlab system.project_create", 200, dropped('gitlab', 'project_create'), null],
  ["gitlab system.user_add_to_team", 200, dropped('gitlab', 'user_add_to_team'), null],
  ["gitlab emoji", 200, dropped('gitlab', 'emoji'), null],
  ["gitea push", 202, null, ["ci", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): pushed [1 commit](http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a) to branch **develop** by gitea\n- [bffeb74](http://localhost:3000/gitea/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a) Webhooks Yay! (gitea)", null]],
  ["gitea create", 200, dropped('gitea', 'create'), null],
  ["gitea issue_comment", 202, null, ["ci", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): commented on issue [#2 Webhook test](http://localhost:3000/gitea/webhooks/issues/2#issuecomment-7) by gitea\n> Works for me &#95;now&#95;.", null]],
  ["gitea workflow_run", 202, null, ["ci", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): workflow [CI](http://localhost:3000/gitea/webhooks/actions/runs/42) **failure** on **main** in 3m 18s by gitea", "danger"]],
  ["forgejo push", 202, null, ["ci", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): pushed [1 commit](http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a) to branch **develop** by gitea\n- [bffeb74](http://localhost:3000/gitea/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a) Webhooks Yay! (gitea)", null]],
  ["forgejo create", 200, dropped('gitea', 'create'), null],
  ["forgejo issue_comment", 202, null, ["ci", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): commented on issue [#2 Webhook test](http://localhost:3000/gitea/webhooks/issues/2#issuecomment-7) by gitea\n> Works for me &#95;now&#95;.", null]],
  ["nextcloud file.deleted", 202, null, ["files", "Nextcloud: Alice deleted **Old/draft.odt**", null]],
  ["nextcloud file.renamed", 202, null, ["files", "Nextcloud: Alice moved **Reports/q3.pdf** to **Archive/q3.pdf**", null]],
  ["nextcloud calendar.object_created", 202, null, ["files", "nextcloud: calendar object created **Maintenance window** by Alice", null]],
  ["nextcloud form.submitted", 202, null, ["files", "nextcloud: form submitted Access request by Bob", null]],
  ["generic uptime-kuma.down", 202, null, ["alerts", "alerts: [Wiki](https://wiki.example.com/)\n> &#91;Wiki&#93; &#91;🔴 Down&#93; getaddrinfo ENOTFOUND wiki.example.com", null]],
  ["generic alertmanager.firing", 202, null, ["alerts", "alerts: 2 alerts (ProbeFailure) **firing**\n- **firing** [ProbeFailure](http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1): BlackBox Probe Failure: https:\u200b//server.example.org\n- **firing** [ProbeFailure](http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1): BlackBox Probe Failure: https:\u200b//mail.example.org", "danger"]],
  ["generic alertmanager.resolved", 202, null, ["alerts", "alerts: 1 alert (DiskFull) **resolved**\n- **resolved** [DiskFull](http://prometheus.example.org:9090/graph?g0.expr=disk): Disk / on db1 is 92% full", "good"]],
  ["generic grafana.firing", 202, null, ["alerts", "alerts: &#91;FIRING:1&#93; High memory usage (blue us-1) **firing**\n- **firing** [High memory usage](https://play.grafana.org/alerting/1afz29v7z/edit): This alert was triggered for zone us-1", "danger"]],
  ["generic watchtower", 202, null, ["alerts", "alerts: Watchtower updates on docker-host-1\n> Found new image for ghcr.io/acme/web:latest (3f9a1c2b)\n> Stopping /web (5b1e0d2a) with SIGTERM\n> Creating /web", null]],
  ["generic healthchecks.down", 202, null, ["alerts", "alerts: [nightly-backup](https://healthchecks.io/checks/6f4e8b5a-7c3d-4e2f-9a1b-0c8d7e6f5a4b/details/) **down**", "danger"]],
  ["generic registry.push", 202, null, ["alerts", "alerts: an event with no title, message or status (its fields: events); a recipe can post what it needs", null]],
  ["generic sentry.event_alert", 202, null, ["alerts", "sentry: event_alert triggered [ZeroDivisionError: division by zero](https://sentry.io/organizations/acme/issues/1117540176/events/d5bc1c9fd2e54ba4b3a4e76fec5e6e59/) **error**", "danger"]],
  ["generic dockerhub.push", 401, "bad signature: no signature (X-Summoner-Signature: sha256=<HMAC-SHA256 of the body>), bearer token or X-Summoner-Token header", null],
  ["generic grafana.firing (HMAC)", 202, null, ["alerts", "alerts: &#91;FIRING:1&#93; High memory usage (blue us-1) **firing**\n- **firing** [High memory usage](https://play.grafana.org/alerting/1afz29v7z/edit): This alert was triggered for zone us-1", "danger"]],
];

async function send(c: Case): Promise<{ status: number; answer: string | null; post: [string, string, string | null] | null }> {
  const before = postIds();
  const r = await post(`${hooks}/${c.hook}`, c.body, c.headers);
  if (r.status !== 202) return { status: r.status, answer: r.status === 200 ? ((JSON.parse(r.text) as { why?: string }).why ?? r.text) : r.text.trim(), post: null };
  await server.waitFor(() => postsSince(before).length > 0 || undefined);
  const made = postsSince(before);
  expect(made, c.label).toHaveLength(1);
  return { status: r.status, answer: null, post: [made[0]!.name, shown(made[0]!.p), colorOf(made[0]!.p)] };
}

describe('real payloads from the tools a team already has', () => {
  it('each gets the answer and the post of the table', async () => {
    const all = cases();
    expect(all.map((c) => c.label)).toEqual(EXPECTED.map((e) => e[0]));
    for (const [i, c] of all.entries()) {
      const [, status, answer, made] = EXPECTED[i]!;
      expect(await send(c), c.label).toEqual({ status, answer, post: made });
    }
    // nothing posted shows a blank, an `undefined` or raw JSON
    for (const [, , , made] of EXPECTED) if (made) expect(made[1]).not.toMatch(/undefined|null|\[object|\{"|\*\*\*\*| {2}|: $/);
  }, 60_000);

  it("GitHub's default form content type gives the same answer and post as JSON", async () => {
    for (const [name, event] of GITHUB) {
      const want = EXPECTED.find((e) => e[0] === `github ${name}`)!;
      expect(await send(gh(name, event, true)), name).toEqual({ status: want[1], answer: want[2], post: want[3] });
    }
  }, 60_000);

  it('one GitHub release (created, published, prereleased, then released) is one post', async () => {
    const base = JSON.parse(fixture('github', 'release.prereleased').toString()) as { action: string; release: Record<string, unknown> };
    const before = postIds();
    for (const action of ['created', 'published', 'prereleased', 'released']) {
      const body = Buffer.from(JSON.stringify({ ...base, action, release: { ...base.release, id: 99 } }));
      expect((await post(`${hooks}/github`, body, githubHeaders(S.github, 'release', body))).status).toBe(action === 'published' ? 202 : 200);
    }
    await server.waitFor(() => postsSince(before).length > 0 || undefined);
    expect(postsSince(before).map((x) => shown(x.p))).toEqual([EXPECTED.find((e) => e[0] === 'github release.prereleased')![3]![1]]);
  });

  it('a monitor that sends the same text again later (down, up, down) is heard each time; its quick retry is not', async () => {
    // Healthchecks' body is what the user wrote: the same "down" each time, no id, a bearer token
    const down = fixture('generic', 'healthchecks.down');
    const up = Buffer.from(down.toString().replace('"down"', '"up"'));
    const send = async (body: Buffer) => JSON.parse((await post(`${hooks}/alerts`, body, bearerHeaders(S.alerts))).text) as { status: string };
    clock.advance(60 * 60_000);
    expect(await send(down)).toMatchObject({ status: 'accepted' });
    // the sender's retry a minute later (its request timed out) is the same event
    clock.advance(60_000);
    expect(await send(down)).toEqual({ status: 'duplicate' });
    clock.advance(30 * 60_000);
    expect(await send(up)).toMatchObject({ status: 'accepted' });
    clock.advance(30 * 60_000);
    expect(await send(down)).toMatchObject({ status: 'accepted' });
    // a signed body stays refused as a replay however late (test/security/f7-replay.test.ts): the signature is
    // the sender's word for this one request, a token is not
    const signed = Buffer.from(JSON.stringify({ ...(JSON.parse(fixture('github', 'release.prereleased').toString()) as object), zen: 'a body of its own' }));
    expect((await post(`${hooks}/github`, signed, githubHeaders(S.github, 'release', signed))).status).toBe(202);
    clock.advance(24 * 60 * 60_000);
    expect(JSON.parse((await post(`${hooks}/github`, signed, githubHeaders(S.github, 'release', signed))).text)).toEqual({ status: 'duplicate' });
  });

  it("forms are read as the senders mean them, and the answer says how: Uptime Kuma's form-data preset, a plain form, a BOM", async () => {
    const kuma = fixture('generic', 'uptime-kuma.down');
    const want = EXPECTED.find((e) => e[0] === 'generic uptime-kuma.down')![3];
    // Uptime Kuma's "form-data" body: multipart, the JSON in a `data` field (another time: not a duplicate)
    const fd = new FormData();
    fd.append('data', kuma.toString().replace('23:51:35.527', '23:52:35.527'));
    const multipart = new Request('http://kuma.example', { method: 'POST', body: fd });
    const body = Buffer.from(await multipart.arrayBuffer());
    const ids = postIds();
    const r = await post(`${hooks}/alerts`, body, { ...bearerHeaders(S.alerts), 'content-type': multipart.headers.get('content-type')! });
    expect(r).toEqual({ status: 202, text: JSON.stringify({ status: 'accepted', actions: 1, read: "the multipart form's data field as JSON" }) });
    await server.waitFor(() => postsSince(ids).length > 0 || undefined);
    expect(postsSince(ids).map((x) => [x.name, shown(x.p), colorOf(x.p)])).toEqual([want]);
    // a tool that posts plain fields: they are the payload
    const form = Buffer.from(new URLSearchParams({ title: 'Backup of /srv finished', status: 'success', host: 'nas1' }).toString());
    const f = await post(`${hooks}/alerts`, form, { ...bearerHeaders(S.alerts), 'content-type': 'application/x-www-form-urlencoded' });
    expect(JSON.parse(f.text)).toEqual({ status: 'accepted', actions: 1, read: "the form's fields as a JSON object" });
    const made = await server.waitFor(() => botPosts().find((x) => shown(x.p).includes('Backup of')));
    expect([shown(made.p), colorOf(made.p)]).toEqual(['alerts: Backup of /srv finished **success**', 'good']);
    // JSON behind a byte-order mark
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ title: 'BOM test' }))]);
    expect((await post(`${hooks}/alerts`, bom, bearerHeaders(S.alerts))).status).toBe(202);
    // a ping with no body at all, its event named by a header
    const empty = await post(`${hooks}/alerts`, Buffer.alloc(0), { ...bearerHeaders(S.alerts), 'x-summoner-event': 'nightly.done' });
    expect(JSON.parse(empty.text)).toEqual({ status: 'accepted', actions: 1, read: 'an empty body as {}' });
    const said = await server.waitFor(() => botPosts().find((x) => shown(x.p).startsWith('alerts: nightly.done')));
    expect(shown(said.p)).toBe('alerts: nightly.done with no title, message or status (an empty object)');
    // what cannot be read is refused, saying what
    expect(await post(`${hooks}/alerts`, Buffer.from('--x\r\nbroken'), { ...bearerHeaders(S.alerts), 'content-type': 'multipart/form-data; boundary=y' })).toEqual({ status: 400, text: 'the multipart form cannot be read (no boundary, or a broken part)\n' });
    expect(await post(`${hooks}/alerts`, Buffer.from('{"a":'), bearerHeaders(S.alerts))).toEqual({ status: 400, text: 'the body is not JSON\n' });
  });

  it('a webhook made without a secret is refused, saying which header is missing', async () => {
    const body = fixture('github', 'ping');
    const { 'x-hub-signature-256': _, ...unsigned } = githubHeaders(S.github, 'ping', body);
    expect(await post(`${hooks}/github`, body, unsigned)).toEqual({ status: 401, text: 'bad signature: no X-Hub-Signature-256 header (the webhook has no secret: set one)\n' });
    const wrong = { ...githubHeaders(S.github, 'ping', body), 'x-hub-signature-256': `sha256=${hmac('another-secret', body)}` };
    expect(await post(`${hooks}/github`, body, wrong)).toEqual({ status: 401, text: 'bad signature: X-Hub-Signature-256 does not match the body\n' });
  });

  it('a dropped event is logged once per hook and event at info, the next ones at debug', async () => {
    const star = (n: number) => Buffer.from(JSON.stringify({ ...(JSON.parse(fixture('github', 'star').toString()) as object), starred_at: `2026-11-1${n}T00:00:00Z` }));
    for (const n of [1, 2, 3]) expect((await post(`${hooks}/github`, star(n), githubHeaders(S.github, 'star', star(n)))).status).toBe(200);
    const said = logs.filter((l) => l.hook === 'github' && l.event === 'star' && /dropped/.test(l.msg));
    // the first star of this run (the table's) at info, every later one (these three at least) at debug
    expect(said[0]!.level).toBe(30);
    expect(said.slice(1).map((l) => l.level)).toEqual(Array(said.length - 1).fill(20));
    expect(said.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the generic form, for any sender', () => {
  const form = (source: string, name: string, event: string) => genericPost('hook', event, JSON.parse(fixture(source, name).toString()));
  it('names the ref, the outcome, the merge request as GitLab writes it, and says when there is nothing to read', () => {
    expect(form('github', 'push.tag', 'push')).toEqual({ text: 'hook: push tag **v1.2.0** on [Codertocat/Hello-World](https://github.com/Codertocat/Hello-World) by Codertocat' });
    expect(form('github', 'check_run.timed_out', 'check_run')).toEqual({
      text: 'hook: check_run completed [Octocoders-linter](https://github.com/Codertocat/Hello-World/runs/128620228) **timed out** on [Codertocat/Hello-World](https://github.com/Codertocat/Hello-World) by Codertocat',
      color: 'danger',
    });
    expect(form('gitlab', 'merge_request.merge', 'merge_request').text).toContain('[!1 MS-Viewport](http://example.com/diaspora/merge_requests/1) **merged**');
    expect(form('generic', 'registry.push', 'registry')).toEqual({ text: 'hook: registry with no title, message or status (its fields: events); a recipe can post what it needs' });
    expect(genericPost('hook', 'unknown', {})).toEqual({ text: 'hook: an event with no title, message or status (an empty object)' });
  });
});

describe('which hooks post what nothing else took', () => {
  const config = notifySchema.parse({
    hooks: {
      kuma: { source: 'generic', secretEnv: 'X' },
      nas: { source: 'generic', secretEnv: 'X' },
      cloud: { source: 'nextcloud', secretEnv: 'X' },
      gh: { source: 'github', secretEnv: 'X' },
      loud: { source: 'github', secretEnv: 'X', otherwise: 'generic' },
      quietly: { source: 'generic', secretEnv: 'X', otherwise: 'drop' },
    },
    recipes: [{ name: 'nas-failed', when: { source: 'generic', hook: 'nas', filter: { ok: false } }, then: [{ post: { channel: 'ops', template: 'NAS backup failed' } }] }],
  });
  it('a generic or Nextcloud hook no recipe listens to posts every event; once one listens, the recipes choose', () => {
    expect(Object.fromEntries(Object.entries(config.hooks).map(([n, h]) => [n, h.otherwise]))).toEqual({ kuma: 'generic', nas: 'drop', cloud: 'generic', gh: 'drop', loud: 'generic', quietly: 'drop' });
    expect(explainChain(config, 'kuma', 'unknown').at(-1)).toEqual({ step: 'otherwise', acts: 'yes', why: 'a short generic post when nothing above acted' });
    expect(explainChain(config, 'nas', 'unknown').at(-1)).toEqual({ step: 'otherwise', acts: 'no', why: 'dropped (counted) when nothing above acted' });
  });
});
