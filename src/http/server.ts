// A small HTTP listener: node:http and a route table, nothing here needs a framework. The app runs two
// (src/app.ts): the public one (webhooks, slash command, buttons), with limits applied before any handler,
// and the internal one (health, metrics).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClientLimiter, type ClientRateLimit } from './limits.js';
import type { HttpHandler, HttpRequestInfo, HttpResponseInfo, HttpRoutes } from '../robot/types.js';

export interface HttpServerOptions {
  /** host:port; port 0 picks a free one (tests). */
  listen: string;
  publicUrl?: string;
  /** Bodies larger than this are refused with 413 before they are buffered. */
  maxBodyBytes?: number;
  onError?: (err: unknown, req: { method: string; path: string }) => void;
  /** Told of every request refused before a handler ran (404, 405, 408, 413, 429), so the refusals can be counted. */
  onRefused?: (status: number, req: { method: string; path: string }) => void;
  /** At most this many open connections; more are closed at once (Node's server.maxConnections). */
  maxConnections?: number;
  /** Told when a connection was dropped because of maxConnections. */
  onDropped?: () => void;
  /** A token bucket per client address, checked before the request is read (429 with Retry-After). */
  clientRate?: ClientRateLimit;
  /** The whole body must arrive within this time after the headers (408 otherwise). Default 10 s. */
  bodyTimeoutMs?: number;
  /** The headers must arrive within this time of the connection (Node's headersTimeout). Default 10 s. */
  headersTimeoutMs?: number;
}

export interface HttpServer extends HttpRoutes {
  /** A handler for every path under `prefix` (e.g. `/hooks/`), after the exact routes. */
  routePrefix(method: string, prefix: string, handler: HttpHandler): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The bound address as a URL (useful when port 0 was asked). */
  readonly url: string;
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const routes = new Map<string, HttpHandler>();
  const prefixes: { method: string; prefix: string; handler: HttpHandler }[] = [];
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const [host, portText] = splitHostPort(opts.listen);
  let boundUrl = `http://${opts.listen}`;
  const limiter = opts.clientRate ? createClientLimiter(opts.clientRate) : undefined;
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? 10_000;
  const headersTimeoutMs = opts.headersTimeoutMs ?? 10_000;

  // Node checks its request/headers timeouts every connectionsCheckingInterval (30 s by default): too coarse
  // for short limits, so once a second.
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    const url = urlOf(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    // The per-client budget is spent before anything else is looked at (even a 404 costs a token).
    const wait = limiter?.take(req.socket.remoteAddress ?? '?');
    if (wait !== undefined) {
      opts.onRefused?.(429, { method, path: url.pathname });
      send(res, { status: 429, headers: { 'retry-after': String(wait), connection: 'close' }, body: 'too many requests\n' });
      req.resume();
      return;
    }
    const handler =
      routes.get(`${method} ${url.pathname}`) ?? prefixes.find((p) => p.method === method && url.pathname.startsWith(p.prefix))?.handler;
    const where = { method, path: url.pathname };
    if (!handler) {
      const known =
        [...routes.keys()].some((k) => k.endsWith(` ${url.pathname}`)) || prefixes.some((p) => url.pathname.startsWith(p.prefix));
      send(res, { status: known ? 405 : 404, body: known ? 'method not allowed\n' : 'not found\n' });
      opts.onRefused?.(known ? 405 : 404, where);
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      opts.onRefused?.(413, where);
      send(res, { status: 413, body: 'payload too large\n' });
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // A client that sends its headers and then trickles (or withholds) the body loses the slot.
    const deadline = setTimeout(() => {
      if (refused) return;
      refused = true;
      opts.onRefused?.(408, where);
      send(res, { status: 408, headers: { connection: 'close' }, body: 'request body too slow\n' });
      // the answer first, then the connection goes (a destroy at once could drop the 408 unsent)
      res.once('finish', () => req.socket.destroy());
      setTimeout(() => req.socket.destroy(), 1000).unref();
    }, bodyTimeoutMs);
    deadline.unref();
    req.on('close', () => {
      clearTimeout(deadline);
      // the client went (or half-closed) before its body was whole: nothing more can come, free the slot now
      // rather than at the deadline
      if (!req.complete && !res.headersSent) req.socket.destroy();
    });
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody && !refused) {
        refused = true;
        opts.onRefused?.(413, where);
        send(res, { status: 413, body: 'payload too large\n' });
        req.destroy();
        return;
      }
      if (!refused) chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(deadline);
      if (refused) return;
      const info: HttpRequestInfo = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      handler(info).then(
        (out) => send(res, out),
        (err: unknown) => {
          opts.onError?.(err, { method, path: url.pathname });
          send(res, { status: 500, body: 'internal error\n' });
        },
      );
    });
    req.on('error', () => undefined);
  });
  server.keepAliveTimeout = 5_000;
  // A sender that trickles its headers or body (slowloris) is cut off instead of holding a socket for minutes.
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = headersTimeoutMs + bodyTimeoutMs;
  if (opts.maxConnections) server.maxConnections = opts.maxConnections;
  server.on('drop', () => opts.onDropped?.());
  // A client that half-closes after its request (netcat, some HTTP libraries) still gets its answer; without
  // this node ends the socket at once and an accepted webhook's 202 is lost.
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  return {
    route(method, path, handler) {
      const key = `${method.toUpperCase()} ${path}`;
      if (routes.has(key)) throw new Error(`HTTP route registered twice: ${key}`);
      routes.set(key, handler);
    },
    routePrefix(method, prefix, handler) {
      prefixes.push({ method: method.toUpperCase(), prefix, handler });
    },
    get publicUrl() {
      return (opts.publicUrl ?? boundUrl).replace(/\/$/, '');
    },
    get url() {
      return boundUrl;
    },
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(portText), host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          boundUrl = `http://${host}:${addr.port}`;
          resolve();
        });
      });
    },
    async stop() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: http.ServerResponse, out: HttpResponseInfo): void {
  if (res.headersSent) return;
  const body = out.body ?? '';
  res.writeHead(out.status, { 'content-type': 'text/plain; charset=utf-8', ...out.headers });
  res.end(body);
}

/** A path a URL parse would give back unchanged: no query, no dot segment, escape, backslash or empty segment. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-]+)+\/?$|^\/$/;

/**
 * The request's path and query. A plain path (a webhook's, every time) skips the URL parse and its query
 * object, a few percent of an accepted event's CPU; anything else is parsed (dot segments, escapes).
 */
function urlOf(target: string): { pathname: string; searchParams: URLSearchParams } {
  if (PLAIN_PATH.test(target)) return { pathname: target, searchParams: new URLSearchParams() };
  return new URL(target, 'http://localhost');
}

function splitHostPort(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i), listen.slice(i + 1)];
}

/** JSON response helper. */
export function json(status: number, value: unknown): HttpResponseInfo {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
