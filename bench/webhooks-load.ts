// The load generator of bench:webhooks, in its own process so that it does not share an event loop with the
// Mattermost test server (nor with the bot): autocannon for a fixed time with signed GitHub workflow_run
// payloads, one X-GitHub-Delivery per request. Writes { ok, other, accepted: [[id, ms]…] } to OUT.
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import autocannon from 'autocannon';

const env = (k: string, d?: string): string => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`${k} is not set`);
  return v;
};
const URL_ = env('LOAD_URL');
const SECONDS = Number(env('LOAD_SECONDS'));
const CONNECTIONS = Number(env('LOAD_CONNECTIONS'));
const CHANNELS = Number(env('LOAD_CHANNELS'));
const SECRET = env('LOAD_SECRET');
const OUT = env('LOAD_OUT');

/**
 * One payload per channel (the repository name picks the channel). Each request carries its own delivery id
 * IN its body too, signed per request: the same body under a new delivery id is a replay (a duplicate).
 */
const payloads = Array.from({ length: CHANNELS }, (_, i) => ({
  action: 'completed',
  workflow_run: { id: 30433642 + i, name: 'Build', head_branch: 'main', run_number: 562, status: 'completed', conclusion: 'failure', html_url: `https://github.com/octo-org/repo-${i}/actions/runs/${30433642 + i}` },
  repository: { name: `repo-${i}`, full_name: `octo-org/repo-${i}` },
  sender: { login: 'octocat' },
}));
const signed = (i: number, id: string) => {
  const body = JSON.stringify({ ...payloads[i]!, delivery: id });
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
};

const accepted: [string, number][] = [];
let n = 0;
const r = await autocannon({
  url: URL_,
  connections: CONNECTIONS,
  duration: SECONDS,
  requests: [
    {
      method: 'POST',
      path: '/hooks/github',
      setupRequest(req, ctx) {
        const id = randomUUID();
        const b = signed(n++ % CHANNELS, id);
        (ctx as { id?: string }).id = id;
        return {
          ...req,
          headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': id, 'x-hub-signature-256': b.signature },
          body: b.body,
        };
      },
      onResponse(status, _body, ctx) {
        if (status === 202) accepted.push([(ctx as { id: string }).id, Date.now()]);
      },
    },
  ],
});
fs.writeFileSync(OUT, JSON.stringify({ ok: r['2xx'], other: r.non2xx + r.errors + r.timeouts, accepted }));
