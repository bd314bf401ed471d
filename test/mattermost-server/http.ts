// HTTP plumbing: routing, auth, AppError bodies, headers, fault injection and exchange recording.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId, VERSION_ID } from './ids.js';
import type { Faults } from './faults.js';
import { extractToken } from './hub.js';
import type { Store } from './store.js';
import type { Exchange, User } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly detailed = '',
  ) {
    super(message);
  }
}

export interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** The authenticated caller (set for routes that require a session). */
  user: User;
  requestId: string;
}

export interface Result {
  status: number;
  body?: unknown;
  /** Raw text body with this content type instead of JSON. */
  text?: { contentType: string; body: string };
  /** A file's bytes (GET /files/{id}), sent as an attachment download. */
  bytes?: { contentType: string; body: Buffer; name: string };
}

export type Handler = (ctx: Ctx) => Result | Promise<Result>;

interface Route {
  method: string;
  re: RegExp;
  names: string[];
  auth: boolean;
  handler: Handler;
}

export class Router {
  private routes: Route[] = [];

  add(method: string, template: string, handler: Handler, opts: { auth?: boolean } = {}): void {
    const names: string[] = [];
    const src = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([a-z_]+)\}/g, (_m, a: string) => {
      names.push(a);
      return '([^/]+)';
    });
    this.routes.push({ method, re: new RegExp(`^${src}/?$`), names, auth: opts.auth ?? true, handler });
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: boolean } {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { route, params };
    }
    return { allowed: pathMatched };
  }
}

function tryJson(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function appErrorBody(status: number, id: string, message: string, requestId: string, detailed = '') {
  return { id, message, detailed_error: detailed, request_id: requestId, status_code: status };
}

const FAULT_MESSAGES: Record<number, [string, string]> = {
  500: ['app.test_server.injected.internal.app_error', 'An internal error occurred (injected by the test server).'],
  502: ['app.test_server.injected.bad_gateway.app_error', 'Bad gateway (injected by the test server).'],
  503: ['app.test_server.injected.unavailable.app_error', 'Service unavailable (injected by the test server).'],
};

export interface HttpDeps {
  store: Store;
  faults: Faults;
  api: Router; // /api/v4 routes
  other: Router; // non-API routes (/hooks/...)
  exchanges: Exchange[];
  /** Requests carrying this value in `X-Test-Server-Control` (the control API's own calls) bypass faults. */
  controlSecret: string;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createRequestHandler(deps: HttpDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newId();
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const isApi = path.startsWith('/api/v4/');
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch {
      res.destroy();
      return;
    }

    let fault = false;
    let result: Result;
    const headers: Record<string, string> = { 'X-Request-Id': requestId, 'X-Version-Id': VERSION_ID };

    try {
      const control = req.headers['x-test-server-control'] === deps.controlSecret;
      const faulty = isApi && !control;
      if (faulty && deps.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.faults.latencyMs));
      const injected = faulty ? deps.faults.pick(method, path) : undefined;
      if (injected !== undefined) {
        fault = true;
        if (injected === 429) {
          // The rate limiter's answer: plain text, not an AppError.
          headers['X-RateLimit-Limit'] = '101';
          headers['X-RateLimit-Remaining'] = '0';
          headers['X-RateLimit-Reset'] = '1';
          headers['Retry-After'] = '1';
          result = { status: 429, text: { contentType: 'text/plain; charset=utf-8', body: 'limit exceeded\n' } };
        } else {
          const [id, msg] = FAULT_MESSAGES[injected] ?? FAULT_MESSAGES[500]!;
          throw new ApiError(injected, id, msg);
        }
      } else {
        result = await dispatch(deps, isApi ? deps.api : deps.other, req, method, path, url.searchParams, rawBody, requestId);
      }
    } catch (e) {
      if (e instanceof ApiError) {
        result = { status: e.status, body: appErrorBody(e.status, e.id, e.message, requestId, e.detailed) };
      } else {
        const err = e as Error;
        result = {
          status: 500,
          body: appErrorBody(500, 'app.test_server.handler_crashed.app_error', 'The test server failed.', requestId, String(err?.stack ?? err)),
        };
      }
    }

    let contentType: string;
    let payload: string | Buffer;
    if (result.bytes) {
      contentType = result.bytes.contentType;
      payload = result.bytes.body;
      headers['Content-Disposition'] = `attachment; filename="${result.bytes.name.replace(/["\\\r\n]/g, '_')}"`;
    } else if (result.text) {
      contentType = result.text.contentType;
      payload = result.text.body;
    } else {
      contentType = 'application/json';
      payload = JSON.stringify(result.body ?? { status: 'OK' });
    }
    if (method === 'GET' && !result.text && !result.bytes) headers['Expires'] = '0';
    headers['Content-Type'] = contentType;
    headers['Content-Length'] = String(Buffer.byteLength(payload));

    if (isApi) {
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      deps.exchanges.push({
        method,
        path,
        query,
        requestBody: tryJson(rawBody),
        status: result.status,
        responseBody: result.bytes ? `<${result.bytes.body.length} bytes>` : result.text ? result.text.body : JSON.parse(payload as string),
        responseContentType: contentType,
        ...(fault ? { fault: true } : {}),
        requestId,
        receivedAt,
        answeredAt: performance.now(),
      });
    }
    res.writeHead(result.status, headers);
    res.end(payload);
  };
}

async function dispatch(
  deps: HttpDeps,
  router: Router,
  req: IncomingMessage,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: Buffer,
  requestId: string,
): Promise<Result> {
  const m = router.match(method, path);
  if (!('route' in m)) {
    if (m.allowed) throw new ApiError(405, 'api.context.method_not_allowed.app_error', 'Method not allowed.');
    throw new ApiError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
  }
  let user: User | undefined;
  if (m.route.auth) {
    if (query.has('access_token')) {
      throw new ApiError(401, 'api.context.token_provided.app_error', 'Session is not OAuth but token was provided in the query string.');
    }
    const token = extractToken(req);
    user = token ? deps.store.userByToken(token) : undefined;
    if (!user) {
      throw new ApiError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.', 'token=' + (token ? 'invalid' : 'missing'));
    }
  }
  let body: unknown;
  if (rawBody.length) {
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = undefined;
    }
  }
  return m.route.handler({
    method,
    path,
    query,
    params: m.params,
    headers: req.headers,
    rawBody,
    body,
    user: user as User,
    requestId,
  });
}
