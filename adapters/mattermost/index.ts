// The Mattermost ChatPort: Client4 for REST, WebSocketClient for the event stream, both from @mattermost/client.
// Wiring only; each concern lives in its own module (see the imports).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { MattermostConfig } from '../../src/config/schema.js';
import type {
  Attachment,
  ChatPort,
  Health,
  HttpRoutes,
  InboundMessage,
  Outbound,
  RobotPort,
  SentPost,
} from '../../src/robot/types.js';
import { ACTIONS_PATH, createActionHandler, renderPost } from './buttons.js';
import { routeClientConsole } from './console.js';
import { ensureWebSocketGlobals } from './globals.js';
import { socketHealth } from './health.js';
import { readAttachments } from './files.js';
import { classifyPost, decodeJson, isDirect, type PostContext, type Self, type WirePost } from './inbound.js';
import { catchUpFrom, nextCursor, type Cursor } from './cursor.js';
import { createOutbox, type Outbox } from './outbox.js';
import { checkDestinations, preflight } from './preflight.js';
import { createRest, MattermostHttpError, type RetryPolicy } from './rest.js';
import { createSlashHandler, SLASH_PATH } from './slash.js';
import { createSocket, websocketUrl, type Socket, type SocketEvent } from './socket.js';
import { MAX_POST_RUNES, splitMessage } from './split.js';

export { MAX_POST_RUNES, splitMessage } from './split.js';

/** A small persisted key/value the robot provides (last seen post id per channel survives restarts). */
export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface MattermostAdapterOptions {
  config: MattermostConfig;
  /** The bot's personal access token. Never logged. */
  token: string;
  /** The token Mattermost sends with the slash command; without it the slash endpoint refuses everything. */
  slashToken?: string;
  /** Signs button contexts: a secret of this install (app.ts keeps it 0600 in the state folder); random per process without one. */
  buttonSecret?: Buffer;
  http: HttpRoutes;
  log: Logger;
  store?: KeyValueStore;
  /** Counters for the socket's reconnects and how each one resynced (src/metrics.ts implements it). */
  metrics?: SocketMetrics;
  /** Knobs with sensible defaults; tests shrink them. */
  tuning?: {
    /** Outbound retry backoff (defaults: reconnectMinMs, and reconnectMaxMs capped at 30 s). */
    retryMinMs?: number;
    retryMaxMs?: number;
    /** How long stop() waits for owed replies (default 10 s). */
    stopDeadlineMs?: number;
    /** How long start() waits for the socket to open (default 20 s). */
    connectTimeoutMs?: number;
    /** Emoji used by ack() (default `eyes`). */
    ackEmoji?: string;
  };
}

export interface SocketMetrics {
  chatReconnected(): void;
  chatResynced(how: 'resumed' | 'caught_up'): void;
  chatCaughtUpPosts(n: number): void;
}

const CATCH_UP_PAGE = 200;
const DELIVERED_MEMORY = 10_000;

interface ChannelInfo {
  type: string;
  name?: string;
}


export function createMattermostAdapter(opts: MattermostAdapterOptions): ChatPort {
  const { config } = opts;
  const log = opts.log.child({ adapter: 'mattermost' });
  const store = opts.store ?? memoryStore();
  const tuning = opts.tuning ?? {};
  const retryMinMs = tuning.retryMinMs ?? config.reconnectMinMs;
  const retryMaxMs = tuning.retryMaxMs ?? Math.min(config.reconnectMaxMs, 30_000);
  const rest = createRest(config.url, opts.token);
  const outbox: Outbox = createOutbox({ rest, log, retryMinMs, retryMaxMs });
  const secret = opts.buttonSecret ?? randomBytes(32); // signs button contexts
  const siteOrigin = new URL(config.url).origin;
  const actionUrl = (): string => opts.http.publicUrl + ACTIONS_PATH;

  const stopping = new AbortController(); // cuts inbound-side retry waits (catch-up, lookups, acks) at stop()
  let robot: RobotPort | undefined;
  let accepting = false;
  let self: Self | undefined;
  let teamId = '';
  let team: Team | undefined;
  let socket: Socket | undefined;
  let routesRegistered = false;
  let startCatchUpDone = false;

  const channels = new Map<string, ChannelInfo>(); // configured channels + DMs we know of
  const configured = new Set<string>();
  const cursors = new Map<string, Cursor>();
  const delivered = new Set<string>();
  const lanes = new Map<string, Promise<void>>();
  const inflight = new Set<Promise<void>>();
  const authors = new Map<string, Promise<{ username: string; isBot: boolean; locale?: string } | undefined>>();
  const channelIds = new Map<string, Promise<string>>(); // send(): name or @user → channel id
  const slashResponseUrls = new Map<string, string>();

  // ---- inbound: one lane per channel, so catch-up and live posts reach the robot in order ----

  /** Run `job` after the jobs already queued for this channel (a catch-up holds back live posts behind it). */
  function lane(channelId: string, job: () => Promise<void>): void {
    const next = (lanes.get(channelId) ?? Promise.resolve())
      .then(job)
      .catch((err: unknown) => log.error({ err, channelId }, 'mattermost inbound handling failed'));
    lanes.set(channelId, next);
    void next.then(() => {
      if (lanes.get(channelId) === next) lanes.delete(channelId);
    });
  }

  const cursorKey = (channelId: string): string => `mattermost.lastPost.${channelId}`;

  function cursorOf(channelId: string): Cursor | undefined {
    let c = cursors.get(channelId);
    if (!c) {
      const raw = store.get(cursorKey(channelId));
      const parsed = raw ? decodeJson<Cursor>(raw) : undefined;
      if (parsed && typeof parsed.id === 'string') cursors.set(channelId, (c = parsed));
    }
    return c;
  }

  function advanceCursor(post: WirePost): void {
    const next = nextCursor(cursorOf(post.channel_id), post);
    if (!next) return; // never move back (an old post edited or replayed)
    cursors.set(post.channel_id, next);
    try {
      store.set(cursorKey(post.channel_id), JSON.stringify(next));
    } catch (err) {
      log.warn({ err }, 'mattermost: cannot persist the last seen post id');
    }
  }

  function remember(id: string): void {
    delivered.add(id);
    if (delivered.size > DELIVERED_MEMORY) {
      const oldest = delivered.values().next().value;
      if (oldest !== undefined) delivered.delete(oldest);
    }
  }

  /**
   * Who a user id is (name, bot or not), from the user API, cached: the name in the audit and in chat is
   * never taken from a post's `sender_name`, which a nickname or a webhook's `override_username` sets.
   */
  function authorOf(userId: string): Promise<{ username: string; isBot: boolean; locale?: string } | undefined> {
    let p = authors.get(userId);
    if (!p) {
      p = rest
        .call((c) => c.getUser(userId), { minMs: retryMinMs, maxMs: retryMaxMs, maxAttempts: 6, signal: stopping.signal })
        .then((u) => ({ username: u.username, isBot: u.is_bot === true, locale: typeof u.locale === 'string' ? u.locale : undefined }))
        .catch((err: unknown) => {
          authors.delete(userId); // try again next time
          log.warn({ err, userId }, 'mattermost: cannot resolve a user');
          return undefined;
        });
      authors.set(userId, p);
    }
    return p;
  }

  const userName = async (userId: string): Promise<string> => (await authorOf(userId))?.username ?? userId;

  /** Hand one post to the robot, at most once. Runs inside the channel's lane. */
  async function deliver(post: WirePost, ctx: PostContext): Promise<void> {
    if (!accepting || !robot || !self) return;
    advanceCursor(post);
    if (delivered.has(post.id)) return;
    remember(post.id);
    const first = classifyPost(post, ctx, self);
    if ('ignore' in first) {
      log.trace({ postId: post.id, why: first.ignore }, 'mattermost post ignored');
      return;
    }
    if (robot.seen(post.id)) return; // handled before (an edit, a replay, or before a restart)
    const author = await authorOf(post.user_id);
    const c = classifyPost(post, ctx, self, author, config.allowBots ?? []);
    if ('ignore' in c) return;
    const attachments = c.message.addressed && !c.message.integration && post.file_ids?.length ? await attachedFiles(post) : undefined;
    dispatch({ ...c.message, userName: author?.username ?? post.user_id, ...(author?.locale ? { locale: author.locale } : {}), ...(attachments?.length ? { attachments } : {}) });
  }

  /** The text files attached to an addressed post (a command may take one); a failure leaves them out, logged. */
  async function attachedFiles(post: WirePost): Promise<Attachment[]> {
    try {
      const r = await readAttachments(rest, post.file_ids ?? [], { minMs: retryMinMs, maxMs: retryMaxMs, maxAttempts: 4, signal: stopping.signal });
      if (r.skipped.length) log.info({ postId: post.id, skipped: r.skipped }, 'attached files left out');
      return r.attachments;
    } catch (err) {
      log.warn({ err, postId: post.id }, 'could not read the attached files');
      return [];
    }
  }

  function dispatch(msg: InboundMessage): boolean {
    const r = robot;
    if (!accepting || !r) return false;
    // Not awaited: a slow command must not hold up its channel; the robot sees messages in order.
    const p = Promise.resolve()
      .then(() => r.receive(msg))
      .catch((err: unknown) => log.error({ err, messageId: msg.id }, 'robot.receive failed'));
    inflight.add(p);
    void p.then(() => inflight.delete(p));
    return true;
  }

  /** A user changed (their language, their name): the next post of theirs reads them afresh. */
  function forgetAuthor(user: unknown): void {
    const u = decodeJson<{ id?: unknown } | null>(user); // an object on the wire, a JSON string on older servers
    if (u && typeof u.id === 'string') authors.delete(u.id);
  }

  function onEvent(ev: SocketEvent): void {
    if (!accepting) return;
    if (ev.event === 'user_updated') return forgetAuthor(ev.data['user']);
    if (ev.event !== 'posted') return; // post_edited is deliberately ignored: an edit never re-runs a command
    const post = decodeJson<WirePost>(ev.data['post']);
    if (!post || typeof post.id !== 'string' || typeof post.channel_id !== 'string') return;
    const channelType = typeof ev.data['channel_type'] === 'string' ? ev.data['channel_type'] : undefined;
    const known = channels.get(post.channel_id);
    if (!configured.has(post.channel_id)) {
      if (!isDirect(channelType ?? known?.type)) return; // a channel we were not asked to listen to
      if (!known) {
        const name = typeof ev.data['channel_name'] === 'string' ? ev.data['channel_name'] : undefined;
        channels.set(post.channel_id, { type: channelType ?? 'D', ...(name ? { name } : {}) });
      }
    }
    const info = channels.get(post.channel_id);
    const ctx: PostContext = {
      ...(info?.type ? { channelType: info.type } : channelType ? { channelType } : {}),
      ...(info?.name ? { channelName: info.name } : {}),
      mentions: decodeJson<string[]>(ev.data['mentions']) ?? [],
    };
    lane(post.channel_id, () => deliver(post, ctx));
  }

  /** Fetch what a channel missed (after its last seen post id), in create_at order, ahead of live posts. */
  function catchUp(channelId: string, reason: string): void {
    lane(channelId, async () => {
      if (!accepting) return;
      const info = channels.get(channelId);
      const policy: RetryPolicy = { minMs: retryMinMs, maxMs: retryMaxMs, maxAttempts: 10, aborted: () => !accepting, signal: stopping.signal };
      let cur = cursorOf(channelId);
      let count = 0;
      for (;;) {
        const from = catchUpFrom(cur);
        // Without a cursor the channel was empty when we started (see start()): everything in it is new.
        const list = await rest.call(
          (c) => (from ? c.getPostsAfter(channelId, from, 0, CATCH_UP_PAGE) : c.getPosts(channelId, 0, CATCH_UP_PAGE)),
          policy,
        );
        const posts = list.order
          .map((id) => list.posts[id])
          .filter((p): p is Post => p !== undefined && p.channel_id === channelId)
          .sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : 1));
        for (const p of posts) {
          await deliver(p, {
            ...(info?.type ? { channelType: info.type } : {}),
            ...(info?.name ? { channelName: info.name } : {}),
            replayed: true,
          });
        }
        count += posts.length;
        const next = cursorOf(channelId);
        if (!from || posts.length < CATCH_UP_PAGE || !next || catchUpFrom(next) === from) break;
        cur = next;
      }
      if (count > 0) log.info({ channelId, posts: count, reason }, 'mattermost caught up through REST');
      opts.metrics?.chatCaughtUpPosts(count);
    });
  }

  function catchUpAll(reason: string): void {
    for (const id of channels.keys()) catchUp(id, reason);
  }

  // ---- outbound ----

  async function createPosts(channelId: string, rootId: string, out: Outbound, to?: InboundMessage): Promise<SentPost> {
    const me = self;
    if (!me) throw new Error('mattermost adapter is not started');
    const chunks = splitMessage(out.text, MAX_POST_RUNES);
    if (chunks.length === 0) chunks.push(out.text);
    const ids = await Promise.all(
      chunks.map((chunk, i) => {
        const last = i === chunks.length - 1;
        const body = renderPost(out, chunk, last, actionUrl(), secret);
        // Same pending_post_id on every retry: the server returns the post it already made instead of a twin.
        const pending = `${me.id}:${out.key ? `${out.key}:${i}` : randomUUID()}`;
        return outbox
          .enqueue(channelId, 'post', (c) =>
            c.createPost({ channel_id: channelId, root_id: rootId, message: body.message, props: body.props, pending_post_id: pending }),
          )
          .then(async (p) => {
            if (!last || !out.buttons?.length) return { id: p.id, hasProps: Object.keys(body.props).length > 0 };
            // Buttons are signed for their post, so they go on once the post has its id.
            const signed = renderPost(out, chunk, true, actionUrl(), secret, p.id);
            await outbox.enqueue(channelId, 'edit', (c) => c.patchPost({ id: p.id, message: signed.message, props: signed.props }));
            return { id: p.id, hasProps: true };
          })
          .catch((err: unknown) => slashFallback(err, to, chunk, body));
      }),
    );
    return sentPost(channelId, rootId, ids);
  }

  /**
   * The bot may not be a member of the channel a slash command came from (someone else's DM, say): Mattermost
   * then refuses the post with 403, and the command's response_url is the way to answer there.
   */
  async function slashFallback(
    err: unknown,
    to: InboundMessage | undefined,
    chunk: string,
    body: { message: string; props: Record<string, unknown> },
  ): Promise<{ id: string; hasProps: boolean }> {
    const url = to?.kind === 'slash' ? slashResponseUrls.get(to.id) : undefined;
    if (!url || !(err instanceof MattermostHttpError) || err.status !== 403) throw err;
    // Only ever to our Mattermost server: a response_url elsewhere would make us post (and leak) to anyone.
    if (!sameOrigin(url, siteOrigin)) throw err;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: body.message || chunk, ...body.props }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return { id: '', hasProps: false };
  }

  function sentPost(channelId: string, rootId: string, posts: { id: string; hasProps: boolean }[]): SentPost {
    const first = posts[0]?.id ?? '';
    return {
      id: first,
      async update(next: Outbound) {
        const chunks = splitMessage(next.text, MAX_POST_RUNES);
        const ops: Promise<unknown>[] = [];
        chunks.forEach((chunk, i) => {
          const old = posts[i];
          const body = renderPost(next, chunk, i === chunks.length - 1, actionUrl(), secret, old?.id || undefined);
          if (old && old.id) {
            const hasProps = Object.keys(body.props).length > 0;
            // Send props only when attachments come or go: a props patch replaces all of them.
            const patch = { id: old.id, message: body.message, ...(hasProps || old.hasProps ? { props: body.props } : {}) };
            old.hasProps = hasProps;
            ops.push(outbox.enqueue(channelId, 'edit', (c) => c.patchPost(patch)));
          } else if (!old) {
            const pending = `${self?.id ?? 'bot'}:${randomUUID()}`;
            const entry = { id: '', hasProps: Object.keys(body.props).length > 0 };
            posts.push(entry);
            ops.push(
              outbox
                .enqueue(channelId, 'post', (c) =>
                  c.createPost({ channel_id: channelId, root_id: rootId, message: body.message, props: body.props, pending_post_id: pending }),
                )
                .then((p) => (entry.id = p.id)),
            );
          }
        });
        // A shorter update leaves extra posts from a longer earlier version: remove them.
        for (const extra of posts.splice(chunks.length)) {
          if (extra.id) ops.push(outbox.enqueue(channelId, 'delete', (c) => c.deletePost(extra.id)));
        }
        await Promise.all(ops);
      },
    };
  }

  async function resolveChannel(channel: string): Promise<string> {
    for (const [id, info] of channels) if (info.name === channel.replace(/^~/, '') && configured.has(id)) return id;
    if (/^[a-z0-9]{26}$/.test(channel)) return channel;
    let p = channelIds.get(channel);
    if (!p) {
      const policy: RetryPolicy = { minMs: retryMinMs, maxMs: retryMaxMs, maxAttempts: 8 };
      p = channel.startsWith('@')
        ? rest
            .call((c) => c.getUserByUsername(channel.slice(1)), policy)
            .then((u) => rest.call((c) => c.createDirectChannel([self?.id ?? '', u.id]), policy))
            .then((ch) => ch.id)
        : rest.call((c) => c.getChannelByName(teamId, channel.replace(/^~/, '')), policy).then((ch) => ch.id);
      p.catch(() => channelIds.delete(channel));
      channelIds.set(channel, p);
    }
    try {
      return await p;
    } catch (err) {
      throw new Error(`mattermost: cannot find channel "${channel}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  // ---- lifecycle ----

  function registerRoutes(): void {
    if (routesRegistered) return;
    routesRegistered = true;
    opts.http.route(
      'POST',
      SLASH_PATH,
      createSlashHandler({
        slashToken: opts.slashToken,
        trigger: config.slashTrigger,
        log,
        origin: slashOrigin,
        dispatch: (msg, responseUrl) => {
          if (!accepting) return false;
          if (responseUrl && sameOrigin(responseUrl, siteOrigin)) {
            slashResponseUrls.set(msg.id, responseUrl);
            if (slashResponseUrls.size > 1000) slashResponseUrls.delete(slashResponseUrls.keys().next().value!);
          }
          return dispatch(msg);
        },
      }),
    );
    opts.http.route(
      'POST',
      ACTIONS_PATH,
      createActionHandler({ secret, actionUrl: actionUrl(), robot: () => (accepting ? robot : undefined), userName, log, maxRunes: MAX_POST_RUNES }),
    );
  }

  /**
   * The slash token alone does not say who: the team must be ours and the channel one we know (a configured
   * channel, a DM we have seen, or one the bot can read through the API). The user name comes from the user API.
   */
  async function slashOrigin(teamIdSent: string, channelId: string, userId: string): Promise<{ ok: true; userName: string } | { ok: false; why: string }> {
    if (!self || teamIdSent !== teamId) return { ok: false, why: 'the request is not from this bot\'s team' };
    if (!channels.has(channelId)) {
      try {
        const ch = await rest.call((c) => c.getChannel(channelId), { minMs: retryMinMs, maxMs: retryMaxMs, maxAttempts: 3, signal: stopping.signal });
        if (!(isDirect(ch.type) || ch.team_id === teamId)) return { ok: false, why: 'the channel is not in this bot\'s team' };
      } catch {
        return { ok: false, why: 'the channel is unknown to this bot' };
      }
    }
    const author = await authorOf(userId);
    if (!author) return { ok: false, why: 'the user is unknown to this bot' };
    return { ok: true, userName: author.username };
  }

  let restoreConsole: () => void = () => undefined;
  return {
    name: 'mattermost',

    async start(r: RobotPort) {
      ensureWebSocketGlobals();
      restoreConsole = routeClientConsole(log);
      const pre = await preflight(rest, config);
      self = { id: pre.me.id, username: pre.me.username };
      teamId = pre.team.id;
      team = pre.team;
      for (const ch of pre.channels) {
        configured.add(ch.id);
        channels.set(ch.id, { type: ch.type, name: ch.name });
      }
      // Where does each channel stand? Taken before the socket opens, so the first catch-up (after-cursor) covers
      // anything posted until the socket is live; a cursor taken later could jump over posts nobody delivered.
      // The DMs to catch up are listed at the same time (one round trip of waiting, not two).
      const cursors = Promise.all(
        pre.channels
          .filter((ch) => !cursorOf(ch.id))
          .map(async (ch) => {
            const list = await rest
              .call((c) => c.getPosts(ch.id, 0, 1), { minMs: 200, maxMs: 2_000, maxAttempts: 6 })
              .catch((err: unknown) => {
                throw new Error(`cannot read the posts of channel ~${ch.name}: ${err instanceof Error ? err.message : String(err)}`);
              });
            const newest = list.order.map((id) => list.posts[id]).find((p) => p !== undefined);
            if (newest) advanceCursor(newest);
          }),
      );
      // DMs that have a stored cursor are caught up too (best effort: listing is not essential).
      const directs = rest.call((c) => c.getAllTeamsChannels(), { minMs: 200, maxMs: 1_000, maxAttempts: 3 }).then(
        (mine) => {
          for (const ch of mine) {
            if (isDirect(ch.type) && !channels.has(ch.id) && store.get(cursorKey(ch.id))) channels.set(ch.id, { type: ch.type, name: ch.name });
          }
        },
        (err: unknown) => log.debug({ err }, 'mattermost: cannot list my channels; DMs are caught up once seen'),
      );
      await Promise.all([cursors, directs]);
      if (!opts.slashToken) log.warn('mattermost: no slash token configured; the slash command endpoint refuses every request');
      registerRoutes();
      robot = r;
      accepting = true;

      let resync: NodeJS.Timeout | undefined;
      const s = createSocket({
        siteUrl: config.url,
        token: opts.token,
        pingIntervalMs: config.pingIntervalMs,
        reconnectMinMs: config.reconnectMinMs,
        reconnectMaxMs: config.reconnectMaxMs,
        log,
        hooks: {
          onEvent,
          onMissed: () => {
            log.info('mattermost: events were missed beyond the server buffer; catching up through REST');
            if (resync) {
              clearTimeout(resync);
              resync = undefined;
              opts.metrics?.chatResynced('caught_up');
            }
            catchUpAll('missed');
          },
          onOpen: (reconnect) => {
            if (!startCatchUpDone) {
              // Synchronously, before the first event of this connection: posts sent while we were away go first.
              startCatchUpDone = true;
              catchUpAll('start');
            } else if (reconnect) {
              log.info('mattermost socket reconnected');
              opts.metrics?.chatReconnected();
              // A server that resumes the connection sends nothing special; one that lost it sends a new hello
              // (onMissed) at once. No such hello within a few seconds: it resumed.
              if (resync) clearTimeout(resync);
              resync = setTimeout(() => {
                resync = undefined;
                opts.metrics?.chatResynced('resumed');
              }, 2000);
              resync.unref();
            }
          },
          onClose: () => undefined,
        },
      });
      socket = s;
      const timeoutMs = tuning.connectTimeoutMs ?? 20_000;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          s.open(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const why = s.state().lastError;
              reject(new Error(`cannot open the websocket ${websocketUrl(config.url)} within ${timeoutMs / 1000}s${why ? `: ${why}` : ''}`));
            }, timeoutMs);
          }),
        ]);
      } catch (err) {
        accepting = false;
        robot = undefined;
        s.close();
        throw err;
      } finally {
        clearTimeout(timer);
      }
      log.info({ bot: `@${self.username}`, team: config.team, channels: pre.channels.map((c) => c.name) }, 'mattermost adapter started');
    },

    async reply(to, out) {
      // Recipes and scheduled jobs address their channel by name; chat messages carry the id.
      const channelId = /^[a-z0-9]{26}$/.test(to.channelId) ? to.channelId : await resolveChannel(to.channelId);
      return createPosts(channelId, to.threadId ?? '', out, to);
    },

    async send(channel, out) {
      return createPosts(await resolveChannel(channel), '', out);
    },

    async ack(to) {
      if (to.kind === 'slash' || !self) return; // a slash command has no post to react to
      const me = self;
      try {
        await rest.call((c) => c.addReaction(me.id, to.id, tuning.ackEmoji ?? 'eyes'), {
          minMs: retryMinMs,
          maxMs: retryMaxMs,
          maxAttempts: 3,
          signal: stopping.signal,
        });
      } catch (err) {
        log.debug({ err, postId: to.id }, 'mattermost: ack reaction failed');
      }
    },

    async checkDestinations(names) {
      if (!self || !team) throw new Error('mattermost adapter is not started');
      const policy: RetryPolicy = { minMs: 200, maxMs: 2_000, maxAttempts: 4, signal: stopping.signal };
      return checkDestinations(rest, { team, bot: `@${self.username}`, policy }, names);
    },

    health(): Health {
      return socketHealth(socket?.state(), {
        pingIntervalMs: config.pingIntervalMs,
        now: Date.now(),
        running: accepting,
        pendingPosts: outbox.pending(),
      });
    },

    async stop() {
      const deadline = Date.now() + (tuning.stopDeadlineMs ?? 10_000);
      accepting = false;
      stopping.abort();
      // Let commands already handed to the robot finish their replies, then flush what is queued.
      if (inflight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inflight]),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
        ]);
        clearTimeout(timer);
      }
      const abandoned = await outbox.flush(Math.max(0, deadline - Date.now()));
      if (abandoned > 0) log.error({ abandoned }, 'mattermost: stop deadline passed with posts still unsent');
      socket?.close();
      restoreConsole();
      robot = undefined;
    },
  };
}

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}

/** Is `url` on the Mattermost server (same scheme, host and port)? */
function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
