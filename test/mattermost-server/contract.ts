// OpenAPI contract checker: validates recorded REST exchanges against the Mattermost v4 spec.
//
// The spec is assembled at run time from the upstream source fragments in the shared folder
// `../shared/mattermost-openapi` (a sibling of the checkout), as its README explains. Those files
// are third-party reference data (CC BY-NC-SA 3.0, © Mattermost, Inc.): they are read, never
// copied into this repository.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { load as parseYaml } from 'js-yaml';
import type { Exchange } from './types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the spec fragments live (override with MM_OPENAPI_DIR). */
export const SPEC_DIR = process.env.MM_OPENAPI_DIR ?? path.resolve(repoRoot, '../shared/mattermost-openapi');

/** Concatenation order of the upstream api/Makefile (files missing here are skipped). */
const MAKEFILE_ORDER = [
  'users', 'status', 'teams', 'channels', 'posts', 'preferences', 'files', 'ai', 'recaps', 'uploads', 'jobs',
  'system', 'emoji', 'webhooks', 'saml', 'compliance', 'ldap', 'groups', 'cluster', 'brand', 'commands', 'oauth',
  'elasticsearch', 'bleve', 'dataretention', 'plugins', 'roles', 'schemes', 'service_terms', 'remoteclusters',
  'sharedchannels', 'reactions', 'actions', 'bots', 'cloud', 'usage', 'permissions', 'imports', 'exports',
  'ip_filters', 'bookmarks', 'reports', 'limits', 'logs', 'outgoing_oauth_connections', 'metrics',
  'scheduled_post', 'custom_profile_attributes', 'audit_logging', 'access_control', 'content_flagging', 'agents',
];

/**
 * Endpoints a bot may call that are not in the spec (contract §14). Exchanges only record
 * /api/v4, but a caller may feed its own.
 */
const NON_SPEC: Array<{ method: string; path: RegExp; why: string }> = [
  { method: 'POST', path: /^\/hooks\/[a-z0-9]{26}$/, why: 'incoming webhook (not in the spec)' },
  { method: 'POST', path: /^\/hooks\/commands\/[a-z0-9]{26}$/, why: 'slash-command response_url (not in the spec)' },
  { method: 'GET', path: /^\/api\/v4\/websocket\/?$/, why: 'WebSocket upgrade' },
];

/**
 * THE list of known deviations between the spec and the real server (contract §14). Each is
 * applied in exactly one place below and nowhere else.
 */
export const DEVIATIONS = {
  /** POST /api/v4/reactions answers 200, the spec says 201. */
  reactionCreate200: { method: 'POST', template: '/api/v4/reactions', actual: '200', spec: '201' },
  /** `props` in the update/patch post request bodies is an object, the spec says string. */
  propsAsObject: [
    { method: 'PUT', template: '/api/v4/posts/{post_id}' },
    { method: 'PUT', template: '/api/v4/posts/{post_id}/patch' },
  ],
  /** CommandResponse / SlackAttachment use snake_case JSON names on the wire (`ts` for Timestamp). */
  snakeCaseSchemas: ['CommandResponse', 'SlackAttachment', 'SlackAttachmentField'],
  /** GET /api/v4/files/{file_id} answers 200 with the file's bytes; the spec lists only its error statuses. */
  fileBytes200: { method: 'GET', template: '/api/v4/files/{file_id}', status: 200 },
  /** The rate limiter's 429 is `text/plain; charset=utf-8` with body `limit exceeded\n`, on any route. */
  plainText429: { status: 429, contentType: /^text\/plain(;|$)/, body: 'limit exceeded\n' },
} as const;

const SPEC_ID = 'https://mattermost.invalid/openapi-v4.json';

interface Operation {
  method: string;
  template: string;
  segments: string[];
  op: any;
}

interface Spec {
  doc: any;
  ops: Operation[];
  ajv: Ajv;
  cache: Map<string, ValidateFunction>;
}

let spec: Spec | undefined;

/** Assemble the single OpenAPI document from the fragments (introduction, topics, definitions). */
export function loadSpecText(dir = SPEC_DIR): string {
  const files = new Set(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)));
  if (!files.has('introduction') || !files.has('definitions')) {
    throw new Error(`OpenAPI fragments not found in ${dir} (need introduction.yaml and definitions.yaml)`);
  }
  const topics = MAKEFILE_ORDER.filter((t) => files.has(t));
  const extra = [...files].filter((f) => f !== 'introduction' && f !== 'definitions' && !MAKEFILE_ORDER.includes(f)).sort();
  const read = (name: string) => {
    const text = readFileSync(path.join(dir, `${name}.yaml`), 'utf8');
    return text.endsWith('\n') ? text : text + '\n';
  };
  return [read('introduction'), ...[...topics, ...extra].map(read), read('definitions')].join('');
}

/** OpenAPI 3.0 → JSON Schema: `nullable`, and `$ref`s pointing into the assembled document. */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out.$ref = SPEC_ID + v;
    else if (k === 'example' || k === 'examples' || k === 'xml' || k === 'externalDocs' || k === 'discriminator') continue;
    else out[k] = toJsonSchema(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.$ref || !out.type) return { anyOf: [out, { type: 'null' }] };
  } else if ('nullable' in out) delete out.nullable;
  return out;
}

function snakeName(name: string): string {
  if (name === 'Timestamp') return 'ts';
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function loadSpec(): Spec {
  if (spec) return spec;
  // json: a repeated key keeps the last value (the spec repeats a few), as JSON.parse would
  const doc = parseYaml(loadSpecText(), { json: true }) as any;
  // Deviation: snake_case wire names for the command/attachment schemas.
  for (const name of DEVIATIONS.snakeCaseSchemas) {
    const s = doc.components?.schemas?.[name];
    if (!s?.properties) continue;
    const props: Record<string, any> = {};
    for (const [k, v] of Object.entries<any>(s.properties)) props[snakeName(k)] = v;
    if (props.ts) props.ts = { description: props.ts.description, type: ['string', 'integer'] };
    if (props.short) props.short = { type: ['boolean', 'string'] };
    s.properties = props;
  }
  // Deviation: props is an object in the update/patch post bodies.
  for (const d of DEVIATIONS.propsAsObject) {
    const schema = doc.paths?.[d.template]?.[d.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
    if (schema?.properties?.props) schema.properties.props = { ...schema.properties.props, type: 'object' };
  }
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: toJsonSchema(doc.components) });
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      if (item?.[method]) ops.push({ method: method.toUpperCase(), template, segments: template.split('/'), op: item[method] });
    }
  }
  spec = { doc, ops, ajv, cache: new Map() };
  return spec;
}

/** Find the best matching operation: literal segments beat parameters, leftmost first. */
function findOperation(s: Spec, method: string, urlPath: string): { op?: Operation; pathKnown: boolean } {
  const segs = urlPath.replace(/\/+$/, '').split('/');
  let best: Operation | undefined;
  let bestScore = '';
  let pathKnown = false;
  for (const o of s.ops) {
    if (o.segments.length !== segs.length) continue;
    let score = '';
    let ok = true;
    for (let i = 0; i < segs.length; i++) {
      const t = o.segments[i]!;
      if (t.startsWith('{') && t.endsWith('}')) {
        if (!segs[i]) {
          ok = false;
          break;
        }
        score += '0';
      } else if (t === segs[i]) score += '1';
      else {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathKnown = true;
    if (o.method !== method.toUpperCase()) continue;
    if (!best || score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return { op: best, pathKnown };
}

function validator(s: Spec, key: string, schema: any): ValidateFunction {
  let v = s.cache.get(key);
  if (!v) {
    v = s.ajv.compile(toJsonSchema(schema));
    s.cache.set(key, v);
  }
  return v;
}

function resolveRef(s: Spec, node: any): any {
  let n = node;
  for (let i = 0; i < 10 && n?.$ref; i++) {
    const parts = String(n.$ref).replace(/^#\//, '').split('/');
    n = parts.reduce((acc: any, p) => acc?.[p], s.doc);
  }
  return n;
}

function describeErrors(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && 'missingProperty' in e.params ? ` '${(e.params as any).missingProperty}'` : ''}`)
    .join('; ');
}

/** Validate one exchange against the spec; returns human-readable violations (empty = fine). */
export function validateExchange(ex: Exchange): string[] {
  const s = loadSpec();
  const label = `${ex.method} ${ex.path} → ${ex.status}`;
  const out: string[] = [];
  if (NON_SPEC.some((n) => n.method === ex.method.toUpperCase() && n.path.test(ex.path))) return out;
  const { op, pathKnown } = findOperation(s, ex.method, ex.path);
  if (!op) {
    out.push(`${label}: ${pathKnown ? 'method not in the spec for this path' : '404 path not in the spec'}`);
    return out;
  }
  const where = `${label} [${op.method} ${op.template}]`;

  // Query parameters: types of the declared ones.
  for (const p of (op.op.parameters ?? []).map((x: any) => resolveRef(s, x))) {
    if (p?.in !== 'query' || !(p.name in (ex.query ?? {}))) continue;
    const value = ex.query[p.name]!;
    const t = p.schema?.type;
    if (t === 'integer' && !/^-?\d+$/.test(value)) out.push(`${where}: query ${p.name}=${value} is not an integer`);
    if (t === 'boolean' && value !== 'true' && value !== 'false') out.push(`${where}: query ${p.name}=${value} is not a boolean`);
  }

  // Request body.
  const rb = resolveRef(s, op.op.requestBody);
  if (rb && !ex.fault) {
    const schema = rb.content?.['application/json']?.schema;
    if (ex.requestBody === undefined) {
      if (rb.required && ex.status < 400) out.push(`${where}: request body is required`);
    } else if (schema) {
      const v = validator(s, `req ${op.method} ${op.template}`, schema);
      if (!v(ex.requestBody)) out.push(`${where}: request body: ${describeErrors(v)}`);
    }
  }

  // The rate limiter's plain-text 429 (deviation, any route).
  const rl = DEVIATIONS.plainText429;
  if (ex.status === rl.status) {
    if (!rl.contentType.test(ex.responseContentType) || ex.responseBody !== rl.body) {
      out.push(`${where}: a 429 must be the rate limiter's text/plain "limit exceeded\\n" (got ${ex.responseContentType} ${JSON.stringify(ex.responseBody).slice(0, 80)})`);
    }
    return out;
  }

  // Response status.
  const fb = DEVIATIONS.fileBytes200;
  if (op.method === fb.method && op.template === fb.template && ex.status === fb.status) return out; // bytes: nothing to validate
  let statusKey = String(ex.status);
  const dev = DEVIATIONS.reactionCreate200;
  if (op.method === dev.method && op.template === dev.template && statusKey === dev.actual) statusKey = dev.spec;
  const responses = op.op.responses ?? {};
  let resp = responses[statusKey] ?? responses[`${statusKey[0]}XX`] ?? responses.default;
  if (!resp) {
    if (!ex.fault) {
      out.push(`${where}: status ${ex.status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
      return out;
    }
    resp = s.doc.components.responses.InternalServerError; // injected 5xx: must still be an AppError
  }
  resp = resolveRef(s, resp);

  // Response body.
  const content = resp?.content;
  if (content?.['application/json']) {
    if (ex.responseContentType !== 'application/json') {
      out.push(`${where}: Content-Type must be exactly application/json (got ${ex.responseContentType})`);
    }
    const schema = content['application/json'].schema;
    if (schema) {
      const v = validator(s, `res ${op.method} ${op.template} ${statusKey}`, schema);
      if (!v(ex.responseBody)) out.push(`${where}: response body: ${describeErrors(v)}`);
    }
  }
  if (ex.status >= 400) {
    // The server's AppError always has these fields and echoes its status (contract §2).
    const b = ex.responseBody as any;
    const missing = ['id', 'message', 'detailed_error', 'request_id', 'status_code'].filter((k) => !b || typeof b !== 'object' || !(k in b));
    if (missing.length) out.push(`${where}: error body lacks ${missing.join(', ')}`);
    else if (b.status_code !== ex.status) out.push(`${where}: error body status_code ${b.status_code} differs from HTTP ${ex.status}`);
  }
  return out;
}

/** Validate every exchange; `checked` counts those matched to a spec operation. */
export function checkAll(exchanges: Exchange[]): { checked: number; violations: string[] } {
  const violations: string[] = [];
  let checked = 0;
  for (const ex of exchanges) {
    const v = validateExchange(ex);
    if (!v.some((x) => x.includes('path not in the spec') || x.includes('method not in the spec'))) checked++;
    violations.push(...v);
  }
  return { checked, violations };
}

/** Validate a slash-command reply body against CommandResponse (with the snake_case deviation). */
export function validateCommandResponse(body: unknown): string[] {
  const s = loadSpec();
  const v = validator(s, 'schema CommandResponse', { $ref: '#/components/schemas/CommandResponse' });
  return v(body) ? [] : [`CommandResponse: ${describeErrors(v)}`];
}
