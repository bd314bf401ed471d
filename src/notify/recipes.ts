// Recipes ("recettes"): a source event and a chain of actions, declared in the config. Pure: matching and
// rendering take a payload and give planned actions; the outbox and the worker do the I/O.
import Mustache from 'mustache';
import { z } from 'zod';
import type { Outbound } from '../robot/types.js';
import { SummonerError } from '../errors.js';
import { normaliseColor, outcomeColor } from './builtins/outcome.js';
import { plainText, safeUrl } from './plain.js';

export const RECIPE_SOURCES = ['gitlab', 'github', 'gitea', 'nextcloud', 'generic', 'summoner'] as const;
export type RecipeSource = (typeof RECIPE_SOURCES)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const name = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'a name is a lower-case word (letters, digits, - and _)');
const colorText = z.string().min(1);

export const actionSchema = z
  .object({
    /** Post into a channel: a Mustache template (logic-less; values are escaped for Mattermost markdown). */
    post: z
      .object({
        channel: z.string().min(1),
        template: z.string().min(1),
        /** good | warning | danger | #hex, or a template; without it the colour follows the payload's status. */
        color: colorText.optional(),
      })
      .strict()
      .optional(),
    /** Run a bot command, audited with the recipe as the requester; its answer goes to `channel` (default: ops). */
    command: z
      .union([
        z.string().min(1),
        z
          .object({
            run: z.string().min(1),
            channel: z.string().min(1).optional(),
            /** A destructive command (dismiss, update, restore…) runs only when this is declared (no proposal). */
            destructive: z.boolean().optional(),
          })
          .strict(),
      ])
      .optional(),
    /** Forward the raw payload to another URL (POST, same content type). */
    forward: z.object({ url: z.string().url() }).strict().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const n = [a.post, a.command, a.forward].filter((x) => x !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an action is exactly one of post, command or forward' });
  });

export const recipeSchema = z
  .object({
    name,
    when: z
      .object({
        source: z.enum(RECIPE_SOURCES),
        /** Only requests to this hook (default: any hook of the source). */
        hook: z.string().optional(),
        /** Event name(s): GitLab object_kind (pipeline, job, push, tag_push, merge_request, deployment), GitHub X-GitHub-Event, Nextcloud file.created…, Summoner minion.summoned… */
        event: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
        /** field.path: value, or a list of values (any); `*` in a string matches anything. */
        filter: z.record(z.string(), z.union([scalar, z.array(scalar).min(1)])).default({}),
      })
      .strict(),
    then: z.array(actionSchema).min(1),
    /** Recipes are tried in order and every matching one acts; `stop: true` ends the chain here (later recipes, the built-in and `otherwise` do not act). */
    stop: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    r.then.forEach((a, i) => {
      const templates: [string, string][] = [];
      if (a.post) {
        templates.push(['post.template', a.post.template], ['post.channel', a.post.channel]);
        if (a.post.color) templates.push(['post.color', a.post.color]);
      }
      if (a.command) templates.push(['command', typeof a.command === 'string' ? a.command : a.command.run]);
      for (const [key, t] of templates) {
        const problem = templateProblem(t);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['then', i, ...key.split('.')], message: `recipe ${r.name}: ${problem}` });
      }
    });
  });

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeAction = z.infer<typeof actionSchema>;

/** Why a template cannot be used, or undefined. Raw output ({{{x}}}, {{&x}}) would bypass the escaping. */
export function templateProblem(t: string): string | undefined {
  let spans: unknown[];
  try {
    spans = Mustache.parse(t) as unknown[];
  } catch (e) {
    return `the template does not parse: ${(e as Error).message}`;
  }
  const raw = (list: unknown[]): boolean =>
    list.some((s) => Array.isArray(s) && (s[0] === '&' || s[0] === '{' || (Array.isArray(s[4]) && raw(s[4] as unknown[]))));
  return raw(spans) ? 'raw output ({{{…}}} or {{&…}}) is not allowed: values are always escaped' : undefined;
}

/** One event as recipes see it: where it came from and its payload. */
export interface IncomingEvent {
  source: RecipeSource;
  hook: string;
  event: string;
  deliveryId: string;
  payload: unknown;
  /** The raw body, for forward actions. */
  raw?: Buffer;
  /** How the sender proved itself (src/notify/webhooks/verify.ts); none for Summoner's own events. */
  authenticatedBy?: 'signature' | 'token';
  contentType?: string;
}

export type PlannedAction =
  | { kind: 'post'; channel: string; out: Outbound }
  | { kind: 'command'; channel: string; text: string; verb: string; destructive: boolean }
  | { kind: 'forward'; url: string; body: string; contentType: string };

export function valueAt(obj: unknown, dotted: string): unknown {
  let v = obj;
  for (const k of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function matchesOne(actual: unknown, expected: string | number | boolean): boolean {
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  const a = String(actual);
  const e = String(expected);
  if (!e.includes('*')) return a === e;
  const re = new RegExp(`^${e.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(a);
}

export function matches(r: Recipe, e: IncomingEvent): boolean {
  const w = r.when;
  if (w.source !== e.source) return false;
  if (w.hook && w.hook !== e.hook) return false;
  if (w.event && !(Array.isArray(w.event) ? w.event : [w.event]).includes(e.event)) return false;
  for (const [path, want] of Object.entries(w.filter)) {
    const actual = valueAt(e.payload, path);
    const list = Array.isArray(want) ? want : [want];
    if (!list.some((x) => matchesOne(actual, x))) return false;
  }
  return true;
}

export { escapeMarkdown } from '../robot/markdown.js';
export { plainText } from './plain.js';

/** A channel name from a payload must stay one plain word. */
function escapeChannelWord(v: unknown): string {
  const s = String(v);
  if (!/^[A-Za-z0-9._:/@+-]{1,200}$/.test(s)) throw new RecipeError(`the value ${JSON.stringify(s.slice(0, 40))} is not a plain word; not used as a channel`);
  return s;
}

/**
 * A value spliced into a bot command goes in as ONE quoted token: the parser never reads a quoted token as a
 * flag or as more than one word, so a release tag `--force` is the version "--force" (refused), never the flag.
 */
export function escapeCommandValue(v: unknown): string {
  const s = String(v);
  if (s.length === 0 || s.length > 200 || /[\u0000-\u001f\u007f"']/u.test(s)) {
    throw new RecipeError(`the value ${JSON.stringify(s.slice(0, 40))} cannot be one argument of a command (empty, too long, quotes or control characters); not put into a command`);
  }
  return `"${s}"`;
}

/** A recipe cannot be applied to an event: a SummonerError coded notify.recipe_invalid (the one error class). */
export class RecipeError extends SummonerError<'notify.recipe_invalid'> {
  constructor(message: string) {
    super('notify.recipe_invalid', message);
  }
}

/** The verb a command action's template starts with: the one command it may run (checked at load and at every run). */
export function declaredVerb(template: string): string {
  return (template.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

const STATUS_PATHS = [
  'object_attributes.status', // GitLab pipeline, merge request state is elsewhere
  'build_status', // GitLab job
  'status', // GitLab deployment
  'workflow_run.conclusion',
  'workflow_job.conclusion',
  'check_run.conclusion',
  'check_suite.conclusion',
  'deployment_status.state',
  'state', // GitHub status event
  'type', // Summoner's events
];

/** Colour by status: green for success; red for failure, timed out, startup failure; grey when cancelled; none while running. */
export function statusColor(payload: unknown): string | undefined {
  for (const p of STATUS_PATHS) {
    const v = valueAt(payload, p);
    if (typeof v !== 'string') continue;
    const s = v.toLowerCase();
    const c = outcomeColor(s);
    if (c) return c;
    // Summoner's event types (backup.done, cert.expiring…)
    if (/(^|\.)(done|issued|renewed|summoned|recovered)$/.test(s)) return 'good';
    if (/(^|\.)(failed|failing|unhealthy|missed|low|dead_letter)$/.test(s)) return 'danger';
    if (/(^|\.)(expiring|dismissed)$/.test(s)) return 'warning';
  }
  return undefined;
}

/** A URL-named field's value (url, html_url, href, link…) as a template sees it: usable as a link destination. */
class TemplateUrl {
  constructor(readonly href: string) {}
  toString(): string {
    return this.href;
  }
}
// generatorURL, silenceURL: Alertmanager's and Grafana's names
const URL_KEY = /(^|_)(url|href|link)$|Url$|URL$/;

/**
 * The payload as templates see it: the http(s) values of URL-named keys are marked as URLs, everything else
 * stays plain text. Marked lazily, as a template reads them (a proxy per object read): GitHub's payloads carry
 * hundreds of keys and a template reads a handful; copying the whole payload per event was most of `plan`.
 */
function urlView(v: unknown, key = '', depth = 0): unknown {
  if (typeof v === 'string') {
    const href = URL_KEY.test(key) ? safeUrl(v) : undefined;
    return href ? new TemplateUrl(href) : v;
  }
  if (depth > 20 || v === null || typeof v !== 'object' || v instanceof TemplateUrl) return v;
  // a proxy must return a frozen object's own values as they are: such (rare) objects are copied instead
  if (Object.isFrozen(v)) return Array.isArray(v) ? v.map((x) => urlView(x, key, depth + 1)) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, urlView(x, k, depth + 1)]));
  const array = Array.isArray(v);
  return new Proxy(v, {
    get(target, k, receiver) {
      const x: unknown = Reflect.get(target, k, receiver);
      // array items take their array's key (`urls: [...]`); inherited members (length, map) stay as they are
      return typeof k === 'string' && Object.hasOwn(target, k) ? urlView(x, array ? key : k, depth + 1) : x;
    },
  });
}

/** The escape of every `{{value}}`: a marked URL as is, anything else as plain text (src/notify/plain.ts). */
export function templateValue(v: unknown): string {
  return v instanceof TemplateUrl ? v.href : plainText(v);
}

/**
 * The template's view: the payload, plus what a recipe often needs (event, hook, branch and tag from a ref).
 * The payload's own keys win (Nextcloud's payload has an `event` object); `summoner.*` always has ours.
 */
export function viewOf(e: IncomingEvent): Record<string, unknown> {
  const p = e.payload && typeof e.payload === 'object' && !Array.isArray(e.payload) ? (e.payload as Record<string, unknown>) : { value: e.payload };
  const ref = typeof p['ref'] === 'string' ? p['ref'] : undefined;
  return urlView({
    branch: ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
    tag: ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
    event: e.event,
    hook: e.hook,
    source: e.source,
    delivery: e.deliveryId,
    ...p,
    summoner: { event: e.event, hook: e.hook, source: e.source, delivery: e.deliveryId },
  }) as Record<string, unknown>;
}

const render = (t: string, view: Record<string, unknown>, escape: (v: unknown) => string) => Mustache.render(t, view, undefined, { escape });

/** The actions a recipe asks for on this event (rendered now, delivered later by the outbox). */
export function plan(r: Recipe, e: IncomingEvent, defaults: { channel: string }): PlannedAction[] {
  const view = viewOf(e);
  return r.then.map((a): PlannedAction => {
    if (a.post) {
      // a colour template renders to a word Mattermost draws (good, warning, danger, #hex) or to none
      const color = a.post.color ? normaliseColor(render(a.post.color, view, (v) => String(v))) : statusColor(e.payload);
      const text = render(a.post.template, view, templateValue).slice(0, 16_000);
      return { kind: 'post', channel: render(a.post.channel, view, escapeChannelWord), out: { text, ...(color ? { color } : {}) } };
    }
    if (a.command) {
      const c = typeof a.command === 'string' ? { run: a.command } : a.command;
      return { kind: 'command', channel: c.channel ?? defaults.channel, text: render(c.run, view, escapeCommandValue).trim(), verb: declaredVerb(c.run), destructive: c.destructive === true };
    }
    const f = a.forward!;
    return { kind: 'forward', url: f.url, body: e.raw ? e.raw.toString('utf8') : JSON.stringify(e.payload), contentType: e.contentType ?? 'application/json' };
  });
}
