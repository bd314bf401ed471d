// Issue 16, done-when 1: with only hooks configured (no recipe written), each documented event from GitHub,
// GitLab, Gitea and Nextcloud (test/fixtures/webhooks/) gives exactly one post, whose text and colour are
// checked, through the real composition root and our Mattermost test server. GitHub's form content type gives
// the same post. On the old code nothing was posted (no recipe) and the form got 400.
import { createHmac, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { explainChain } from '../src/notify/chain.js';
import { notifySchema } from '../src/notify/config.js';
import { startTestServer, type Post, type TestServer } from './mattermost-server/index.js';
import { sampleTypes, testBot, tmpDir } from './helpers/robot.js';
import { builtinCommands, notifyCommands } from '../commands/index.js';
import { bearerHeaders, fixture, githubHeaders, gitlabHeaders, post } from './helpers/webhooks.js';

const SECRET = { lost: 'gh-lost-0123456789', github: 'gh-secret-builtins-0123', gitlab: 'gl-token-builtins-0123', gitea: 'gitea-secret-builtins-0123', nextcloud: 'nc-token-builtins-0123', loud: 'gh-loud-0123456789' };

/** [source, fixture, event, the post's text, its colour] */
const EXPECTED: [string, string, string, string, string | null][] = [
  ["github", "check_run.timed_out", "check_run", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): check [Octocoders-linter](https://github.com/Codertocat/Hello-World/runs/128620228) **timed out** on **changes** in 0s by Codertocat", "danger"],
  ["github", "check_suite", "check_suite", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): check suite Super Duper **success** on **changes** in 43s by Codertocat", "good"],
  ["github", "deployment_status.failure", "deployment_status", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): deployment to production **failure** (master) by Codertocat", "danger"],
  ["github", "issues", "issues", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): opened issue [#1 Spelling error in the README file](https://github.com/Codertocat/Hello-World/issues/1) by Codertocat", null],
  ["github", "pull_request", "pull_request", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): opened pull request [#2 Update the README with new information.](https://github.com/Codertocat/Hello-World/pull/2) (changes → master) by Codertocat", null],
  ["github", "pull_request.merged", "pull_request", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): merged pull request [#2 Update the README with new information.](https://github.com/Codertocat/Hello-World/pull/2) (changes → master) by Codertocat", "good"],
  ["github", "pull_request.review_requested", "pull_request", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): requested a review of [#2 Update the README with new information.](https://github.com/Codertocat/Hello-World/pull/2) from octocat by Codertocat", null],
  ["github", "push.commits", "push", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): pushed [7 commits](https://github.com/Codertocat/Hello-World/compare/6113728f27ae...0d1a26e67d8f) to branch **main** by Codertocat\n- [1f3a9c2](https://github.com/Codertocat/Hello-World/commit/1f3a9c2d1b0f3a9c2d1b0f3a9c2d1b0f3a9c2d1b) Change 1 (Codertocat)\n- [2f3a9c2](https://github.com/Codertocat/Hello-World/commit/2f3a9c2d1b0f3a9c2d1b0f3a9c2d1b0f3a9c2d1b) Change 2 (Codertocat)\n- [3f3a9c2](https://github.com/Codertocat/Hello-World/commit/3f3a9c2d1b0f3a9c2d1b0f3a9c2d1b0f3a9c2d1b) Change 3 (Codertocat)\n- [4f3a9c2](https://github.com/Codertocat/Hello-World/commit/4f3a9c2d1b0f3a9c2d1b0f3a9c2d1b0f3a9c2d1b) Change 4 (Codertocat)\n- [5f3a9c2](https://github.com/Codertocat/Hello-World/commit/5f3a9c2d1b0f3a9c2d1b0f3a9c2d1b0f3a9c2d1b) Change 5 (Codertocat)\n- … and 2 more", null],
  ["github", "push", "push", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): deleted tag **simple-tag** by Codertocat", null],
  ["github", "release", "release", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): published release [0.0.1](https://github.com/Codertocat/Hello-World/releases/tag/0.0.1) by Codertocat", null],
  ["github", "status.failure", "status", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): [default](https://ci.example.com/builds/42) **failure** for [6113728](https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246) on **master** (2 tests failed) by Codertocat", "danger"],
  ["github", "workflow_job.failure", "workflow_job", "[Codertocat/Hello-World](https://github.com/Codertocat/Hello-World): job [linters](https://github.com/octo-org/octo-repo/runs/1291536064) **failure** on **main** in 3m 18s by Codertocat", "danger"],
  ["github", "workflow_run.failure", "workflow_run", "[octo-org/octo-repo](https://github.com/octo-org/octo-repo): workflow [Build](https://github.com/octo-org/octo-repo/actions/runs/30433642) **failure** on **main** in 0s by octocat", "danger"],
  ["github", "workflow_run.success", "workflow_run", "[octo-org/octo-repo](https://github.com/octo-org/octo-repo): workflow [Build](https://github.com/octo-org/octo-repo/actions/runs/30433643) **success** on **main** in 0s by octocat", "good"],
  ["gitlab", "deployment", "deployment", "[root/test-deployment-webhooks](http://10.126.0.2:3000/root/test-deployment-webhooks): deployment to [staging](https://staging.example.com/) **success** 1.0.0 ([279484c0](http://10.126.0.2:3000/root/test-deployment-webhooks/-/commit/279484c09fbe69ededfced8c1bb6e6d24616b468)) [job](http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796) by root", "good"],
  ["gitlab", "issue", "issue", "[gitlabhq/gitlab-test](http://example.com/gitlabhq/gitlab-test): opened issue [#23 New API: create/update/delete file](http://example.com/diaspora/issues/23) by root", null],
  ["gitlab", "job.failed", "job", "[gitlab-org/gitlab-test](http://192.168.64.1:3005/gitlab-org/gitlab-test): job [test](http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/1977) (test) **failed** (script failure) on **gitlab-script-trigger** in 1m 35s by user", "danger"],
  ["gitlab", "merge_request", "merge_request", "[gitlabhq/gitlab-test](http://example.com/gitlabhq/gitlab-test): opened merge request [!1 MS-Viewport](http://example.com/diaspora/merge_requests/1) (ms-viewport → master) by root", null],
  ["gitlab", "pipeline.failed", "pipeline", "[gitlab-org/gitlab-test](http://192.168.64.1:3005/gitlab-org/gitlab-test): pipeline [#31](http://example.com/gitlab-org/gitlab-test/-/pipelines/31) **failed** on branch **main** in 1m 3s by root", "danger"],
  ["gitlab", "pipeline.success", "pipeline", "[gitlab-org/gitlab-test](http://192.168.64.1:3005/gitlab-org/gitlab-test): pipeline [#32](http://example.com/gitlab-org/gitlab-test/-/pipelines/32) **success** on branch **feature-x** in 1m 1s by root", "good"],
  ["gitlab", "push", "push", "[mike/diaspora](http://example.com/mike/diaspora): pushed [1 commit](http://example.com/mike/diaspora/-/compare/95790bf891e76fee5e1747ab589903a6a1f80f22...da1560886d4f094c3e6c9ef40349f7d38b5d27d7) to branch **master** by jsmith\n- [da15608](http://example.com/mike/diaspora/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7) fixed readme (GitLab dev user)", null],
  ["gitlab", "release", "release", "[gitlabhq/gitlab-test](http://example.com/gitlabhq/gitlab-test): published release [v1.1](http://example.com/gitlabhq/gitlab-test/-/releases/v1.1)", null],
  ["gitlab", "tag_push", "tag_push", "[jsmith/example](http://example.com/jsmith/example): pushed tag [v1.0.0](http://example.com/jsmith/example/-/tags/v1.0.0) by jsmith", null],
  ["gitea", "issues", "issues", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): opened issue [#2 Webhook test](http://localhost:3000/gitea/webhooks/issues/2) by gitea", null],
  ["gitea", "pull_request", "pull_request", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): opened pull request [#1 Add a feature](http://localhost:3000/gitea/webhooks/pulls/1) (feature → main) by gitea", null],
  ["gitea", "push", "push", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): pushed [1 commit](http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a) to branch **develop** by gitea\n- [bffeb74](http://localhost:3000/gitea/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a) Webhooks Yay! (gitea)", null],
  ["gitea", "release", "release", "[gitea/webhooks](http://localhost:3000/gitea/webhooks): published release [First release](http://localhost:3000/gitea/webhooks/releases/tag/v1.0.0) (tag v1.0.0) by gitea", null],
  ["nextcloud", "file.created", "file.created", "Nextcloud: admin created **Reports/2026-11.pdf**", null],
  ["nextcloud", "file.written", "file.written", "Nextcloud: Alice changed **notes.md**", null],
  ["nextcloud", "share.created", "share.created", "Nextcloud: Alice shared **/notes.md** by public link", null],
];

let server: TestServer;
let app: App;
let hooks: string;
let ch: { ops: string; ci: string; bot: string };

const shown = (p: Post): string => [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n');
const colorOf = (p: Post): string | null => ((p.props as any)?.attachments?.[0]?.color as string | undefined) ?? null;
const botPosts = (channel: string) => server.posts(channel).filter((p) => p.user_id === ch.bot);

function giteaHeaders(secret: string, event: string, body: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-gitea-event': event, 'x-gitea-delivery': randomUUID(), 'x-gitea-signature': createHmac('sha256', secret).update(body).digest('hex') };
}

function request(source: string, name: string, event: string): { hook: string; body: Buffer; headers: Record<string, string> } {
  const body = fixture(source, name);
  if (source === 'github') return { hook: 'github', body, headers: githubHeaders(SECRET.github, event, body) };
  if (source === 'gitlab') return { hook: 'gitlab', body, headers: gitlabHeaders(SECRET.gitlab, body) };
  if (source === 'gitea') return { hook: 'gitea', body, headers: giteaHeaders(SECRET.gitea, event, body) };
  return { hook: 'nextcloud', body, headers: bearerHeaders(SECRET.nextcloud) };
}

beforeAll(async () => {
  server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const ops = server.createChannel(team.id, 'ops');
  const ci = server.createChannel(team.id, 'ci');
  // archived once the bot has started (it checks its channels at start): its posts become dead letters
  const nowhere = server.createChannel(team.id, 'nowhere');
  for (const c of [ops, ci, nowhere]) for (const u of [bot, admin]) server.addToChannel(c.id, u.id);
  ch = { ops: ops.id, ci: ci.id, bot: bot.id };
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-builtins-'),
    admins: [admin.id],
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'acme', channels: ['ops'], reconnectMinMs: 50, reconnectMaxMs: 400 },
    notify: {
      // one post per event, however fast they come: no coalescing into one post
      coalesce: 1,
      hooks: {
        github: { source: 'github', secretEnv: 'X_GH', channel: 'ci' },
        gitlab: { source: 'gitlab', secretEnv: 'X_GL', channel: 'ci' },
        gitea: { source: 'gitea', secretEnv: 'X_GT', channel: 'ci' },
        nextcloud: { source: 'nextcloud', secretEnv: 'X_NC', channel: 'ci' },
        // a hook that asks for the generic form of what no built-in covers (default channel: ops)
        loud: { source: 'github', secretEnv: 'X_LOUD', otherwise: 'generic', builtins: { except: ['status'] } },
        // a channel archived while the bot runs: its posts are dead letters at once, said once in ops
        lost: { source: 'github', secretEnv: 'X_LOST', channel: 'nowhere' },
      },
    },
  });
  app = await createApp({ config, secrets: { mattermostToken: bot.token, hooks: SECRET }, log: pino({ level: 'silent' }), types: sampleTypes() });
  await app.start();
  server.archiveChannel(nowhere.id);
  hooks = `${app.http!.url}/hooks`;
});

afterAll(async () => {
  await app?.stop('tests done');
  await server?.close();
});

describe('built-in recipes, on with only a hook configured', () => {
  it('each documented event gives one post whose text and colour are checked', async () => {
    for (const [source, name, event, text, color] of EXPECTED) {
      const before = botPosts(ch.ci).length;
      const r = request(source, name, event);
      const res = await post(`${hooks}/${r.hook}`, r.body, r.headers);
      expect(res.status, `${source}/${name}`).toBe(202);
      await server.waitFor(() => botPosts(ch.ci).length > before || undefined);
      const posts = botPosts(ch.ci).slice(before);
      expect(posts.map(shown), `${source}/${name}`).toEqual([text]);
      expect(colorOf(posts[0]!), `${source}/${name}`).toBe(color);
    }
    // every CI failure is red
    const failures = EXPECTED.filter(([, n]) => /failed|failure|timed_out/.test(n));
    expect(failures.length).toBeGreaterThanOrEqual(7);
    for (const f of failures) expect(f[4], f[1]).toBe('danger');
  });

  it("GitHub's form content type (payload=, signed over the raw form body) gives the same post", async () => {
    const json = fixture('github', 'pull_request.merged').toString('utf8');
    const form = Buffer.from(new URLSearchParams({ payload: json }).toString());
    const headers = { ...githubHeaders(SECRET.github, 'pull_request', form), 'content-type': 'application/x-www-form-urlencoded' };
    const before = botPosts(ch.ci).length;
    expect((await post(`${hooks}/github`, form, headers)).status).toBe(202);
    await server.waitFor(() => botPosts(ch.ci).length > before || undefined);
    const want = EXPECTED.find(([s, n]) => s === 'github' && n === 'pull_request.merged')!;
    expect(botPosts(ch.ci).slice(before).map(shown)).toEqual([want[3]]);
    // a form without payload= is refused, and says why
    const bad = Buffer.from('nothing=here');
    const r = await post(`${hooks}/github`, bad, { ...githubHeaders(SECRET.github, 'push', bad), 'content-type': 'application/x-www-form-urlencoded' });
    expect(r).toEqual({ status: 400, text: 'the form has no JSON payload= field\n' });
  });

  it('an event no built-in covers is counted, and posted in a short generic form where the hook asks', async () => {
    const body = Buffer.from(JSON.stringify({ action: 'created', starred_at: '2026-01-01T00:00:00Z', repository: { full_name: 'octo/app', html_url: 'https://github.com/octo/app' }, sender: { login: 'mona' } }));
    const quietBefore = app.notify.counters.get('notify_unhandled_total', { hook: 'github', event: 'star' });
    expect((await post(`${hooks}/github`, body, githubHeaders(SECRET.github, 'star', body))).status).toBe(200);
    expect(app.notify.counters.get('notify_unhandled_total', { hook: 'github', event: 'star' })).toBe(quietBefore + 1);
    const before = botPosts(ch.ops).length;
    expect((await post(`${hooks}/loud`, body, githubHeaders(SECRET.loud, 'star', body))).status).toBe(202);
    await server.waitFor(() => botPosts(ch.ops).length > before || undefined);
    expect(botPosts(ch.ops).slice(before).map(shown)).toEqual(['loud: star created on [octo/app](https://github.com/octo/app) by mona']);
    expect(app.notify.counters.get('notify_unhandled_total', { hook: 'loud', event: 'star' })).toBe(1);
  });
});

describe('an outbox that never jams', () => {
  it('posts to a missing channel become dead letters at once, ops is told once, other channels keep flowing', async () => {
    const before = botPosts(ch.ops).length;
    const failed0 = app.notify.outbox().failed ?? 0;
    for (const name of ['release', 'issues']) {
      const body = fixture('github', name);
      expect((await post(`${hooks}/lost`, body, githubHeaders(SECRET.lost, name, body))).status).toBe(202);
    }
    await vi.waitFor(() => expect(app.notify.outbox().failed ?? 0).toBe(failed0 + 2), { timeout: 10_000 });
    const said = await server.waitFor(() => botPosts(ch.ops).slice(before).find((p) => shown(p).includes('~nowhere')));
    expect(shown(said)).toMatch(/^:warning: Notifications for ~nowhere \(recipe builtin:release\) are refused: .*404.*dead letters/);
    // a later event for ci still goes out at once, and ops heard of the lost channel only once
    const body = Buffer.from(JSON.stringify({ ...JSON.parse(fixture('github', 'release').toString()), zen: 'a new body, not a replay' }));
    const ciBefore = botPosts(ch.ci).length;
    const t0 = Date.now();
    expect((await post(`${hooks}/github`, body, githubHeaders(SECRET.github, 'release', body))).status).toBe(202);
    await server.waitFor(() => botPosts(ch.ci).length > ciBefore || undefined);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(botPosts(ch.ops).slice(before).filter((p) => shown(p).includes('~nowhere'))).toHaveLength(1);
  });
});

describe('recipe chain: order, stop, built-in, otherwise', () => {
  const config = notifySchema.parse({
    hooks: { gh: { source: 'github', secretEnv: 'X', otherwise: 'generic', builtins: { except: ['status'] } } },
    recipes: [
      { name: 'deploy-main', when: { source: 'github', event: 'push', filter: { ref: 'refs/heads/main' } }, then: [{ command: 'ping' }] },
      { name: 'all-pushes', when: { source: 'github', hook: 'gh', event: 'push' }, then: [{ post: { channel: 'dev', template: 'push {{ref}}' } }], stop: true },
      { name: 'releases', when: { source: 'github', event: 'release' }, then: [{ post: { channel: 'dev', template: 'x' } }] },
    ],
  });
  it('explains which recipe would act on an event and why', () => {
    expect(explainChain(config, 'gh', 'push')).toEqual([
      { step: 'recipe deploy-main', acts: 'if filter', why: 'when ref = refs/heads/main' },
      { step: 'recipe all-pushes', acts: 'yes', why: 'matches; stop: true ends the chain here' },
    ]);
    expect(explainChain(config, 'gh', 'status').slice(-2)).toEqual([
      { step: 'built-in', acts: 'no', why: 'removed by builtins.except' },
      { step: 'otherwise', acts: 'yes', why: 'a short generic post when nothing above acted' },
    ]);
    expect(explainChain(config, 'gh', 'workflow_job')).toContainEqual({ step: 'built-in', acts: 'yes', why: 'the github built-in for workflow_job' });
    expect(explainChain(config, 'nope', 'push')).toEqual([{ step: 'hook nope', acts: 'no', why: 'no such hook under notify.hooks' }]);
  });
  it('`recipes explain <hook> <event>` answers in chat with the same steps', async () => {
    const b = await testBot({
      commands: [...builtinCommands, ...notifyCommands],
      types: sampleTypes(),
      services: { notify: { recipes: config.recipes, tryRecipe: () => [], outbox: () => ({}), explain: (h, e) => explainChain(config, h, e) } },
    });
    await b.chat.say('recipes explain gh push');
    const text = b.chat.texts().at(-1)!;
    expect(text).toContain('deploy-main: when ref = refs/heads/main');
    expect(text).toContain('all-pushes: matches; stop: true ends the chain here');
    expect(text).not.toContain('built-in');
  });
});
