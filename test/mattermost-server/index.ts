// In-process Mattermost test server: REST v4 + WebSocket, faithful enough for the real
// @mattermost/client (Client4 + WebSocketClient). See README.md in this folder.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults, type FaultStatus } from './faults.js';
import { createRequestHandler } from './http.js';
import { Hub } from './hub.js';
import { newId } from './ids.js';
import { Integrations } from './integrations.js';
import { Posts } from './posts.js';
import { buildApiRoutes } from './rest.js';
import { Store } from './store.js';
import type { Channel, Ephemeral, Exchange, Post, Team, User } from './types.js';

export type { Channel, ChannelMember, Ephemeral, Exchange, Post, PostList, Reaction, Team, User } from './types.js';
export { newId, isValidId } from './ids.js';

export interface TestServerOptions {
  /** Keep disconnected WebSocket connection ids this long (default 5 min). */
  connectionTtlMs?: number;
  /** Close unauthenticated sockets after this long (default 5 s). */
  authTimeoutMs?: number;
  /** Time limit for slash-command and button integration calls (default 30 s). */
  integrationTimeoutMs?: number;
  /** Address to listen on (default 127.0.0.1; e.g. the Docker bridge's gateway so that a container reaches it). */
  host?: string;
}

export interface TestServer {
  /** Site URL, `http://127.0.0.1:PORT` (no /api/v4). */
  url: string;
  createTeam(name: string): Team;
  /** `locale`: the user's language setting (Mattermost's default `en`), which GET /users/{id} returns. */
  createUser(username: string, opts?: { bot?: boolean; locale?: string }): User & { token: string };
  /** Change a user's locale, as the user would in Settings → Display → Language; broadcasts `user_updated`. */
  setLocale(userId: string, locale: string): void;
  createChannel(teamId: string, name: string, type?: 'O' | 'P'): Channel;
  addToTeam(teamId: string, userId: string): void;
  addToChannel(channelId: string, userId: string): void;
  directChannel(a: string, b: string): Channel;
  /** A human posting (as if from the webapp): stores the post and broadcasts `posted`. */
  post(userId: string, channelId: string, message: string, opts?: { rootId?: string; props?: Record<string, unknown> }): Post;
  /** Edit a post's message; broadcasts `post_edited`. */
  editPost(userId: string, postId: string, message: string): Post;
  /** Soft-delete a post (replies too for a root); broadcasts `post_deleted`. Shows up in `since` catch-up. */
  deletePost(postId: string): void;
  /**
   * Archive a channel as `DELETE /api/v4/channels/{id}` does (soft delete): it keeps its posts, a lookup by
   * name answers 404 unless include_deleted, posting into it 400; broadcasts `channel_deleted`.
   */
  archiveChannel(channelId: string): void;
  registerSlashCommand(o: { teamId: string; trigger: string; url: string; token: string }): void;
  /** An incoming webhook created by `userId` for `channelId`; post to `url` (`POST /hooks/{id}`, no auth) like Mattermost's. */
  createIncomingWebhook(o: { userId: string; channelId: string; displayName?: string; channelLocked?: boolean }): { id: string; url: string };
  /** Execute a slash command as user in channel (form POST with `Authorization: Token <t>`). */
  runSlash(userId: string, channelId: string, text: string, opts?: { rootId?: string; trigger?: string }): Promise<{ status: number; body: any }>;
  /** Click a button of a post as user, through the REST action endpoint (like the webapp). Resolves to the HTTP status. */
  clickButton(userId: string, postId: string, actionId: string): Promise<number>;
  /** Stored posts, oldest first (optionally of one channel). Copies. */
  posts(channelId?: string): Post[];
  /** Ephemeral posts sent so far (slash responses, button `ephemeral_text`), optionally for one user. */
  ephemerals(userId?: string): Ephemeral[];
  /** Poll until fn returns a truthy value (default timeout 5 s). */
  waitFor<T>(fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  faults: {
    dropSockets(): void;
    forgetConnections(): void;
    failNext(n: number, status: FaultStatus, match?: { method?: string; path?: RegExp }): void;
    random(o: { rate: number; statuses: number[]; seed?: number } | null): void;
    latency(ms: number): void;
    silenceSocket(on: boolean): void;
  };
  /** Currently open authenticated sockets. */
  sockets(): number;
  /** Every REST request/response pair served on /api/v4, for the contract checker. */
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const store = new Store();
  const faults = new Faults();
  const hub = new Hub(store, { connectionTtlMs: opts.connectionTtlMs, authTimeoutMs: opts.authTimeoutMs });
  const posts = new Posts(store, hub);
  let url = '';
  const siteUrl = () => url;
  const integrations = new Integrations(store, posts, hub, siteUrl, { integrationTimeoutMs: opts.integrationTimeoutMs });
  const exchanges: Exchange[] = [];
  const api = buildApiRoutes(store, posts, integrations, siteUrl);
  const controlSecret = newId();
  const handler = createRequestHandler({ store, faults, api, other: integrations.hookRoutes(), exchanges, controlSecret });

  const server: Server = createServer((req, res) => {
    handler(req, res).catch(() => res.destroy());
  });
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  // Mattermost (Go's net/http) keeps idle connections open and sends no Keep-Alive hint. Node sends one, and
  // undici closes a connection after each response when the hint is at or under its 1 s threshold: so the
  // hint must be long, or every request would open a new connection (close() ends them all anyway).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host ?? '127.0.0.1', () => resolve());
  });
  url = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`test server: no ${what}`);
    return v;
  };

  const ts: TestServer = {
    url,
    createTeam: (name) => structuredClone(store.createTeam(name)),
    createUser: (username, o) => store.createUser(username, o?.bot ?? false, o?.locale ?? 'en'),
    setLocale: (userId, locale) => {
      const u = need(store.users.get(userId), `user ${userId}`);
      u.locale = locale;
      u.update_at = Date.now();
      hub.publish('user_updated', { user: store.publicUser(u, '') }, {}); // as Mattermost: everyone sees the sanitised user
    },
    createChannel: (teamId, name, type = 'O') => structuredClone(store.createChannel(teamId, name, type)),
    addToTeam: (teamId, userId) => store.addToTeam(teamId, userId),
    addToChannel: (channelId, userId) => {
      store.addToChannel(channelId, userId);
      const ch = store.channels.get(channelId)!;
      if (ch.team_id && !store.isTeamMember(ch.team_id, userId)) store.addToTeam(ch.team_id, userId);
    },
    directChannel: (a, b) => {
      const { channel, created } = store.directChannel(a, b);
      if (created) integrations.directAdded(channel, a, b);
      return structuredClone(channel);
    },
    post: (userId, channelId, message, o) => {
      const user = need(store.users.get(userId), `user ${userId}`);
      const { post } = posts.create(user, { channel_id: channelId, message, root_id: o?.rootId ?? '', props: o?.props });
      return store.wirePost(post);
    },
    editPost: (userId, postId, message) => {
      const p = need(store.posts.get(postId), `post ${postId}`);
      if (p.user_id !== userId) throw new Error('test server: editPost by a user who is not the author');
      return store.wirePost(posts.applyEdit(p, { message }));
    },
    deletePost: (postId) => posts.remove(need(store.posts.get(postId), `post ${postId}`)),
    archiveChannel: (channelId) => {
      const ch = need(store.channels.get(channelId), `channel ${channelId}`);
      const t = Date.now();
      ch.delete_at = t;
      ch.update_at = t;
      hub.publish('channel_deleted', { channel_id: ch.id, delete_at: t }, { teamId: ch.team_id });
    },
    registerSlashCommand: (o) => {
      need(store.teams.get(o.teamId), `team ${o.teamId}`);
      store.commands.push({ id: newId(), teamId: o.teamId, trigger: o.trigger.replace(/^\//, ''), url: o.url, token: o.token });
    },
    runSlash: (userId, channelId, text, o) => integrations.runSlash(userId, channelId, text, o),
    createIncomingWebhook: (o) => {
      const hook = integrations.createIncomingWebhook(o);
      return { id: hook.id, url: `${url}/hooks/${hook.id}` };
    },
    clickButton: async (userId, postId, actionId) => {
      const user = need(store.users.get(userId), `user ${userId}`);
      const token = [...store.tokens.entries()].find(([, uid]) => uid === user.id)![0];
      const res = await fetch(`${url}/api/v4/posts/${postId}/actions/${encodeURIComponent(actionId)}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          'X-Test-Server-Control': controlSecret, // the control API is not subject to faults
        },
        body: '{}',
      });
      await res.arrayBuffer();
      return res.status;
    },
    posts: (channelId) => [...store.posts.values()].filter((p) => !channelId || p.channel_id === channelId).map((p) => store.wirePost(p)),
    ephemerals: (userId) => store.ephemerals.filter((e) => !userId || e.userId === userId).map((e) => structuredClone(e)),
    waitFor: async <T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
        // a bounded poll, as vi.waitFor is: the benches use this server outside vitest, where vi is not there
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    faults: {
      dropSockets: () => hub.dropSockets(),
      forgetConnections: () => hub.forgetConnections(),
      failNext: (n, status, match) => faults.failNext(n, status, match),
      random: (o) => faults.random(o),
      latency: (ms) => {
        faults.latencyMs = Math.max(0, ms);
      },
      silenceSocket: (on) => hub.silence(on),
    },
    sockets: () => hub.openSockets(),
    exchanges,
    close: async () => {
      faults.reset();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return ts;
}
