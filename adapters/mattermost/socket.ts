// The event stream: WebSocketClient (v11.9) on a `ws` socket authenticated at the upgrade.
// - Upgrade auth (Authorization header) is the only mode in which the server resumes and replays (contract §5.5),
//   so newWebSocketFn builds the socket itself; no authentication_challenge is sent, the token never goes in a frame.
// - The socket handed to the client is a thin shim over `ws`: it lets us see every frame (health), and it hands
//   the client sanitised error events, because the client console.logs them and a raw `ws` event holds the request.
// - The client's reconnect delay is fixed 3 s then quadratic; its close listeners run before it computes the delay,
//   so our close listener rewrites `config.minWebSocketRetryTime`/`reconnectJitterRange` for exponential backoff.
// - A missed-message listener is always registered: without one the client never stores the connection id and
//   loops on sequence mismatches (contract §12.4). It is also where REST catch-up starts.
import type mattermostClientModule from '@mattermost/client';
import { createRequire } from 'node:module';
import type WebSocketModule from 'ws';
import type { Logger } from 'pino';
import { expBackoff } from './backoff.js';

// required, not imported: see rest.ts
const require = createRequire(import.meta.url);
const { WebSocketClient } = require('@mattermost/client') as typeof mattermostClientModule;
const WebSocket = require('ws') as typeof WebSocketModule;
type WebSocket = WebSocketModule;

export interface SocketEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast?: { channel_id?: string; user_id?: string; team_id?: string };
  seq?: number;
}

export interface SocketHooks {
  onEvent(msg: SocketEvent): void;
  /** A new connection id arrived: the gap was beyond the server's buffer, catch up through REST. */
  onMissed(): void;
  onOpen(reconnect: boolean): void;
  onClose(): void;
}

export interface SocketOptions {
  /** Site URL (http or https); the ws(s) URL is derived from it. */
  siteUrl: string;
  token: string;
  pingIntervalMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  log: Logger;
  hooks: SocketHooks;
}

export interface SocketState {
  up: boolean;
  /** When the last frame (event, reply or pong) arrived, or when the socket opened. */
  lastFrameAt: number;
  /** When the socket went down (undefined while up or before the first connect). */
  downSince: number | undefined;
  /** Consecutive failed connects since the last successful open. */
  fails: number;
  lastError: string | undefined;
  /** Delay the client will wait before the next connect. */
  nextRetryMs: number | undefined;
}

export interface Socket {
  /** Connect; resolves on the first open. The client then reconnects by itself until close(). */
  open(): Promise<void>;
  close(): void;
  state(): SocketState;
}

/** Reconnect delay for the `fails`-th consecutive failure: exponential, capped; the client adds the jitter. */
export function reconnectDelay(fails: number, minMs: number, maxMs: number): { base: number; jitter: number } {
  const base = expBackoff(fails, minMs, maxMs);
  return { base, jitter: Math.max(1, Math.round(base / 2)) };
}

export function websocketUrl(siteUrl: string): string {
  return siteUrl.replace(/\/+$/, '').replace(/^http/i, 'ws') + '/api/v4/websocket';
}

type ClientConfig = {
  minWebSocketRetryTime: number;
  reconnectJitterRange: number;
  maxWebSocketFails: number;
  maxWebSocketRetryTime: number;
};

export function createSocket(opts: SocketOptions): Socket {
  const { log, hooks } = opts;
  const st: SocketState = { up: false, lastFrameAt: 0, downSince: undefined, fails: 0, lastError: undefined, nextRetryMs: undefined };
  let current: SocketShim | undefined;
  let stopped = false;
  let opened: (() => void) | undefined;

  const watch: ShimWatch = {
    opened() {
      st.up = true;
      st.lastFrameAt = Date.now();
      st.downSince = undefined;
      st.fails = 0;
      st.nextRetryMs = undefined;
      opened?.();
      opened = undefined;
    },
    frame() {
      st.lastFrameAt = Date.now();
    },
    closed(code, reason) {
      if (st.up) log.warn({ code, reason }, 'mattermost socket closed');
      st.up = false;
      st.downSince ??= Date.now();
    },
    error(message) {
      st.lastError = message;
    },
  };

  const client = new WebSocketClient({
    newWebSocketFn: (url: string) => {
      const shim = new SocketShim(url, opts.token, watch, log);
      if (stopped) shim.terminate();
      current = shim;
      return shim as unknown as globalThis.WebSocket;
    },
    clientPingInterval: opts.pingIntervalMs,
    minWebSocketRetryTime: opts.reconnectMinMs,
    maxWebSocketRetryTime: opts.reconnectMaxMs,
    reconnectJitterRange: Math.max(1, Math.round(opts.reconnectMinMs / 2)),
    // The quadratic growth after N fails would multiply our own backoff: switch it off.
    maxWebSocketFails: Number.MAX_SAFE_INTEGER,
  });
  const config = (client as unknown as { config: ClientConfig }).config;

  client.addCloseListener((fails: number) => {
    // Runs before the client computes its retry time, so this sets the next delay.
    st.fails = fails;
    const { base, jitter } = reconnectDelay(fails, opts.reconnectMinMs, opts.reconnectMaxMs);
    config.minWebSocketRetryTime = base;
    config.reconnectJitterRange = jitter;
    st.nextRetryMs = base;
    log.debug({ fails, retryInMs: base, lastError: st.lastError }, 'mattermost socket reconnect scheduled');
    safely(log, 'close hook', () => hooks.onClose());
  });
  client.addMissedMessageListener(() => safely(log, 'missed hook', () => hooks.onMissed()));
  client.addFirstConnectListener(() => safely(log, 'open hook', () => hooks.onOpen(false)));
  client.addReconnectListener(() => safely(log, 'reconnect hook', () => hooks.onOpen(true)));
  client.addMessageListener((msg) => safely(log, 'event hook', () => hooks.onEvent(msg as unknown as SocketEvent)));

  return {
    open() {
      return new Promise<void>((resolve) => {
        opened = resolve;
        client.initialize(websocketUrl(opts.siteUrl));
      });
    },
    close() {
      stopped = true;
      opened = undefined;
      // close() clears the ping interval and the reconnect timer; it only closes an OPEN socket, so a socket still
      // connecting is cut here, with its handlers detached so the client does not schedule a reconnect.
      client.close();
      current?.terminate();
      st.up = false;
    },
    state: () => ({ ...st }),
  };
}

function safely(log: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    log.error({ err }, `mattermost ${what} failed`);
  }
}

interface ShimWatch {
  opened(): void;
  frame(): void;
  closed(code: number, reason: string): void;
  error(message: string): void;
}

/** Just enough of the DOM WebSocket for WebSocketClient: readyState, send, close and the four on* handlers. */
class SocketShim {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onerror: ((ev: { type: string; message: string }) => void) | null = null;
  private readonly ws: WebSocket;
  /** Set once we cut the socket ourselves: nothing is forwarded to the client any more. */
  private dead = false;

  constructor(url: string, token: string, watch: ShimWatch, log: Logger) {
    this.ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: 15_000,
    });
    this.ws.on('open', () => {
      if (this.dead) return;
      watch.opened();
      this.call(log, () => this.onopen?.({ type: 'open' }));
    });
    this.ws.on('message', (data: WebSocketModule.RawData, isBinary: boolean) => {
      if (this.dead) return;
      watch.frame();
      if (isBinary) return; // the server sends JSON text frames only
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
      this.call(log, () => this.onmessage?.({ data: text }));
    });
    this.ws.on('pong', () => {
      if (!this.dead) watch.frame();
    });
    this.ws.on('error', (err: Error) => {
      if (this.dead) return;
      watch.error(err.message);
      // Only the message: the raw event would let the client print the upgrade request (and its header).
      this.call(log, () => this.onerror?.({ type: 'error', message: err.message }));
    });
    this.ws.on('close', (code: number, reason: Buffer) => {
      if (this.dead) return;
      watch.closed(code, reason.toString());
      this.call(log, () => this.onclose?.({ code, reason: reason.toString(), wasClean: code === 1000 }));
    });
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }

  /** Cut the connection without telling the client (used when we stop). */
  terminate(): void {
    this.dead = true;
    this.ws.terminate();
  }

  // A throw inside a ws listener would be an uncaught exception; the client's JSON.parse can throw.
  private call(log: Logger, fn: () => void): void {
    if (this.dead) return;
    try {
      fn();
    } catch (err) {
      log.warn({ err }, 'mattermost socket handler failed');
    }
  }
}
