// Issue 12, finding 7: a signed webhook replayed with a new delivery id is refused. The delivery id is the
// sender's word; the body's hash is a dedupe key too, within the same window (a week). On the old code the
// same signed body under a fresh X-GitHub-Delivery was accepted and acted on again.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { RecordingChat } from '../helpers/recording-chat.js';
import { tmpDir } from '../helpers/robot.js';
import { fixture, githubHeaders, post } from '../helpers/webhooks.js';

const SECRET = 'gh-secret-0123456789abcdef';
let app: App;
const chat = new RecordingChat();

beforeAll(async () => {
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-f7-replay-'),
    http: { listen: '127.0.0.1:0' },
    notify: {
      acceptWindowMs: 0,
      hooks: { github: { source: 'github', secretEnv: 'X_GH', ratePerSecond: 1000, burst: 1000 } },
      recipes: [{ name: 'release', when: { source: 'github', event: 'release' }, then: [{ post: { channel: 'ops', template: 'released {{release.tag_name}}' } }] }],
    },
  });
  app = await createApp({ config, secrets: { hooks: { github: SECRET } }, log: pino({ level: 'silent' }), chat });
  await app.start();
});
afterAll(async () => {
  await app?.stop('tests done');
});

describe('finding 7: webhook replay', () => {
  it('refuses the same signed body under a new delivery id, and still takes a new body', async () => {
    const url = `${app.http!.url}/hooks/github`;
    const body = fixture('github', 'release');
    const first = await post(url, body, githubHeaders(SECRET, 'release', body, { delivery: 'd-1' }));
    expect(first.status).toBe(202);
    const replay = await post(url, body, githubHeaders(SECRET, 'release', body, { delivery: 'd-2-new-id' }));
    expect(replay).toMatchObject({ status: 200 });
    expect(JSON.parse(replay.text)).toEqual({ status: 'duplicate' });
    // a different event (another body) is of course taken
    const other = Buffer.from(body.toString().replace(/"tag_name":\s*"[^"]*"/, '"tag_name": "v9.9.9"'));
    expect((await post(url, other, githubHeaders(SECRET, 'release', other, { delivery: 'd-3' }))).status).toBe(202);
    expect(app.notify.counters.get('webhook_requests_total', { hook: 'github', outcome: 'duplicate' })).toBe(1);
  });
});
