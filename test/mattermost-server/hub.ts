// WebSocket side of the test server: authentication, hello, per-connection numbering,
// dead queues, resume/replay (contract §5), actions (ping, user_typing, …) and event fan-out.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { newId, VERSION_ID } from './ids.js';
import type { Store } from './store.js';

const DEAD_QUEUE_SIZE = 128;

export interface Broadcast {
  omit_users: Record<string, boolean> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
  connection_id: string;
  omit_connection_id: string;
}

interface ConnState {
  id: string;
  userId: string;
  nextSeq: number;
  dead: Array<{ seq: number; frame: string }>;
  ctx: SocketCtx | null;
  disconnectedAt: number;
}

interface SocketCtx {
  ws: WebSocket;
  state: ConnState | null;
  headerAuth: boolean;
  authTimer?: NodeJS.Timeout;
  held: string[]; // frames held back while the server is "silent"
}

export interface HubOptions {
  /** How long a disconnected connection id (and its dead queue) is kept. Default 5 minutes. */
  connectionTtlMs?: number;
  /** Unauthenticated sockets are closed after this long. Default 5 s. */
  authTimeoutMs?: number;
}

export interface PublishTarget {
  channelId?: string;
  userId?: string;
  teamId?: string;
  omitUsers?: string[];
}

export function extractToken(req: IncomingMessage): string | undefined {
  const cookie = req.headers.cookie;
  if (cookie) {
    const m = /(?:^|;\s*)MMAUTHTOKEN=([^;]+)/.exec(cookie);
    if (m?.[1]) return m[1];
  }
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(bearer|token)\s+(\S+)\s*$/i.exec(auth);
    if (m?.[2]) return m[2];
  }
  return undefined;
}

export class Hub {
  private wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 });
  private states = new Map<string, ConnState>();
  private ctxs = new Set<SocketCtx>();
  private silenced = false;
  private ttl: number;
  private authTimeout: number;

  constructor(
    private store: Store,
    opts: HubOptions = {},
  ) {
    this.ttl = opts.connectionTtlMs ?? 5 * 60_000;
    this.authTimeout = opts.authTimeoutMs ?? 5_000;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v4/websocket' && url.pathname !== '/api/v4/websocket/') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (url.searchParams.has('access_token')) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, url));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, url: URL): void {
    const ctx: SocketCtx = { ws, state: null, headerAuth: false, held: [] };
    this.ctxs.add(ctx);
    ws.on('close', () => this.onClose(ctx));
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => this.onMessage(ctx, data as Buffer, isBinary));

    const token = extractToken(req);
    const user = token ? this.store.userByToken(token) : undefined;
    if (user) {
      ctx.headerAuth = true;
      const connId = url.searchParams.get('connection_id') ?? '';
      const seqRaw = url.searchParams.get('sequence_number');
      if (connId !== '' && seqRaw === null) {
        ws.terminate(); // a connection id without a sequence number drops the socket
        return;
      }
      const seq = seqRaw === null ? 0 : Number(seqRaw);
      this.register(ctx, user.id, connId, Number.isFinite(seq) ? seq : 0);
    } else {
      ctx.authTimer = setTimeout(() => {
        if (!ctx.state) ws.close();
      }, this.authTimeout);
      ctx.authTimer.unref?.();
    }
  }

  /** Attach an authenticated socket: fresh, replay, continue, or "missed" (new id + hello). */
  private register(ctx: SocketCtx, userId: string, connId: string, seq: number): void {
    this.sweep();
    const old = connId ? this.states.get(connId) : undefined;
    if (!old || old.userId !== userId || !ctx.headerAuth) {
      this.fresh(ctx, userId);
      return;
    }
    // Take over the connection state (close a still-attached older socket).
    if (old.ctx && old.ctx !== ctx) {
      const prev = old.ctx;
      prev.state = null;
      prev.ws.terminate();
    }
    const idx = old.dead.findIndex((e) => e.seq === seq);
    if (idx >= 0) {
      old.ctx = ctx;
      ctx.state = old;
      for (const e of old.dead.slice(idx)) this.write(ctx, e.frame);
      return;
    }
    if (seq === old.nextSeq) {
      old.ctx = ctx;
      ctx.state = old;
      return;
    }
    // Events were missed and are gone: new connection id, sequence 0, hello.
    this.states.delete(old.id);
    this.fresh(ctx, userId);
  }

  private fresh(ctx: SocketCtx, userId: string): void {
    const state: ConnState = { id: newId(), userId, nextSeq: 0, dead: [], ctx, disconnectedAt: 0 };
    this.states.set(state.id, state);
    ctx.state = state;
    this.emitTo(state, 'hello', { connection_id: state.id, server_version: VERSION_ID, server_hostname: 'localhost' }, {
      ...emptyBroadcast(),
      user_id: userId,
    });
  }

  private onClose(ctx: SocketCtx): void {
    this.ctxs.delete(ctx);
    if (ctx.authTimer) clearTimeout(ctx.authTimer);
    const st = ctx.state;
    if (st && st.ctx === ctx) {
      st.ctx = null;
      st.disconnectedAt = Date.now();
    }
    ctx.state = null;
  }

  private onMessage(ctx: SocketCtx, raw: Buffer, isBinary: boolean): void {
    if (isBinary) return; // msgpack is not supported by this double
    let msg: any;
    try {
      msg = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const seq = msg.seq;
    const action = msg.action;
    if (action === 'authentication_challenge') {
      if (ctx.state) return; // already authenticated: silently ignored
      const token = msg.data?.token;
      const user = typeof token === 'string' ? this.store.userByToken(token) : undefined;
      if (!user) {
        ctx.ws.close();
        return;
      }
      if (ctx.authTimer) clearTimeout(ctx.authTimer);
      this.fresh(ctx, user.id); // challenge-authenticated sockets never resume
      this.reply(ctx, seq, undefined);
      return;
    }
    if (typeof seq !== 'number' || seq <= 0) {
      this.fail(ctx, seq, 400, 'api.web_socket_router.bad_seq.app_error', 'Invalid sequence.');
      return;
    }
    if (!ctx.state) {
      this.fail(ctx, seq, 401, 'api.web_socket_router.not_authenticated.app_error', 'Not authenticated.');
      return;
    }
    const userId = ctx.state.userId;
    switch (action) {
      case 'ping':
        this.reply(ctx, seq, { text: 'pong', version: VERSION_ID, server_time: Date.now(), node_id: '' });
        return;
      case 'user_typing': {
        const channelId = msg.data?.channel_id;
        const ch = typeof channelId === 'string' ? this.store.channels.get(channelId) : undefined;
        if (!ch) {
          this.fail(ctx, seq, 400, 'api.websocket_handler.invalid_param.app_error', 'Invalid channel_id parameter.');
          return;
        }
        if (!this.store.isChannelMember(ch.id, userId)) {
          this.fail(ctx, seq, 403, 'api.web_socket_router.no_permission.app_error', 'You do not have the appropriate permissions.');
          return;
        }
        const parentId = typeof msg.data?.parent_id === 'string' ? msg.data.parent_id : '';
        this.publish('typing', { parent_id: parentId, user_id: userId }, { channelId: ch.id, omitUsers: [userId] });
        this.reply(ctx, seq, undefined);
        return;
      }
      case 'get_statuses': {
        const data: Record<string, string> = {};
        for (const st of this.states.values()) if (st.ctx) data[st.userId] = 'online';
        this.reply(ctx, seq, data);
        return;
      }
      case 'get_statuses_by_ids': {
        const ids: unknown = msg.data?.user_ids;
        const data: Record<string, string> = {};
        if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') data[id] = this.isOnline(id) ? 'online' : 'offline';
        this.reply(ctx, seq, data);
        return;
      }
      case 'user_update_active_status':
      case 'presence':
      case 'posted_notify_ack':
        this.reply(ctx, seq, undefined);
        return;
      default:
        if (typeof action === 'string' && action.startsWith('custom_')) return;
        this.fail(ctx, seq, 500, 'api.web_socket_router.bad_action.app_error', 'Unknown action.');
    }
  }

  private isOnline(userId: string): boolean {
    for (const st of this.states.values()) if (st.userId === userId && st.ctx) return true;
    return false;
  }

  private reply(ctx: SocketCtx, seq: unknown, data: unknown): void {
    const frame: Record<string, unknown> = { status: 'OK', seq_reply: seq };
    if (data !== undefined) frame.data = data;
    this.write(ctx, JSON.stringify(frame));
  }

  private fail(ctx: SocketCtx, seq: unknown, status: number, id: string, message: string): void {
    this.write(
      ctx,
      JSON.stringify({ status: 'FAIL', seq_reply: seq, error: { id, message, detailed_error: '', status_code: status } }),
    );
  }

  private write(ctx: SocketCtx, frame: string): void {
    if (this.silenced) {
      ctx.held.push(frame);
      return;
    }
    if (ctx.ws.readyState === WebSocket.OPEN) ctx.ws.send(frame);
  }

  private emitTo(state: ConnState, event: string, data: Record<string, unknown>, broadcast: Broadcast): void {
    const seq = state.nextSeq++;
    const frame = JSON.stringify({ event, data, broadcast, seq });
    state.dead.push({ seq, frame });
    if (state.dead.length > DEAD_QUEUE_SIZE) state.dead.shift();
    if (state.ctx) this.write(state.ctx, frame);
  }

  /**
   * Send an event to every connection (live, or disconnected but still resumable) of the target users.
   * `perRecipient` may add fields for one user (e.g. `mentions`).
   */
  publish(
    event: string,
    data: Record<string, unknown>,
    target: PublishTarget,
    perRecipient?: (userId: string) => Record<string, unknown> | undefined,
  ): void {
    this.sweep();
    let users: Set<string>;
    if (target.userId) users = new Set([target.userId]);
    else if (target.channelId) users = new Set(this.store.members(target.channelId));
    else if (target.teamId) users = new Set(this.store.teamMembers.get(target.teamId) ?? []);
    else users = new Set([...this.states.values()].map((s) => s.userId));
    const omit = target.omitUsers ?? [];
    for (const o of omit) users.delete(o);
    const broadcast: Broadcast = {
      omit_users: omit.length ? Object.fromEntries(omit.map((u) => [u, true])) : null,
      user_id: target.userId ?? '',
      channel_id: target.channelId ?? '',
      team_id: target.teamId ?? '',
      connection_id: '',
      omit_connection_id: '',
    };
    for (const st of this.states.values()) {
      if (!users.has(st.userId)) continue;
      const extra = perRecipient?.(st.userId);
      this.emitTo(st, event, extra ? { ...data, ...extra } : data, broadcast);
    }
  }

  /** Forget disconnected states older than the TTL. */
  private sweep(): void {
    const limit = Date.now() - this.ttl;
    for (const [id, st] of this.states) if (!st.ctx && st.disconnectedAt > 0 && st.disconnectedAt < limit) this.states.delete(id);
  }

  // ---- faults & control -------------------------------------------------------------------
  dropSockets(): void {
    for (const ctx of [...this.ctxs]) ctx.ws.terminate();
  }

  forgetConnections(): void {
    this.dropSockets();
    this.states.clear();
  }

  silence(on: boolean): void {
    this.silenced = on;
    if (!on) {
      for (const ctx of this.ctxs) {
        const held = ctx.held;
        ctx.held = [];
        if (ctx.ws.readyState === WebSocket.OPEN) for (const f of held) ctx.ws.send(f);
      }
    }
  }

  openSockets(): number {
    let n = 0;
    for (const ctx of this.ctxs) if (ctx.state && ctx.ws.readyState === WebSocket.OPEN) n++;
    return n;
  }

  async close(): Promise<void> {
    for (const ctx of [...this.ctxs]) {
      if (ctx.authTimer) clearTimeout(ctx.authTimer);
      ctx.ws.terminate();
    }
    this.ctxs.clear();
    this.states.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

export function emptyBroadcast(): Broadcast {
  return { omit_users: null, user_id: '', channel_id: '', team_id: '', connection_id: '', omit_connection_id: '' };
}
