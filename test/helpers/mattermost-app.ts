// The whole bot (composition root, real Mattermost adapter on @mattermost/client, HTTP listener) against the
// Mattermost test server, with the sample commands: the world the chat security tests act in.
import pino from 'pino';
import { createApp, type App } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import type { AuditEntry } from '../../src/robot/command.js';
import { startTestServer, type Post, type TestServer } from '../mattermost-server/index.js';
import { sampleCommands, sampleTypes, tmpDir } from './robot.js';

export const SLASH_TOKEN = 'slash-secret-token-123';

export interface ChatWorld {
  server: TestServer;
  app: App;
  stateDir: string;
  calls: string[];
  /** otherBot: a bot account that is not allowed; trustedBot: one in mattermost.allowBots. */
  ids: { admin: string; observer: string; bob: string; bot: string; otherBot: string; trustedBot: string; ops: string; dev: string; teamId: string };
  /** The audit rows, newest first. */
  audit(): AuditEntry[];
  /** Wait (bounded) for an audit row of a message text that has its final outcome. */
  auditOf(text: string, timeoutMs?: number): Promise<AuditEntry>;
  botReplies(rootId: string): Post[];
  reply(rootId: string, n?: number): Promise<Post[]>;
  shown(p: Post): string;
  close(): Promise<void>;
}

export async function chatWorld(): Promise<ChatWorld> {
  const server = await startTestServer();
  const team = server.createTeam('acme');
  const bot = server.createUser('summoner', { bot: true });
  const admin = server.createUser('alice');
  const observer = server.createUser('olga');
  const bob = server.createUser('bob');
  const otherBot = server.createUser('ci-bot', { bot: true });
  const trustedBot = server.createUser('deploy-bot', { bot: true });
  const ops = server.createChannel(team.id, 'ops');
  const dev = server.createChannel(team.id, 'dev');
  for (const u of [bot, admin, observer, bob, otherBot, trustedBot]) for (const c of [ops, dev]) server.addToChannel(c.id, u.id);
  const ids = { admin: admin.id, observer: observer.id, bob: bob.id, bot: bot.id, otherBot: otherBot.id, trustedBot: trustedBot.id, ops: ops.id, dev: dev.id, teamId: team.id };
  const calls: string[] = [];
  const stateDir = tmpDir('summoner-sec-');
  const config = configSchema.parse({
    domain: 'acme.example.org',
    stateDir,
    admins: [admin.id],
    roles: { observer: [observer.id] },
    confirmTimeoutS: 30,
    http: { listen: '127.0.0.1:0' },
    channels: { ops: 'ops' },
    mattermost: {
      url: server.url,
      team: 'acme',
      channels: ['ops', 'dev'],
      pingIntervalMs: 600,
      reconnectMinMs: 50,
      reconnectMaxMs: 400,
      allowBots: [trustedBot.id],
    },
  });
  const app = await createApp({
    config,
    secrets: { mattermostToken: bot.token, slashToken: SLASH_TOKEN },
    log: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    commands: sampleCommands(calls),
    types: sampleTypes(),
  });
  await app.start();
  server.registerSlashCommand({ teamId: team.id, trigger: 'summon', url: `${app.http!.url}/mattermost/slash`, token: SLASH_TOKEN });
  const audit = () => app.store.history(200);
  const botReplies = (rootId: string) => server.posts().filter((p) => p.user_id === bot.id && p.root_id === rootId);
  return {
    server,
    app,
    stateDir,
    calls,
    ids,
    audit,
    auditOf: (text, timeoutMs = 8000) =>
      server.waitFor(() => audit().find((r) => r.text === text && r.outcome !== 'running'), timeoutMs),
    botReplies,
    reply: (rootId, n = 1) =>
      server.waitFor(() => {
        const r = botReplies(rootId);
        return r.length >= n ? r : undefined;
      }, 8000),
    shown: (p) =>
      [p.message, ...(((p.props as any)?.attachments ?? []) as { text?: string }[]).map((a) => a.text ?? '')].filter(Boolean).join('\n'),
    close: async () => {
      await app.stop('tests done');
      await server.close();
    },
  };
}
