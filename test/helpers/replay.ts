// Replays webhook payloads, signed as each sender signs them, into the real bot (createApp) with only hooks
// configured (the built-in recipes alone), and checks every answer and every post: no 5xx, no post with an
// empty field ("by " with nobody, "on  branch", "undefined", "null", an empty link or bold), every CI failure
// red. Used by test/notify-replay.test.ts over our fixtures and by scripts/webhooks-replay.ts over a fetched
// collection (GitHub's octokit/webhooks payload examples, GitLab's documented payloads) kept outside the project.
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { startTestServer, type Post } from '../mattermost-server/index.js';
import { sampleTypes, tmpDir } from './robot.js';
import { post } from './webhooks.js';

export type ReplaySource = 'github' | 'gitlab' | 'gitea' | 'nextcloud';

export interface ReplayItem {
  source: ReplaySource;
  /** The event name the sender puts in its header (GitHub, Gitea); GitLab and Nextcloud name it in the body. */
  event: string;
  /** Where it came from, for the report. */
  name: string;
  body: Buffer;
}

export interface ReplayResult {
  name: string;
  source: ReplaySource;
  event: string;
  status: number;
  /** The post made, if any (text and colour). */
  post?: { text: string; color: string | null };
  /** What is wrong with this one (empty when nothing). */
  problems: string[];
}

/** Text that shows a field was missing or rendered from nothing. */
const EMPTY_FIELD: [RegExp, string][] = [
  [/\b(by|on|to|for|from|with|of|in)\s*$/m, 'a line ends in a preposition with nothing after it'],
  [/\b(by|on|to|for|from|with|of|in) {2,}/, 'two spaces after a preposition (a blank field)'],
  [/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/, 'undefined, null, NaN or [object Object] in the text'],
  [/\*\*\s*\*\*/, 'an empty bold'],
  [/\[\s*\]\(/, 'an empty link label'],
  [/\]\(\s*\)/, 'an empty link destination'],
  [/\(\s*\)/, 'empty parentheses'],
  [/^\s*:|:\s*:/m, 'a colon with nothing before it'],
  [/^\s*$/, 'an empty post'],
];

/** Does the payload report a CI (or deployment) failure, that must show red? */
export function ciFailure(source: ReplaySource, event: string, payload: Record<string, unknown>): boolean {
  const at = (...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
  const red = (v: unknown) => typeof v === 'string' && ['failure', 'failed', 'timed_out', 'startup_failure', 'error'].includes(v.toLowerCase());
  if (source === 'github' || source === 'gitea') {
    if (['check_run', 'check_suite', 'workflow_run', 'workflow_job'].includes(event)) return red(at(event, 'conclusion'));
    if (event === 'status') return red(at('state'));
    if (event === 'deployment_status') return red(at('deployment_status', 'state'));
    return false;
  }
  if (source === 'gitlab') {
    if (event === 'pipeline') return red(at('object_attributes', 'status'));
    if (event === 'job') return red(at('build_status'));
    if (event === 'deployment') return red(at('status'));
  }
  return false;
}

/** The problems of one post made from a payload. */
export function postProblems(text: string, color: string | null, failure: boolean): string[] {
  const problems = EMPTY_FIELD.filter(([re]) => re.test(text)).map(([, why]) => why);
  if (failure && color !== 'danger') problems.push(`a CI failure not shown red (colour ${color ?? 'none'})`);
  return problems;
}

/** Payload files under `dir`: <source>/<event>/*.json (GitHub's collection), or <source>/<event>[.<variant>].json. */
export function readCollection(dir: string): ReplayItem[] {
  const items: ReplayItem[] = [];
  for (const source of ['github', 'gitlab', 'gitea', 'nextcloud'] as const) {
    const root = path.join(dir, source);
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        for (const f of fs.readdirSync(path.join(root, entry.name)).filter((x) => x.endsWith('.json')).sort())
          items.push({ source, event: entry.name, name: `${source}/${entry.name}/${f}`, body: fs.readFileSync(path.join(root, entry.name, f)) });
      } else if (entry.name.endsWith('.json')) {
        items.push({ source, event: entry.name.replace(/\.json$/, '').split('.')[0]!, name: `${source}/${entry.name}`, body: fs.readFileSync(path.join(root, entry.name)) });
      }
    }
  }
  return items;
}

const SECRETS: Record<ReplaySource, string> = { github: 'replay-gh-0123456789', gitlab: 'replay-gl-0123456789', gitea: 'replay-gt-0123456789', nextcloud: 'replay-nc-0123456789' };

function headers(item: ReplayItem): Record<string, string> {
  const json = { 'content-type': 'application/json' };
  const hmac = createHmac('sha256', SECRETS[item.source]).update(item.body).digest('hex');
  switch (item.source) {
    case 'github':
      return { ...json, 'x-github-event': item.event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${hmac}` };
    case 'gitea':
      return { ...json, 'x-gitea-event': item.event, 'x-gitea-delivery': randomUUID(), 'x-gitea-signature': hmac };
    case 'gitlab':
      return { ...json, 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-token': SECRETS.gitlab };
    case 'nextcloud':
      return { ...json, authorization: `Bearer ${SECRETS.nextcloud}` };
  }
}

/**
 * Sends each item (one at a time, each answered and its post awaited before the next) and checks it. A 202
 * must give one post; a 200 (ignored: a built-in that is deliberately quiet, or no built-in) gives none.
 */
export async function replay(items: readonly ReplayItem[], o: { postTimeoutMs?: number; /** hooks post what no built-in covers in the generic form */ generic?: boolean } = {}): Promise<ReplayResult[]> {
  const server = await startTestServer();
  const team = server.createTeam('replay');
  const bot = server.createUser('summoner', { bot: true });
  const ops = server.createChannel(team.id, 'ops');
  const ci = server.createChannel(team.id, 'ci');
  for (const c of [ops, ci]) server.addToChannel(c.id, bot.id);
  const config = configSchema.parse({
    stateDir: tmpDir('summoner-replay-'),
    http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0', rateLimit: { perSecond: 0 } },
    channels: { ops: 'ops' },
    mattermost: { url: server.url, team: 'replay', channels: ['ops'] },
    notify: {
      coalesce: 1,
      hooks: Object.fromEntries((Object.keys(SECRETS) as ReplaySource[]).map((s) => [s, { source: s, secretEnv: `X_${s.toUpperCase()}`, channel: 'ci', ratePerSecond: 100000, burst: 100000, otherwise: o.generic ? 'generic' : 'drop' }])),
    },
  });
  const app = await createApp({ config, secrets: { mattermostToken: bot.token, hooks: SECRETS }, log: pino({ level: 'silent' }), types: sampleTypes() });
  await app.start();
  const shown = (p: Post): string => [p.message, ...(((p.props as { attachments?: { text?: string }[] } | undefined)?.attachments ?? []).map((a) => a.text ?? ''))].filter(Boolean).join('\n');
  const colorOf = (p: Post): string | null => (p.props as { attachments?: { color?: string }[] } | undefined)?.attachments?.[0]?.color ?? null;
  const botPosts = () => server.posts(ci.id).filter((p) => p.user_id === bot.id);
  const results: ReplayResult[] = [];
  try {
    for (const item of items) {
      const before = botPosts().length;
      const res = await post(`${app.http!.url}/hooks/${item.source}`, item.body, headers(item));
      const r: ReplayResult = { name: item.name, source: item.source, event: item.event, status: res.status, problems: [] };
      if (res.status >= 500) r.problems.push(`answered ${res.status}`);
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(item.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        // not JSON: the answer (a 400) is what is checked
      }
      const event = item.source === 'gitlab' ? (payload['object_kind'] === 'build' ? 'job' : String(payload['object_kind'] ?? item.event)) : item.event;
      if (res.status === 202) {
        const made = await server.waitFor(() => (botPosts().length > before ? botPosts().slice(before) : undefined), o.postTimeoutMs ?? 10_000).catch(() => undefined);
        if (!made) r.problems.push('accepted (202) but no post came');
        else {
          r.post = { text: shown(made[0]!), color: colorOf(made[0]!) };
          r.problems.push(...postProblems(r.post.text, r.post.color, ciFailure(item.source, event, payload)));
          if (made.length > 1) r.problems.push(`${made.length} posts for one event`);
        }
      } else if (ciFailure(item.source, event, payload)) r.problems.push(`a CI failure answered ${res.status} with no post`);
      results.push(r);
    }
  } finally {
    await app.stop('replay done');
    await server.close();
  }
  return results;
}
