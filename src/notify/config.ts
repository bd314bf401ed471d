// The notification center's config: hooks (one HTTP route each), recipes, limits. Strict like the rest: a
// recipe naming a hook that does not exist, or of another source, is refused at start with its name.
import { z } from 'zod';
import { recipeSchema, type Recipe } from './recipes.js';
import { SOURCES } from './webhooks/verify.js';

export const hookSchema = z
  .object({
    /** gitlab (X-Gitlab-Token), github (X-Hub-Signature-256), nextcloud or generic (HMAC header or bearer token). */
    source: z.enum(SOURCES as [string, ...string[]]).transform((s) => s as (typeof SOURCES)[number]),
    /** The environment variable holding the hook's secret (never the secret itself: the file is not secret). */
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as SUMMONER_HOOK_GITHUB'),
    /** Token bucket: sustained requests per second and the burst allowed on top. */
    ratePerSecond: z.number().positive().default(500),
    burst: z.number().int().positive().default(2000),
    /** Where this hook's built-in posts (and the generic form) go; default channels.ops. */
    channel: z.string().min(1).optional(),
    /** The built-in recipes of the source: on (default), off, or on except for some events (e.g. [status, check_run]). */
    builtins: z.union([z.boolean(), z.object({ except: z.array(z.string().min(1)).min(1) }).strict()]).default(true),
    /** What happens to an event nothing acted on: counted and dropped, or posted in a short generic form (default: see defaultOtherwise). */
    otherwise: z.enum(['drop', 'generic']).optional(),
  })
  .strict();

/**
 * `otherwise` when the hook does not say. Nextcloud's listeners and generic tools (monitors, alerting, registries)
 * send only the events someone registered for, and have few or no built-ins: such a hook that no recipe listens
 * to posts each event in the generic form, so a hook alone already says something. Once a recipe listens to it,
 * the recipes choose (a filter on failures means the successes are not wanted). GitHub, GitLab and Gitea can
 * send every event of a repository (stars, forks, wiki edits…): counted and dropped.
 */
export function defaultOtherwise(name: string, hook: z.infer<typeof hookSchema>, recipes: readonly Recipe[]): 'drop' | 'generic' {
  if (hook.source !== 'nextcloud' && hook.source !== 'generic') return 'drop';
  return recipes.some((r) => r.when.source === hook.source && (r.when.hook === undefined || r.when.hook === name)) ? 'drop' : 'generic';
}

export const notifySchema = z
  .object({
    hooks: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a hook name is a lower-case word (it is the URL path /hooks/<name>)'), hookSchema)
      .default({}),
    recipes: z.array(recipeSchema).default([]),
    /** Larger request bodies are refused with 413 before they are read. */
    maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Summoner's own events with no recipe of their own go to channels.ops. */
    defaultRecipe: z.boolean().default(true),
    /** Delivery retries per outbox entry before it is marked failed (posts are retried through 429/5xx by the adapter too). */
    maxAttempts: z.number().int().min(1).max(1000).default(20),
    /** Channels (or forward URLs) delivered to at once; each keeps its own order. */
    deliveryConcurrency: z.number().int().min(1).max(256).default(2),
    /** When posts to a channel pile up (a burst, Mattermost rate-limiting), up to this many go out as one post. 1: never. */
    coalesce: z.number().int().min(1).max(100).default(20),
    /**
     * Free space of the data, database and backup roots (and /var/lib/docker): `disk.low` once when a
     * filesystem is warnPercent full, `disk.recovered` once when it is back under clearPercent.
     */
    disk: z
      .object({ warnPercent: z.number().min(1).max(100).default(90), clearPercent: z.number().min(0).max(100).default(85), cron: z.string().default('*/5 * * * *') })
      .strict()
      .refine((d) => d.clearPercent < d.warnPercent, { message: 'disk.clearPercent must be below disk.warnPercent (the recovery mark is lower than the alarm)' })
      .default({}),
    /** Webhook events arriving within this many ms are stored in one commit (0: those read in one event-loop turn, without waiting). */
    acceptWindowMs: z.number().int().min(0).max(100).default(2),
  })
  .strict()
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.recipes.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['recipes', i, 'name'], message: `recipe ${r.name}: the name is used twice` });
      seen.add(r.name);
      const hook = r.when.hook;
      if (hook !== undefined) {
        const h = n.hooks[hook];
        if (!h) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['recipes', i, 'when', 'hook'], message: `recipe ${r.name}: no hook named ${hook} under notify.hooks` });
        else if (h.source !== r.when.source)
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['recipes', i, 'when', 'source'], message: `recipe ${r.name}: hook ${hook} is a ${h.source} hook, not ${r.when.source}` });
      }
    });
  })
  .transform((n) => ({
    ...n,
    hooks: Object.fromEntries(Object.entries(n.hooks).map(([name, h]) => [name, { ...h, otherwise: h.otherwise ?? defaultOtherwise(name, h, n.recipes) }])),
  }));

export type NotifyConfig = z.infer<typeof notifySchema>;
export type HookConfig = NotifyConfig['hooks'][string];
export const NOTIFY_DEFAULTS: NotifyConfig = notifySchema.parse({});
