// The pure parts of the notification center: verifiers, recipe validation, matching and rendering.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadConfig, ConfigError } from '../src/config/load.js';
import { escapeMarkdown, matches, plan, recipeSchema, RecipeError, type IncomingEvent } from '../src/notify/recipes.js';
import { readEvent, verify } from '../src/notify/webhooks/verify.js';
import { tokenBucket } from '../src/notify/webhooks/routes.js';
import { fixture } from './helpers/webhooks.js';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './helpers/robot.js';

const ev = (source: IncomingEvent['source'], event: string, payload: unknown): IncomingEvent => ({ source, hook: source, event, deliveryId: 'd', payload });

describe('verifiers', () => {
  const body = fixture('github', 'push');
  it('checks GitHub HMAC-SHA256 over the raw body', () => {
    const sig = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    expect(verify('github', 's3cret', body, { 'x-hub-signature-256': sig })).toEqual({ ok: true, by: 'signature' });
    expect(verify('github', 'other', body, { 'x-hub-signature-256': sig })).toMatchObject({ ok: false });
    expect(verify('github', 's3cret', body, { 'x-hub-signature-256': 'sha256=00' })).toMatchObject({ ok: false });
    expect(verify('github', 's3cret', body, {})).toEqual({ ok: false, reason: 'no X-Hub-Signature-256 header (the webhook has no secret: set one)' });
  });
  it('checks the GitLab token, and generic HMAC or bearer', () => {
    expect(verify('gitlab', 'tok', body, { 'x-gitlab-token': 'tok' })).toEqual({ ok: true, by: 'token' });
    expect(verify('gitlab', 'tok', body, { 'x-gitlab-token': 'tok2' })).toMatchObject({ ok: false });
    const sig = `sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`;
    expect(verify('generic', 'k', body, { 'x-summoner-signature': sig })).toEqual({ ok: true, by: 'signature' });
    expect(verify('generic', 'k', body, { authorization: 'Bearer k' })).toEqual({ ok: true, by: 'token' });
    expect(verify('nextcloud', 'k', body, { authorization: 'Bearer nope' })).toMatchObject({ ok: false });
  });
  it("takes the HMAC in the headers other senders sign with (Sentry's, Grafana's), hex with or without sha256=", () => {
    const hex = createHmac('sha256', 'k').update(body).digest('hex');
    for (const h of ['sentry-hook-signature', 'x-grafana-alerting-signature', 'x-hub-signature-256', 'x-signature-256'])
      for (const v of [hex, `sha256=${hex}`, hex.toUpperCase()]) expect(verify('generic', 'k', body, { [h]: v }), `${h}: ${v}`).toEqual({ ok: true, by: 'signature' });
    expect(verify('generic', 'other', body, { 'sentry-hook-signature': hex })).toEqual({ ok: false, reason: 'sentry-hook-signature does not match the body' });
    // a signature that does not match, beside a bearer token that does: the token proves the secret
    expect(verify('generic', 'k', body, { 'x-signature-256': 'sha256=00', authorization: 'Bearer k' })).toEqual({ ok: true, by: 'token' });
    expect(verify('generic', 'k', body, {})).toEqual({ ok: false, reason: 'no signature (X-Summoner-Signature: sha256=<HMAC-SHA256 of the body>), bearer token or X-Summoner-Token header' });
  });
  it("reads a generic sender's own event and delivery headers (Sentry's resource and request id)", () => {
    expect(readEvent('generic', body, {}, { 'sentry-hook-resource': 'event_alert', 'request-id': 'r-1' })).toEqual({ event: 'event_alert', deliveryId: 'r-1' });
    // ours first
    expect(readEvent('generic', body, {}, { 'x-summoner-event': 'mine', 'sentry-hook-resource': 'event_alert' }).event).toBe('mine');
  });
  it('reads event names and delivery ids the way each sender gives them', () => {
    const gl = fixture('gitlab', 'job');
    expect(readEvent('gitlab', gl, JSON.parse(gl.toString()), { 'x-gitlab-event-uuid': 'u-1' })).toEqual({ event: 'job', deliveryId: 'u-1' });
    const nc = fixture('nextcloud', 'share.created');
    const r = readEvent('nextcloud', nc, JSON.parse(nc.toString()), {});
    expect(r.event).toBe('share.created');
    expect(r.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readEvent('github', body, {}, { 'x-github-event': 'push', 'x-github-delivery': 'g-1' })).toEqual({ event: 'push', deliveryId: 'g-1' });
  });
  it('token bucket: burst, then the sustained rate', () => {
    let t = 0;
    const b = tokenBucket(2, 3, () => t);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    t += 500;
    expect([b.take(), b.take()]).toEqual([true, false]);
  });
});

describe('recipes', () => {
  const gl = JSON.parse(fixture('gitlab', 'pipeline.failed').toString());
  it('matches on source, event and filters (lists and * patterns)', () => {
    const r = recipeSchema.parse({ name: 'r', when: { source: 'gitlab', event: 'pipeline', filter: { 'object_attributes.ref': ['main', 'release/*'], 'object_attributes.status': 'failed' } }, then: [{ post: { channel: 'dev', template: 'x' } }] });
    expect(matches(r, ev('gitlab', 'pipeline', gl))).toBe(true);
    expect(matches(r, ev('gitlab', 'pipeline', { ...gl, object_attributes: { ...gl.object_attributes, ref: 'release/2.1' } }))).toBe(true);
    expect(matches(r, ev('gitlab', 'pipeline', { ...gl, object_attributes: { ...gl.object_attributes, ref: 'dev' } }))).toBe(false);
    expect(matches(r, ev('github', 'pipeline', gl))).toBe(false);
    expect(matches(r, ev('gitlab', 'job', gl))).toBe(false);
  });
  it('escapes sender values: no @channel, no injected markup; the colour follows the status', () => {
    const r = recipeSchema.parse({ name: 'r', when: { source: 'gitlab' }, then: [{ post: { channel: 'dev', template: 'commit: {{commit.title}}' } }] });
    const hostile = { ...gl, commit: { title: 'hi @channel @all [click](http://evil) `x` <b>' } };
    const [a] = plan(r, ev('gitlab', 'pipeline', hostile), { channel: 'ops' });
    expect(a).toEqual({ kind: 'post', channel: 'dev', out: { text: 'commit: hi @\u200bchannel @\u200ball &#91;click&#93;(http:\u200b//evil) &#96;x&#96; &#60;b&#62;', color: 'danger' } });
    expect(escapeMarkdown('@here')).not.toMatch(/@here/);
    expect(escapeMarkdown('fix\n# title\n- item\n1. first')).toBe('fix\n\\# title\n\\- item\n1\\. first');
    expect(escapeMarkdown('1.0.0')).toBe('1.0.0');
    expect(escapeMarkdown('#123 v2-rc')).toBe('#123 v2-rc');
  });
  it('only URL-named values are URLs, at any depth, in sections and lists, and in frozen payloads too', () => {
    const r = recipeSchema.parse({ name: 'r', when: { source: 'github' }, then: [{ post: { channel: 'dev', template: '[{{repository.name}}]({{repository.html_url}}) {{note}} {{#commits}}[{{id}}]({{url}}) {{/commits}}{{#links_url}}<{{.}}> {{/links_url}}' } }] });
    const payload = {
      repository: { name: 'app', html_url: 'https://git.example/app' },
      note: 'see https://evil.example',
      commits: [{ id: 'abc', url: 'https://git.example/app/c/abc' }, { id: 'def', url: 'ftp://x' }],
      links_url: ['https://a.example/x'],
    };
    const want = '[app](https://git.example/app) see https:\u200b//evil.example [abc](https://git.example/app/c/abc) [def](ftp:\u200b//x) <https://a.example/x> ';
    expect(plan(r, ev('github', 'push', payload), { channel: 'ops' })[0]).toMatchObject({ out: { text: want } });
    const deepFreeze = <T>(o: T): T => (o && typeof o === 'object' ? (Object.values(o).forEach(deepFreeze), Object.freeze(o)) : o);
    expect(plan(r, ev('github', 'push', deepFreeze(structuredClone(payload))), { channel: 'ops' })[0]).toMatchObject({ out: { text: want } });
  });
  it('puts each value into a command as one quoted token', () => {
    const r = recipeSchema.parse({ name: 'tagged', when: { source: 'gitlab' }, then: [{ command: 'update wekan {{tag}}' }] });
    expect(plan(r, ev('gitlab', 'tag_push', { ref: 'refs/tags/v1.2.3' }), { channel: 'ops' })).toEqual([{ kind: 'command', channel: 'ops', text: 'update wekan "v1.2.3"', verb: 'update', destructive: false }]);
    expect(plan(r, ev('gitlab', 'tag_push', { ref: 'refs/tags/v1 --force; dismiss x' }), { channel: 'ops' })[0]).toMatchObject({ text: 'update wekan "v1 --force; dismiss x"' });
    expect(() => plan(r, ev('gitlab', 'tag_push', { ref: 'refs/tags/v1" --force "x' }), { channel: 'ops' })).toThrow(RecipeError);
  });
  it('refuses raw output, bad templates and actions that are not exactly one thing, naming the recipe and key', () => {
    const bad = (then: unknown) => recipeSchema.safeParse({ name: 'ci', when: { source: 'github' }, then });
    const raw = bad([{ post: { channel: 'x', template: '{{{body}}}' } }]);
    expect(raw.success).toBe(false);
    expect(raw.error!.issues[0]!.message).toMatch(/^recipe ci: raw output/);
    expect(raw.error!.issues[0]!.path).toEqual(['then', 0, 'post', 'template']);
    expect(bad([{ post: { channel: 'x', template: '{{#a}}' } }]).error!.issues[0]!.message).toMatch(/recipe ci: the template does not parse/);
    expect(bad([{ post: { channel: 'x', template: 'a' }, command: 'ping' }]).error!.issues[0]!.message).toMatch(/exactly one of post, command or forward/);
  });
  it('validates recipes at start: a clear error naming the file, the recipe and the key', () => {
    const dir = tmpDir('summoner-cfg-');
    const file = path.join(dir, 'summoner.yml');
    fs.writeFileSync(file, 'notify:\n  hooks:\n    ci: { source: github, secretEnv: CI_SECRET }\n  recipes:\n    - name: deploy\n      when: { source: gitlab, hook: ci }\n      then: [{ post: { channel: dev, template: hi } }]\n');
    expect(() => loadConfig(file, { CI_SECRET: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig(file, { CI_SECRET: 'x' })).toThrow(/notify\.recipes\.0\.when\.source: recipe deploy: hook ci is a github hook, not gitlab/);
    fs.writeFileSync(file, 'notify:\n  hooks:\n    ci: { source: github, secretEnv: CI_SECRET }\n');
    expect(() => loadConfig(file, {})).toThrow(/notify\.hooks\.ci: the environment variable CI_SECRET \(its secret\) is not set/);
    expect(loadConfig(file, { CI_SECRET: 'x' }).secrets.hooks).toEqual({ ci: 'x' });
    expect(configSchema.safeParse({ notify: { recipes: [{ name: 'a', when: { source: 'github' }, then: [{ post: { channel: 'c', template: 't', colour: 'red' } }] }] } }).success).toBe(false);
  });
  it('validates scheduled jobs at start, naming the job', () => {
    const msg = (schedules: unknown) => configSchema.safeParse({ schedules }).error?.issues[0]?.message;
    expect(msg([{ name: 'nightly', cron: '61 3 * * *', command: 'backup all' }])).toMatch(/^job nightly: "61 3 \* \* \*" is not a cron expression/);
    expect(msg([{ name: 'nightly', cron: '0 3 * * *', tz: 'Mars/Olympus', command: 'backup all' }])).toMatch(/^job nightly: unknown time zone Mars\/Olympus/);
    expect(msg([{ name: 'a', cron: '0 3 * * *', command: 'x' }, { name: 'a', cron: '0 4 * * *', command: 'y' }])).toBe('job a: the name is used twice');
    expect(configSchema.parse({ schedules: [{ name: 'r', cron: '0 9 * * 1-5', tz: 'Europe/Paris', command: 'report' }] }).schedules).toHaveLength(1);
  });
});
