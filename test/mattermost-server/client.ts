// Helpers to drive the test server with the REAL @mattermost/client on Node 20 (contract §12).
import { Client4, WebSocketClient } from '@mattermost/client';
import WebSocket from 'ws';

/** Node 20: global WebSocket (the client uses WebSocket.OPEN) and a CloseEvent polyfill: the adapter's own. */
import { ensureWebSocketGlobals } from '../../adapters/mattermost/globals.js';
export const installNodeWebSocketGlobals = ensureWebSocketGlobals;

export function restClient(url: string, token: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  c.setToken(token);
  return c;
}

export interface WsHandle {
  client: WebSocketClient;
  /** Every event frame delivered to the message listener (hello included), in order. */
  events: any[];
  missed: number;
  reconnects: number;
  closes: number;
  /** Convenience: parsed posts of `posted` events. */
  posted(): any[];
  close(): void;
}

/**
 * Connect a WebSocketClient. `headerAuth` (default true) authenticates the upgrade with an
 * Authorization header so server-side replay works; `challenge` also sends authentication_challenge.
 */
export function connectWs(
  url: string,
  token: string,
  opts: { headerAuth?: boolean; challenge?: boolean; pingIntervalMs?: number } = {},
): WsHandle {
  installNodeWebSocketGlobals();
  const headerAuth = opts.headerAuth ?? true;
  const client = new WebSocketClient({
    minWebSocketRetryTime: 50,
    reconnectJitterRange: 20,
    maxWebSocketFails: 100,
    clientPingInterval: opts.pingIntervalMs ?? 1000,
    newWebSocketFn: (u: string) =>
      new WebSocket(u, headerAuth ? { headers: { Authorization: `Bearer ${token}` } } : {}) as unknown as globalThis.WebSocket,
  });
  const h: WsHandle = {
    client,
    events: [],
    missed: 0,
    reconnects: 0,
    closes: 0,
    posted: () => h.events.filter((e) => e.event === 'posted').map((e) => JSON.parse(e.data.post)),
    close: () => {
      client.close(); // clears the reconnect timer and ping interval; closes only an OPEN socket
      const c = client as any;
      if (c.conn) {
        // still CONNECTING: abort it quietly
        c.conn.onclose = () => {};
        c.conn.onerror = () => {};
        c.conn.onopen = () => {};
        c.conn.onmessage = () => {};
        c.conn.terminate?.();
        c.conn = null;
      }
    },
  };
  client.addMessageListener((msg: any) => h.events.push(msg));
  client.addMissedMessageListener(() => h.missed++);
  client.addReconnectListener(() => h.reconnects++);
  client.addCloseListener(() => h.closes++);
  const wsUrl = url.replace(/^http/, 'ws') + '/api/v4/websocket';
  client.initialize(wsUrl, opts.challenge === false ? undefined : headerAuth && opts.challenge !== true ? undefined : token);
  return h;
}
